package org.dxguard.service.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dxguard.model.DxGuardException;
import org.dxguard.rules.Terminology;
import org.dxguard.service.cdshooks.Coding;

/**
 * What the guideline authors say about how a rule's card is offered ({@code guidelines/cards/}): override reasons
 * per rule ({@code override-reasons.csv}) and temporary holds ({@code temporary-holds.csv}). Read once at start.
 */
public final class CardMetadata {
    public static final String OVERRIDE_SYSTEM = "urn:dxguard:override-reason";
    static final String REASONS = "override-reasons.csv";
    static final String HOLDS = "temporary-holds.csv";

    /** {@code displays}: the display in other languages, by BCP 47 tag ({@code display_zh-CN} column). */
    private record Reason(String rule, Coding coding, Map<String, String> displays) {
        Coding in(java.util.Locale locale) {
            String d = locale == null ? null : displays.get(locale.toLanguageTag());
            return d == null || d.isBlank() ? coding : new Coding(coding.system(), coding.code(), d);
        }
    }

    /** A temporary hold: the restart condition and its source; {@code restarts}: the condition in other languages. */
    public record Hold(String restart, String source, Map<String, String> restarts) {
        public Hold(String restart, String source) {
            this(restart, source, Map.of());
        }

        public Hold {
            restarts = restarts == null ? Map.of() : Map.copyOf(restarts);
        }

        /** The restart condition in {@code locale} (English when the file has none in that language). */
        public String restart(java.util.Locale locale) {
            String r = locale == null ? null : restarts.get(locale.toLanguageTag());
            return r == null || r.isBlank() ? restart : r;
        }
    }

    private final List<Reason> reasons;
    private final Map<String, Hold> holds;

    private CardMetadata(List<Reason> reasons, Map<String, Hold> holds) {
        this.reasons = List.copyOf(reasons);
        this.holds = Map.copyOf(holds);
    }

    /** The general reasons only and no holds (tests, and a service without card metadata). */
    public static CardMetadata general() {
        return parse("(built in)", "rule,code,display\n"
            + "*,benefit-outweighs-risk,Benefit outweighs risk for this patient\n"
            + "*,already-tolerating,Patient already tolerating this therapy\n"
            + "*,data-out-of-date,Lab or record data shown is out of date\n"
            + "*,specialist-advice,Following specialist advice\n"
            + "*,not-applicable,Alert does not apply to this patient\n", "rule,restart,source\n");
    }

    /** From {@code <guidelinesDir>/cards/} when it exists, else the packaged {@code guidelines/cards/}. */
    public static CardMetadata load(Path guidelinesDir) {
        if (guidelinesDir != null && Files.isDirectory(guidelinesDir.resolve("cards"))) {
            Path dir = guidelinesDir.resolve("cards");
            try {
                return parse(dir.toString(), Files.readString(dir.resolve(REASONS), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve(HOLDS), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new DxGuardException(CardErrors.CARD_METADATA_INVALID, "cannot read " + dir + "/" + REASONS
                    + " and " + HOLDS + ": " + e.getMessage(), e);
            }
        }
        return parse("guidelines/cards (packaged)", packaged(REASONS), packaged(HOLDS));
    }

    private static String packaged(String name) {
        try (InputStream in = CardMetadata.class.getClassLoader().getResourceAsStream("guidelines/cards/" + name)) {
            if (in == null) {
                throw new DxGuardException(CardErrors.CARD_METADATA_INVALID, "guidelines/cards/" + name
                    + " is missing from the classpath (guideline-loader's jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DxGuardException(CardErrors.CARD_METADATA_INVALID, "cannot read guidelines/cards/" + name, e);
        }
    }

    static CardMetadata parse(String where, String reasonsCsv, String holdsCsv) {
        try {
            List<Reason> reasons = new ArrayList<>();
            for (Terminology.Row r : Terminology.readCsv(where + "/" + REASONS, reasonsCsv, "rule", "code", "display")) {
                String rule = r.req("rule");
                String code = r.req("code");
                if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                    throw new DxGuardException(CardErrors.CARD_METADATA_INVALID, where + "/" + REASONS + ":" + r.line()
                        + ": code '" + code + "' must be lower-case words joined by hyphens");
                }
                reasons.add(new Reason(rule, new Coding(OVERRIDE_SYSTEM, code, r.req("display")),
                    localized(r, "display")));
            }
            if (reasons.stream().noneMatch(x -> x.rule().equals("*"))) {
                throw new DxGuardException(CardErrors.CARD_METADATA_INVALID, where + "/" + REASONS
                    + ": no general reasons (rule *); every card needs at least one override reason");
            }
            Map<String, Hold> holds = new LinkedHashMap<>();
            for (Terminology.Row r : Terminology.readCsv(where + "/" + HOLDS, holdsCsv, "rule", "restart", "source")) {
                holds.put(r.req("rule"), new Hold(r.req("restart"), r.req("source"), localized(r, "restart")));
            }
            return new CardMetadata(reasons, holds);
        } catch (DxGuardException e) {
            if (e.errorCode().equals(CardErrors.CARD_METADATA_INVALID)) {
                throw e;
            }
            throw new DxGuardException(CardErrors.CARD_METADATA_INVALID, e.getMessage(), e);
        }
    }

    /** The columns {@code <column>_<tag>} of a row (e.g. {@code display_zh-CN}), by canonical tag. */
    private static Map<String, String> localized(Terminology.Row r, String column) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String tag : org.dxguard.rules.Messages.SUPPORTED) {
            String v = r.opt(column + "_" + tag);
            if (v != null && !v.isBlank()) {
                out.put(tag, v);
            }
        }
        return out;
    }

    /** The reasons a card of this rule offers: its own, then its prefixes' (longest first), then the general ones. */
    public List<Coding> overrideReasons(String ruleId) {
        return overrideReasons(ruleId, java.util.Locale.ENGLISH);
    }

    /** {@link #overrideReasons(String)} with displays in {@code locale} where the file has them (codes unchanged). */
    public List<Coding> overrideReasons(String ruleId, java.util.Locale locale) {
        List<Coding> out = new ArrayList<>();
        java.util.Set<String> codes = new java.util.HashSet<>();
        reasons.stream().filter(r -> r.rule().equals(ruleId)).forEach(r -> add(out, codes, r, locale));
        reasons.stream().filter(r -> r.rule().endsWith("*") && r.rule().length() > 1
                && ruleId.startsWith(r.rule().substring(0, r.rule().length() - 1)))
            .sorted((a, b) -> b.rule().length() - a.rule().length()).forEach(r -> add(out, codes, r, locale));
        reasons.stream().filter(r -> r.rule().equals("*")).forEach(r -> add(out, codes, r, locale));
        return out;
    }

    private static void add(List<Coding> out, java.util.Set<String> codes, Reason r, java.util.Locale locale) {
        if (codes.add(r.coding().code())) {
            out.add(r.in(locale));
        }
    }

    /** The temporary hold of this rule's "stop" action, if the authors declared one. */
    public Optional<Hold> hold(String ruleId) {
        return Optional.ofNullable(holds.get(ruleId));
    }
}
