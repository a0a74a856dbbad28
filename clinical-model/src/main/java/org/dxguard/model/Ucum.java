package org.dxguard.model;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of UCUM (unitsofmeasure.org) that lab results the rules read are reported in: mass and substance
 * concentrations with SI prefixes ({@code mg/dL}, {@code g/L}, {@code umol/L}, {@code mmol/L}, {@code mEq/L}),
 * fractions ({@code %}, {@code mmol/mol}), eGFR flows per body surface ({@code mL/min/{1.73_m2}},
 * {@code mL/s/{1.73_m2}}) and ratios ({@code mg/g}, {@code mg/mmol}). Common non-UCUM spellings (µ, mcg, dl,
 * {@code 1.73m2}) are read too, and enzyme activities ({@code U/L}, {@code [IU]/L}, {@code ukat/L}). A unit outside this subset is not guessed at: {@link #parse} returns empty.
 *
 * <p>Mass ↔ substance conversion needs the analyte's molar mass (g/mol), which is data
 * ({@code guidelines/terminology/lab-kinds.csv}), never a constant here.
 */
public final class Ucum {
    /** What a unit measures. */
    public enum Dimension {
        /** mass per volume; base g/L */
        MASS_CONCENTRATION,
        /** amount of substance per volume; base mol/L */
        SUBSTANCE_CONCENTRATION,
        /** mass fraction; base 1 (so {@code %} = 0.01) */
        MASS_FRACTION,
        /** amount-of-substance fraction; base mol/mol */
        SUBSTANCE_FRACTION,
        /** volume flow per 1.73 m² body surface; base mL/min/{1.73_m2} */
        FLOW_PER_BSA,
        /** mass of analyte per mass of creatinine; base g/g */
        MASS_RATIO,
        /** mass of analyte per amount of creatinine; base g/mol */
        MASS_PER_SUBSTANCE,
        /** enzyme activity per volume (ALT); base U/L, i.e. umol/min per litre (issue 16) */
        CATALYTIC_CONCENTRATION
    }

    /** A parsed unit: its dimension and the factor that turns one of it into the dimension's base unit. */
    public record Unit(String text, Dimension dimension, double factor) {}

    // the denominator's prefix is matched reluctantly: matched greedily, "mmol" split as prefix "mmo" + "l" and
    // mg/mmol (UACR in SI units) was not understood (issue 16)
    private static final Pattern RATIO = Pattern.compile("^([a-zµμ]*)(g|mol|eq)/([0-9.]*)([a-zµμ]*?)(l|g|mol)$");
    private static final Pattern FLOW = Pattern.compile(
        "^ml/(min|s)/?(\\{1\\.73_?m2}|1\\.73_?m\\^?2|1\\.73m2|\\(1\\.73_?m2\\))$");

    private Ucum() {}

    /** Parses a unit of the supported subset; empty when it is blank or not understood. */
    public static Optional<Unit> parse(String unit) {
        if (unit == null || unit.isBlank()) {
            return Optional.empty();
        }
        // the same few unit spellings come with every lab result: each is parsed once (bounded, as units are
        // request text; issue 21)
        Optional<Unit> known = PARSED.get(unit);
        if (known != null) {
            return known;
        }
        Optional<Unit> parsed = parseUncached(unit);
        if (PARSED.size() >= 4096) {
            PARSED.clear();
        }
        PARSED.put(unit, parsed);
        return parsed;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Optional<Unit>> PARSED =
        new java.util.concurrent.ConcurrentHashMap<>();

    private static Optional<Unit> parseUncached(String unit) {
        String u = unit.strip().replace(" ", "").replace("μ", "u").replace("µ", "u").toLowerCase(Locale.ROOT)
            .replace("mcg", "ug").replace("[meq]", "meq");
        switch (u) {
            case "%", "{percent}", "percent" -> {
                return Optional.of(new Unit(unit, Dimension.MASS_FRACTION, 0.01));
            }
            case "mmol/mol" -> {
                return Optional.of(new Unit(unit, Dimension.SUBSTANCE_FRACTION, 0.001));
            }
            // enzyme activity (issue 16, ALT): U = umol/min; the international unit of an enzyme ([IU], IU) is the
            // same umol/min by its IUB 1961 definition; 1 ukat = 1 umol/s = 60 U
            case "u/l", "iu/l", "[iu]/l" -> {
                return Optional.of(new Unit(unit, Dimension.CATALYTIC_CONCENTRATION, 1.0));
            }
            case "ukat/l" -> {
                return Optional.of(new Unit(unit, Dimension.CATALYTIC_CONCENTRATION, 60.0));
            }
            default -> { }
        }
        Matcher f = FLOW.matcher(u);
        if (f.matches()) {
            return Optional.of(new Unit(unit, Dimension.FLOW_PER_BSA, f.group(1).equals("s") ? 60.0 : 1.0));
        }
        Matcher m = RATIO.matcher(u);
        if (!m.matches()) {
            return Optional.empty();
        }
        Double num = prefix(m.group(1));
        Double den = prefix(m.group(4));
        double count = m.group(3).isEmpty() ? 1.0 : parseCount(m.group(3));
        if (num == null || den == null || !(count > 0)) {
            return Optional.empty();
        }
        String top = m.group(2);
        String bottom = m.group(5);
        double factor = num / (den * count);
        Dimension d;
        if (bottom.equals("l")) {
            d = top.equals("g") ? Dimension.MASS_CONCENTRATION : Dimension.SUBSTANCE_CONCENTRATION;
        } else if (bottom.equals("g") && top.equals("g")) {
            d = Dimension.MASS_RATIO;
        } else if (bottom.equals("mol") && top.equals("g")) {
            d = Dimension.MASS_PER_SUBSTANCE;
        } else {
            return Optional.empty();
        }
        // mEq of a monovalent ion (potassium, sodium) is one mmol; other charges are not supported here
        return Optional.of(new Unit(unit, d, factor));
    }

    /**
     * Converts {@code value} from one unit to another of the same dimension, or between mass and substance
     * concentration with {@code molarMass} (g/mol; NaN when not known, which refuses that conversion).
     */
    public static OptionalDouble convert(double value, String from, String to, double molarMass) {
        Optional<Unit> a = parse(from);
        Optional<Unit> b = parse(to);
        if (a.isEmpty() || b.isEmpty()) {
            return OptionalDouble.empty();
        }
        return convert(value, a.get(), b.get(), molarMass);
    }

    public static OptionalDouble convert(double value, Unit from, Unit to, double molarMass) {
        double base = value * from.factor();
        if (from.dimension() != to.dimension()) {
            if (!(molarMass > 0)) {
                return OptionalDouble.empty();
            }
            if (from.dimension() == Dimension.SUBSTANCE_CONCENTRATION && to.dimension() == Dimension.MASS_CONCENTRATION) {
                base = base * molarMass;
            } else if (from.dimension() == Dimension.MASS_CONCENTRATION
                && to.dimension() == Dimension.SUBSTANCE_CONCENTRATION) {
                base = base / molarMass;
            } else if (from.dimension() == Dimension.MASS_PER_SUBSTANCE && to.dimension() == Dimension.MASS_RATIO) {
                base = base / molarMass;
            } else if (from.dimension() == Dimension.MASS_RATIO && to.dimension() == Dimension.MASS_PER_SUBSTANCE) {
                base = base * molarMass;
            } else {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.of(base / to.factor());
    }

    private static Double prefix(String p) {
        return switch (p) {
            case "" -> 1.0;
            case "k" -> 1e3;
            case "d" -> 1e-1;
            case "c" -> 1e-2;
            case "m" -> 1e-3;
            case "u" -> 1e-6;
            case "n" -> 1e-9;
            case "p" -> 1e-12;
            default -> null;
        };
    }

    private static double parseCount(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
