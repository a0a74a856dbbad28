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

    /** Lower-cases and unifies common spellings: {@code [iU]}, {@code IU}, {@code U} → {@code units}. */
    public static String normalise(String unit) {
        String u = unit.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "[iu]", "iu", "u", "unit", "units", "[u]" -> "units";
            case "milligram", "milligrams" -> "mg";
            case "gram", "grams" -> "g";
            case "microgram", "micrograms", "ug", "µg", "mcg" -> "mcg";
            case "umol/l", "µmol/l", "micromol/l" -> "umol/L";
            case "mg/dl" -> "mg/dL";
            case "mmol/l" -> "mmol/L";
            case "ml/min/{1.73_m2}", "ml/min/1.73m2", "ml/min/1.73 m2", "ml/min/{1.73_m2}/", "ml/min/1.73m^2" ->
                "mL/min/{1.73_m2}";
            default -> u;
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
