package org.dxguard.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;

/**
 * A value set of ordered procedures (draft ServiceRequests), issue 16: an order whose code is listed
 * ({@code kind=code}, {@code value=<system>|<code>}), or whose text names the scope ({@code kind=modality}, alias
 * {@code scope}) and, when the set has such rows, one of the required words ({@code kind=contrast}, alias
 * {@code must}) once the negating phrases ({@code kind=no-contrast}, alias {@code strip}) are taken out, and none
 * of the excluded words ({@code kind=not-iodinated}, alias {@code not}). {@code imaging.csv}: studies that give
 * iodinated contrast (CT, angiography, 增强CT … with contrast; "without contrast", "WO contr", 平扫 stripped, so
 * "CT abdomen without contrast followed by contrast" still gives contrast; MRI and ultrasound excluded).
 * Rows of kind {@code intra-arterial-code} (a code that is also in the set), {@code intra-arterial} and
 * {@code not-intra-arterial} (phrases) say which contrast studies inject into an artery ({@link #intraArterial}).
 * {@code surgery.csv}: surgical procedures (no required words; referrals and consultations excluded). Matching is case-insensitive, on whole words for
 * Latin letters ("ct" is not found in "contract"; "增强CT" contains "ct").
 * Package-private; read through {@link Terminology#iodinatedContrastStudy} and {@link Terminology#surgicalProcedure}.
 */
record OrderValueSet(Set<String> codes, List<String> modalities, List<String> contrast, List<String> noContrast,
                       List<String> notIodinated, Set<String> arterialCodes, List<String> arterial,
                       List<String> notArterial) {
    static final OrderValueSet EMPTY = new OrderValueSet(Set.of(), List.of(), List.of(), List.of(), List.of(), Set.of(),
        List.of(), List.of());

    static OrderValueSet parse(List<Terminology.Row> rows) {
        Set<String> codes = new HashSet<>();
        List<String> modalities = new ArrayList<>();
        List<String> contrast = new ArrayList<>();
        List<String> noContrast = new ArrayList<>();
        List<String> notIodinated = new ArrayList<>();
        Set<String> arterialCodes = new HashSet<>();
        List<String> arterial = new ArrayList<>();
        List<String> notArterial = new ArrayList<>();
        for (Terminology.Row r : rows) {
            String value = r.req("value");
            switch (r.req("kind")) {
                case "code", "intra-arterial-code" -> {
                    int bar = value.indexOf('|');
                    if (bar <= 0 || bar == value.length() - 1) {
                        throw r.error("a code row's value is <system>|<code>, was '" + value + "'");
                    }
                    codes.add(key(value.substring(0, bar), value.substring(bar + 1)));
                    if (r.req("kind").equals("intra-arterial-code")) {
                        arterialCodes.add(key(value.substring(0, bar), value.substring(bar + 1)));
                    }
                }
                case "intra-arterial" -> arterial.add(lower(value));
                case "not-intra-arterial" -> notArterial.add(lower(value));
                case "modality", "scope" -> modalities.add(lower(value));
                case "contrast", "must" -> contrast.add(lower(value));
                case "no-contrast", "strip" -> noContrast.add(lower(value));
                case "not-iodinated", "not" -> notIodinated.add(lower(value));
                default -> throw r.error("kind is one of code, modality (scope), contrast (must), no-contrast (strip), "
                    + "not-iodinated (not), intra-arterial-code, intra-arterial, not-intra-arterial; was '"
                    + r.opt("kind") + "'");
            }
        }
        noContrast.sort((a, b) -> b.length() - a.length()); // longest first: "without contrast" before "wo contr"
        return new OrderValueSet(Set.copyOf(codes), List.copyOf(modalities), List.copyOf(contrast),
            List.copyOf(noContrast), List.copyOf(notIodinated), Set.copyOf(arterialCodes), List.copyOf(arterial),
            List.copyOf(notArterial));
    }

    /**
     * Whether a study of this set gives its contrast into an artery ({@code intra-arterial-code} rows, or an
     * {@code intra-arterial} phrase in its text and no {@code not-intra-arterial} phrase: "coronary angiography" is,
     * "CT coronary angiography" is not). Only asked for an order that {@link #match} already put in the set.
     */
    boolean intraArterial(List<Code> orderCodes, String text) {
        for (Code c : orderCodes) {
            if (c.system() != null && arterialCodes.contains(key(c.system(), c.code()))) {
                return true;
            }
        }
        for (String t : texts(orderCodes, text)) {
            String s = lower(t);
            if (arterial.stream().anyMatch(w -> word(w).matcher(s).find())
                && notArterial.stream().noneMatch(w -> word(w).matcher(s).find())) {
                return true;
            }
        }
        return false;
    }

    /** The code or text that puts this order in the set, or null. */
    String match(List<Code> orderCodes, String text) {
        for (Code c : orderCodes) {
            if (c.system() != null && codes.contains(key(c.system(), c.code()))) {
                return c.code();
            }
        }
        for (String t : texts(orderCodes, text)) {
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
            String hit = contrast.isEmpty() ? t : contrast.stream().filter(w -> word(w).matcher(left).find())
                .findFirst().orElse(null);
            if (hit != null) {
                return t.strip();
            }
        }
        return null;
    }

    /** The texts an order is read by: its text, then its codes' displays. */
    private static List<String> texts(List<Code> orderCodes, String text) {
        List<String> texts = new ArrayList<>();
        if (text != null) {
            texts.add(text);
        }
        orderCodes.stream().map(Code::display).filter(d -> d != null && !d.isBlank()).forEach(texts::add);
        return texts;
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
            throw new DxGuardException(RuleErrors.TABLE_INVALID, "imaging.csv / surgery.csv: empty value");
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
