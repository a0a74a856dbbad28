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
