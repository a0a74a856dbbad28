package org.dxguard.rules.internal;

import java.util.regex.Pattern;

/**
 * Whether a code is well formed for its system (also CPT, HCPCS Level II and ICD-10-PCS procedure codes): SNOMED CT
 * identifiers (6-18 digits, Verhoeff check digit, partition
 * 00/01/02/10/11/12), LOINC codes (digits, dash, mod-10 check digit), ICD-10 codes (letter, two characters, an
 * optional dot and up to four more; national clinical editions add digits; {@code *} for "and every code below"
 * and {@code A00-B99} for a range of categories), RxNorm RXCUIs (digits). Returns the reason, or null when fine.
 */
public final class CodeFormats {
    private static final Pattern ICD = Pattern.compile("[A-Z][0-9][0-9A-Z](\\.?[0-9A-Z]{1,4})?\\*?");
    private static final Pattern ICD_CATEGORY = Pattern.compile("[A-Z][0-9][0-9A-Z]");
    private static final Pattern LOINC = Pattern.compile("[0-9]{1,7}-[0-9]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final int[][] D = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] P = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    private CodeFormats() {}

    /** @param system SNOMED, ICD10, LOINC, RXNORM or TEXT (as {@code Terminology.shortSystem}) */
    public static String problem(String system, String code) {
        String c = code.strip();
        switch (system) {
            case "SNOMED" -> {
                String s = c.startsWith("<<") ? c.substring(2).strip() : c;
                if (!s.matches("[0-9]{6,18}")) {
                    return "a SNOMED CT identifier has 6 to 18 digits ('<<' before it means: and its descendants)";
                }
                if (s.charAt(0) == '0') {
                    return "a SNOMED CT identifier does not start with 0";
                }
                String partition = s.substring(s.length() - 3, s.length() - 1);
                if (!partition.matches("0[0-2]|1[0-2]")) {
                    return "partition digits " + partition + " are not those of a SNOMED CT concept or description";
                }
                if (!verhoeff(s)) {
                    return "the Verhoeff check digit of this SNOMED CT identifier is wrong (a typing error?)";
                }
                return null;
            }
            case "ICD10" -> {
                String u = c.toUpperCase(java.util.Locale.ROOT);
                int dash = u.indexOf('-');
                if (dash > 0) {
                    String a = u.substring(0, dash);
                    String b = u.substring(dash + 1);
                    if (!ICD_CATEGORY.matcher(a).matches() || !ICD_CATEGORY.matcher(b).matches() || a.compareTo(b) > 0) {
                        return "an ICD-10 range is two 3-character categories in order, e.g. K70-K77";
                    }
                    return null;
                }
                return ICD.matcher(u).matches() ? null
                    : "an ICD-10 code is a letter, two characters, then an optional dot and up to four more (e.g. E11.9, "
                        + "N18.3*, E11.900)";
            }
            case "LOINC" -> {
                if (!LOINC.matcher(c).matches()) {
                    return "a LOINC code is digits, a dash and a check digit (e.g. 2345-7)";
                }
                return loincCheck(c) ? null : "the check digit of this LOINC code is wrong (a typing error?)";
            }
            case "CPT" -> {
                return c.matches("[0-9]{4}[0-9FTU]") ? null
                    : "a CPT code is five characters: four digits and a digit, F, T or U (e.g. 90935)";
            }
            case "HCPCS" -> {
                return c.matches("[A-V][0-9]{4}") ? null : "an HCPCS Level II code is a letter and four digits (G0257)";
            }
            case "ICD10PCS" -> {
                return c.matches("[0-9A-HJ-NP-Z]{7}|[0-9A-HJ-NP-Z]{1,6}\\*") ? null
                    : "an ICD-10-PCS code is seven digits or letters other than I and O (5A1D70Z); a prefix ends in * "
                        + "(5A1D*)";
            }
            case "RXNORM" -> {
                return DIGITS.matcher(c).matches() ? null : "an RxNorm RXCUI is digits only";
            }
            default -> {
                return c.isEmpty() ? "empty code" : null;
            }
        }
    }

    static boolean verhoeff(String digits) {
        int c = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            c = D[c][P[i % 8][d]];
        }
        return c == 0;
    }

    /** LOINC's mod-10 check digit (Luhn over the digits before the dash, starting from the right with doubling). */
    static boolean loincCheck(String code) {
        String body = code.substring(0, code.indexOf('-'));
        int check = code.charAt(code.length() - 1) - '0';
        int sum = 0;
        boolean dbl = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return (10 - sum % 10) % 10 == check;
    }
}
