package org.dxguard.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.dxguard.text.internal.DataFiles;

/**
 * Measured values → findings by thresholds kept as data ({@code vital-thresholds.tsv}: fever ≥ 38.0 °C,
 * tachycardia, tachypnoea, hypoxaemia, leukocytosis …), a pure function. A rule applies only to a value in the
 * rule's unit; a value in another unit is never converted by guess (°F is converted exactly to °C).
 */
public final class Thresholds {
    /** One rule: {@code kind} (measurement id) {@code comparator} {@code limit} {@code unit} → finding. */
    public record Rule(String id, String kind, String comparator, double limit, String unit, Code finding,
                       String labelEn, String labelZh, String source) {
        public Rule {
            if (!List.of(">", ">=", "<", "<=").contains(comparator)) {
                throw new DxGuardException(TextErrors.INVALID_DATA, "threshold " + id + ": comparator must be "
                    + "> >= < <=, was " + comparator);
            }
        }

        boolean test(double v) {
            return switch (comparator) {
                case ">" -> v > limit;
                case ">=" -> v >= limit;
                case "<" -> v < limit;
                default -> v <= limit;
            };
        }
    }

    /** A finding implied by a measured value, with the rule and the measurement (for citing). */
    public record MeasuredFinding(Finding finding, Rule rule, Measurement source) {
        public MeasuredFinding {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(source, "source");
        }
    }

    private static volatile Thresholds packaged;
    private final List<Rule> rules;

    public Thresholds(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Thresholds packaged() {
        Thresholds t = packaged;
        if (t == null) {
            List<Rule> rules = new ArrayList<>();
            for (String[] r : DataFiles.packaged("vital-thresholds.tsv")) {
                if (r.length < 9) {
                    throw new DxGuardException(TextErrors.INVALID_DATA, "vital-thresholds.tsv: row needs 9 columns: "
                        + String.join(" ", r));
                }
                rules.add(new Rule(r[0], r[1], r[2], Double.parseDouble(r[3]), r[4],
                    DataFiles.code(r[5], "vital-thresholds.tsv"), r[6], r[7], r[8]));
            }
            t = new Thresholds(rules);
            packaged = t;
        }
        return t;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The findings the measurements imply (one per rule and measurement that fires). */
    public List<MeasuredFinding> findings(List<Measurement> measurements) {
        List<MeasuredFinding> out = new ArrayList<>();
        for (Measurement m : measurements) {
            for (Rule r : rules) {
                if (!r.kind().equals(m.kind())) {
                    continue;
                }
                Double v = value(m, r.unit());
                if (v != null && r.test(v)) {
                    out.add(new MeasuredFinding(Finding.present(new Code(r.finding().system(), r.finding().code(),
                        r.labelEn())), r, m));
                }
            }
        }
        return out;
    }

    /**
     * The rules a coded value fires (a vital sign or lab Observation of the record): its code is matched to a
     * measurement kind of {@code measurements.tsv} by LOINC code, then the kind's rules are applied to the value in
     * its unit (UCUM; °F converted exactly; any other unit is never converted by guess, so no rule fires).
     */
    public List<Rule> rulesFor(Code code, double value, String unit) {
        if (code == null || !Code.LOINC.equals(code.system())) {
            return List.of();
        }
        String kind = kindsByLoinc().get(code.code());
        if (kind == null) {
            return List.of();
        }
        List<Rule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r.kind().equals(kind)) {
                Double v = unit == null ? null : unit.equals(r.unit()) ? Double.valueOf(value)
                    : r.unit().equals("Cel") && unit.equals("[degF]") ? (value - 32) * 5 / 9
                    : r.unit().equals("10*9/L") && SAME_AS_10_9_PER_L.contains(unit) ? Double.valueOf(value) : null;
                if (v != null && r.test(v)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Units exactly equal to 10*9/L (10^3 per µL = 10^9 per L), as Synthea and US labs write cell counts. */
    private static final java.util.Set<String> SAME_AS_10_9_PER_L = java.util.Set.of("10*3/uL", "10*3/\u00b5L",
        "10^3/uL", "K/uL", "10*9/l");
    private static volatile java.util.Map<String, String> kindsByLoinc;

    /** LOINC code → measurement kind, from {@code measurements.tsv}. */
    private static java.util.Map<String, String> kindsByLoinc() {
        java.util.Map<String, String> m = kindsByLoinc;
        if (m == null) {
            java.util.Map<String, String> out = new java.util.HashMap<>();
            for (String[] r : DataFiles.packaged("measurements.tsv")) {
                if (r.length > 1) {
                    Code c = DataFiles.code(r[1], "measurements.tsv");
                    if (Code.LOINC.equals(c.system())) {
                        out.put(c.code(), r[0]);
                    }
                }
            }
            m = java.util.Map.copyOf(out);
            kindsByLoinc = m;
        }
        return m;
    }

    private static Double value(Measurement m, String unit) {
        if (unit.equals(m.unit())) {
            return m.value();
        }
        if (unit.equals("Cel") && "[degF]".equals(m.unit())) {
            return (m.value() - 32) * 5 / 9;
        }
        return null;
    }
}
