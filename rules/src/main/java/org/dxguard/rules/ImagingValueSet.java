package org.dxguard.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;

/**
 * Which ordered studies give iodinated contrast ({@code guidelines/terminology/imaging.csv}, issue 16): a study
 * whose code is listed ({@code kind=code}, {@code value=<system>|<code>}), or whose text names a modality that uses
 * iodinated contrast ({@code kind=modality}: CT, angiography, 增强CT …) and contrast ({@code kind=contrast}) once
 * the phrases that say "no contrast" ({@code kind=no-contrast}: "without contrast", "WO contr", 平扫 …) are taken
 * out ("CT abdomen without contrast followed by contrast" still gives contrast), and no modality whose contrast is
 * not iodinated ({@code kind=not-iodinated}: MRI, ultrasound). Matching is case-insensitive, on whole words for
 * Latin letters ("ct" is not found in "contract"; "增强CT" contains "ct").
 * Package-private; read through {@link Terminology#iodinatedContrastStudy}.
 */
record ImagingValueSet(Set<String> codes, List<String> modalities, List<String> contrast, List<String> noContrast,
                       List<String> notIodinated) {
    static final ImagingValueSet EMPTY = new ImagingValueSet(Set.of(), List.of(), List.of(), List.of(), List.of());

    static ImagingValueSet parse(List<Terminology.Row> rows) {
        Set<String> codes = new HashSet<>();
        List<String> modalities = new ArrayList<>();
        List<String> contrast = new ArrayList<>();
        List<String> noContrast = new ArrayList<>();
        List<String> notIodinated = new ArrayList<>();
        for (Terminology.Row r : rows) {
            String value = r.req("value");
            switch (r.req("kind")) {
                case "code" -> {
                    int bar = value.indexOf('|');
                    if (bar <= 0 || bar == value.length() - 1) {
                        throw r.error("a code row's value is <system>|<code>, was '" + value + "'");
                    }
                    codes.add(key(value.substring(0, bar), value.substring(bar + 1)));
                }
                case "modality" -> modalities.add(lower(value));
                case "contrast" -> contrast.add(lower(value));
                case "no-contrast" -> noContrast.add(lower(value));
                case "not-iodinated" -> notIodinated.add(lower(value));
                default -> throw r.error("kind is one of code, modality, contrast, no-contrast, not-iodinated; was '"
                    + r.opt("kind") + "'");
            }
        }
        noContrast.sort((a, b) -> b.length() - a.length()); // longest first: "without contrast" before "wo contr"
        return new ImagingValueSet(Set.copyOf(codes), List.copyOf(modalities), List.copyOf(contrast),
            List.copyOf(noContrast), List.copyOf(notIodinated));
    }

    /** The code or phrase that makes this order an iodinated contrast study, or null. */
    String match(List<Code> orderCodes, String text) {
        for (Code c : orderCodes) {
            if (c.system() != null && codes.contains(key(c.system(), c.code()))) {
                return c.code();
            }
        }
        List<String> texts = new ArrayList<>();
        if (text != null) {
            texts.add(text);
        }
        orderCodes.stream().map(Code::display).filter(d -> d != null && !d.isBlank()).forEach(texts::add);
        for (String t : texts) {
            String s = lower(t);
            if (notIodinated.stream().anyMatch(w -> word(w).matcher(s).find())
                || modalities.stream().noneMatch(w -> word(w).matcher(s).find())) {
                continue;
            }
            String rest = s;
            for (String no : noContrast) {
                rest = word(no).matcher(rest).replaceAll(" ");
            }
            String left = rest;
            String hit = contrast.stream().filter(w -> word(w).matcher(left).find()).findFirst().orElse(null);
            if (hit != null) {
                return t.strip();
            }
        }
        return null;
    }

    /** The phrase as a whole word where it begins or ends with a Latin letter or digit (CJK: anywhere). */
    private static java.util.regex.Pattern word(String phrase) {
        boolean latinStart = isLatin(phrase.charAt(0));
        boolean latinEnd = isLatin(phrase.charAt(phrase.length() - 1));
        return java.util.regex.Pattern.compile((latinStart ? "(?<![a-z0-9])" : "")
            + java.util.regex.Pattern.quote(phrase) + (latinEnd ? "(?![a-z0-9])" : ""));
    }

    private static boolean isLatin(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String key(String system, String code) {
        return lower(system.strip()) + "|" + code.strip();
    }

    private static String lower(String s) {
        if (s.isEmpty()) {
            throw new DxGuardException(RuleErrors.TABLE_INVALID, "imaging.csv: empty value");
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
