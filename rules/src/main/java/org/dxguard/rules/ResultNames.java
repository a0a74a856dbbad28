package org.dxguard.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.dxguard.model.Code;

/**
 * Names of measured results (vital signs and labs) in a clinician's language, by LOINC code, for showing a record's
 * value on a card (issue 20): the first Chinese name of the result kind whose {@code loinc} list holds the code, from
 * the packaged {@code guidelines/terminology/result-kinds.csv} (the veto's table of result kinds: 体温, 心率, 白细胞计数
 * …). A code the table does not list has no name here; the card then shows the record's display as sent, marked as
 * having no Chinese name (never a machine translation). Immutable and thread-safe.
 */
public final class ResultNames {
    private static final String RESOURCE = "/org/dxguard/rules/veto/reference/result-kinds.csv";
    private static volatile ResultNames packaged;

    /** {@code lang|loinc} → name. */
    private final Map<String, String> names;

    private ResultNames(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    /** The names of the packaged table (read once). */
    public static ResultNames packaged() {
        ResultNames p = packaged;
        if (p == null) {
            try (InputStream in = ResultNames.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath; rebuild the rules module");
                }
                p = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            packaged = p;
        }
        return p;
    }

    /** The names of a {@code result-kinds.csv} text ({@code loinc} and {@code names_zh} columns). */
    public static ResultNames parse(String csv) {
        Map<String, String> out = new HashMap<>();
        for (Terminology.Row r : Terminology.readCsv("result-kinds.csv", csv, "kind", "loinc", "names_zh")) {
            String zh = r.opt("names_zh").split("\\|")[0].strip();
            if (zh.isEmpty() || r.opt("loinc").isEmpty()) {
                continue;
            }
            for (String loinc : r.opt("loinc").split("\\|")) {
                out.putIfAbsent("zh|" + loinc.strip(), zh);
            }
        }
        return new ResultNames(out);
    }

    /**
     * The name of a measured result's code in {@code lang} (a BCP 47 tag; its language counts); null for English (the
     * record's display is the name), for a code that is not LOINC, and for a LOINC code the table does not list.
     */
    public String name(Code code, String lang) {
        if (code == null || lang == null || !"LOINC".equals(Terminology.shortSystem(code.system()))) {
            return null;
        }
        String language = Locale.forLanguageTag(lang.replace('_', '-')).getLanguage();
        return names.get(language + "|" + code.code().strip());
    }
}
