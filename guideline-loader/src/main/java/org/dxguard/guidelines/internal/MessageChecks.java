package org.dxguard.guidelines.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.guidelines.GuidelineErrors;
import org.dxguard.guidelines.PackageMetadata;
import org.dxguard.model.DxGuardException;
import org.dxguard.rules.MessageErrors;
import org.dxguard.rules.Messages;
import org.dxguard.rules.RuleSource;
import org.dxguard.rules.facts.Alerts;

/**
 * Reads a package's {@code messages.yaml} and checks it against the languages {@code package.yaml} declares and
 * against the texts its rules report: every message has every declared language, the languages use the same
 * parameters, summaries stay under 140 characters with sample parameters, every key a rule names is defined, and a
 * package declaring more than English has no rule reporting literal (English-only) text.
 */
final class MessageChecks {
    private static final String STR = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final List<Pattern> TEXT_ARGS = List.of(
        Pattern.compile("alert\\s*\\.\\s*(?:critical|warning|info)\\s*\\(\\s*" + STR),
        Pattern.compile("\\.\\s*detail\\s*\\(\\s*" + STR),
        Pattern.compile("\\.\\s*hold\\s*\\(\\s*\\$\\w+\\s*,\\s*" + STR),
        Pattern.compile("\\.\\s*orderLab\\s*\\(\\s*\"[^\"]*\"\\s*,\\s*" + STR));
    private static final Pattern RULE = Pattern.compile("(?s)\\brule\\s+\"[^\"]*\"(.*?)\\nend\\b");
    private static final Pattern RULE_ID = Pattern.compile("@ruleId\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+");

    private MessageChecks() {}

    /** The package's messages (empty without a file); problems are added to {@code problems}, prefixed by code. */
    static Messages load(String pkg, Path file, PackageMetadata meta, List<RuleSource> sources, List<String> problems) {
        String where = pkg + "/" + Loader.MESSAGES_FILE;
        List<String> languages = meta.languages().stream().map(Messages::canonical).toList();
        if (!languages.contains(Messages.EN)) {
            problems.add(MessageErrors.MESSAGE_LANGUAGE_MISSING.code() + ": " + pkg + "/" + Loader.METADATA_FILE
                + ": 'languages' " + meta.languages() + " must include en (the language every card falls back to)");
        }
        Messages messages = Messages.empty();
        if (Files.exists(file)) {
            try {
                messages = Messages.parse(where, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new DxGuardException(GuidelineErrors.IO, "cannot read " + where + ": " + e.getMessage(), e);
            } catch (DxGuardException e) {
                problems.add(e.errorCode().code() + ": " + e.reason());
                return Messages.empty();
            }
        }
        messages.check(where, languages, false).forEach(p -> problems.add(p.toString()));
        boolean multilingual = languages.stream().anyMatch(l -> !l.equals(Messages.EN));
        for (RuleSource s : sources) {
            checkRules(s, messages, multilingual, languages, problems);
        }
        return messages;
    }

    private static void checkRules(RuleSource s, Messages messages, boolean multilingual, List<String> languages,
                                   List<String> problems) {
        String text = s.text();
        Matcher rule = RULE.matcher(text);
        while (rule.find()) {
            Matcher id = RULE_ID.matcher(rule.group(1));
            String ruleId = id.find() ? id.group(1) : "?";
            for (Pattern p : TEXT_ARGS) {
                Matcher m = p.matcher(rule.group(1));
                while (m.find()) {
                    String literal = m.group(1);
                    int line = line(text, rule.start(1) + m.start(1));
                    String at = s.path() + ":" + line + ": rule " + ruleId + ": ";
                    if (messages.has(literal) || Alerts.ENGINE_MESSAGES.has(literal)) {
                        continue;
                    }
                    if (KEY_LIKE.matcher(literal).matches()) {
                        problems.add(MessageErrors.RULE_TEXT_NOT_A_MESSAGE.code() + ": " + at + "names message '"
                            + literal + "', which " + Loader.MESSAGES_FILE + " does not define");
                    } else if (multilingual) {
                        problems.add(MessageErrors.RULE_TEXT_NOT_A_MESSAGE.code() + ": " + at + "reports text that is "
                            + "not a message key, so it has no " + String.join("/", languages.stream()
                            .filter(l -> !l.equals(Messages.EN)).toList()) + " version (the package declares "
                            + languages + "): \"" + abbreviate(literal) + "\"");
                    }
                }
            }
        }
    }

    private static int line(String text, int offset) {
        int n = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 59) + "…" : s;
    }
}
