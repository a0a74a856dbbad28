package org.dxguard.model;

import java.util.Locale;
import java.util.OptionalDouble;

/** Unit spelling normalisation and the few conversions rules need. */
public final class Units {
    /** Creatinine: 1 mg/dL = 88.42 µmol/L. */
    public static final double CREATININE_UMOL_PER_MG_DL = 88.42;
    /** Glucose: 1 mmol/L = 18.016 mg/dL. */
    public static final double GLUCOSE_MG_DL_PER_MMOL_L = 18.016;

    private Units() {}

    /**
     * Lower-cases and unifies common spellings: {@code [iU]}, {@code IU}, {@code U}, {@code {unit}}, 单位 →
     * {@code units}; countable forms (UCUM annotations {@code {pill}}, {@code {tbl}}, {@code {tablet}},
     * {@code {capsule}}, {@code {puff}}…, plain words, 片/粒/丸) → {@code tablet}, {@code capsule}, {@code puff} or
     * {@code each} (see {@link #isCount}).
     */
    public static String normalise(String unit) {
        String u = unit.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        String count = countForm(lower);
        if (count != null) {
            return count;
        }
        return switch (lower) {
            case "[iu]", "iu", "u", "unit", "units", "[u]", "{unit}", "{units}", "[iu]/dose", "单位", "u/dose" -> "units";
            case "milligram", "milligrams" -> "mg";
            case "gram", "grams", "克" -> "g";
            case "microgram", "micrograms", "ug", "µg", "μg", "mcg", "微克" -> "mcg";
            case "毫克" -> "mg";
            case "ml", "毫升" -> "mL";
            case "umol/l", "µmol/l", "micromol/l" -> "umol/L";
            case "mg/dl" -> "mg/dL";
            case "mmol/l" -> "mmol/L";
            case "ml/min/{1.73_m2}", "ml/min/1.73m2", "ml/min/1.73 m2", "ml/min/{1.73_m2}/", "ml/min/1.73m^2" ->
                "mL/min/{1.73_m2}";
            default -> u;
        };
    }

    /** True for a countable dose form (after {@link #normalise}): tablet, capsule, puff, each. */
    public static boolean isCount(String unit) {
        if (unit == null) {
            return false;
        }
        String n = normalise(unit);
        return n.equals("tablet") || n.equals("capsule") || n.equals("puff") || n.equals("each");
    }

    private static String countForm(String lower) {
        String x = lower.replace("{", "").replace("}", "").replace("(s)", "").trim();
        return switch (x) {
            case "tbl", "tab", "tabs", "tablet", "tablets", "pill", "pills", "片", "丸" -> "tablet";
            case "cap", "caps", "capsule", "capsules", "粒" -> "capsule";
            case "puff", "puffs", "actuat", "actuation", "actuations", "inhalation", "揿", "喷" -> "puff";
            case "1", "each", "ea", "count", "dose", "doses", "unitdose", "item", "piece", "支", "袋" -> "each";
            default -> null;
        };
    }

    public static OptionalDouble toMilligrams(double amount, String unit) {
        return switch (normalise(unit)) {
            case "mg" -> OptionalDouble.of(amount);
            case "g" -> OptionalDouble.of(amount * 1000.0);
            case "mcg" -> OptionalDouble.of(amount / 1000.0);
            default -> OptionalDouble.empty();
        };
    }

    /** Serum creatinine in mg/dL from mg/dL or µmol/L; empty for any other unit. */
    public static OptionalDouble creatinineMgPerDl(double value, String unit) {
        if (unit == null) {
            return OptionalDouble.empty();
        }
        return switch (normalise(unit)) {
            case "mg/dL" -> OptionalDouble.of(value);
            case "umol/L" -> OptionalDouble.of(value / CREATININE_UMOL_PER_MG_DL);
            default -> OptionalDouble.empty();
        };
    }

    /** Glucose in mg/dL from mg/dL or mmol/L; empty for any other unit. */
    public static OptionalDouble glucoseMgPerDl(double value, String unit) {
        if (unit == null) {
            return OptionalDouble.empty();
        }
        return switch (normalise(unit)) {
            case "mg/dL" -> OptionalDouble.of(value);
            case "mmol/L" -> OptionalDouble.of(value * GLUCOSE_MG_DL_PER_MMOL_L);
            default -> OptionalDouble.empty();
        };
    }
}
