package org.dxguard.safety;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.Evidence;
import org.dxguard.model.Medication;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.rules.Terminology;

/**
 * The patient's facts an answer to a question is written from and may cite, in a fixed order with ids
 * {@code F1, F2…}: age, sex, weight, pregnancy; the latest result of each lab kind the rules read (eGFR, HbA1c,
 * glucose, creatinine, potassium, UACR) with its value, unit and date; active medications with their dose; active
 * conditions; allergies. The same list is shown to the clinician ({@code patientFacts}), given to the model
 * (de-identified: relative dates) and handed to {@link AnswerGuard} as the evidence the answer may cite. Built by
 * the service and by the safety suites alike, so a suite's case is checked against the facts the service would
 * give. A value whose meaning is uncertain is never guessed: a lab without a value or unit is listed as recorded.
 */
public final class AnswerFacts {
    /** What a fact is. */
    public enum Kind { AGE, SEX, WEIGHT, PREGNANCY, LAB, MEDICATION, CONDITION, ALLERGY }

    /**
     * One fact. {@code name} is its English name (a lab kind's short name such as {@code eGFR}, a medication's or
     * condition's display); {@code labKind} the rules' lab kind for a lab ({@code EGFR}), else null; {@code value}
     * the value as recorded ("25 mL/min/{1.73_m2}", "20 units daily", "high criticality"), empty when none;
     * {@code when} the date of the result or order, null when unknown or not dated.
     */
    public record Fact(String id, Kind kind, String name, String labKind, String value, Instant when, Code code) {
        /**
         * The evidence the answer may cite for this fact: its id, and its name as label (so that a citation attached
         * to text naming another fact is caught, VETO-GRD-004; values are checked against the record, VETO-GRD-002).
         */
        public Evidence evidence() {
            return new Evidence(id, code == null ? new Code(Code.TEXT, id, name) : code, name, 1.0);
        }
    }

    /** Short names of the rules' lab kinds. */
    private static final Map<String, String> LAB_NAMES = Map.of("EGFR", "eGFR", "HBA1C", "HbA1c", "GLUCOSE", "Glucose",
        "CREATININE", "Creatinine", "POTASSIUM", "Potassium", "UACR", "Urine albumin/creatinine ratio");
    private static final List<String> LAB_ORDER = List.of("EGFR", "CREATININE", "HBA1C", "GLUCOSE", "POTASSIUM", "UACR");

    private AnswerFacts() {}

    /** The facts of {@code facts}, numbered. */
    public static List<Fact> of(PatientFacts facts, Terminology terminology) {
        List<Fact> out = new ArrayList<>();
        if (facts.ageYears() != null) {
            add(out, Kind.AGE, "Age", facts.ageYears() >= 90 ? "90+" : String.valueOf(facts.ageYears()), null, null,
                null);
        }
        if (facts.sex() != null && facts.sex() != org.dxguard.model.Sex.UNKNOWN) {
            add(out, Kind.SEX, "Sex", facts.sex().name().toLowerCase(Locale.ROOT), null, null, null);
        }
        if (facts.weightKg() != null) {
            add(out, Kind.WEIGHT, "Weight", num(facts.weightKg()) + " kg", null, null, null);
        }
        if (facts.pregnancy() == PregnancyStatus.PREGNANT) {
            add(out, Kind.PREGNANCY, "Pregnancy", "pregnant", null, null, null);
        }
        Map<String, Observation> latest = new LinkedHashMap<>();
        Map<String, Code> codeOf = new LinkedHashMap<>();
        for (Observation o : facts.observations()) {
            for (Code c : o.codes()) {
                Optional<String> kind = terminology.labKind(c);
                if (kind.isPresent()) {
                    Observation prev = latest.get(kind.get());
                    if (prev == null || after(o, prev)) {
                        latest.put(kind.get(), o);
                        codeOf.put(kind.get(), c);
                    }
                    break;
                }
            }
        }
        for (String kind : LAB_ORDER) {
            Observation o = latest.get(kind);
            if (o != null) {
                String value = o.value() != null ? num(o.value()) + (o.unit() == null ? "" : " " + o.unit())
                    : o.valueText() != null ? o.valueText() : o.valueCode() != null && o.valueCode().display() != null
                        ? o.valueCode().display() : "";
                Fact f = new Fact("F" + (out.size() + 1), Kind.LAB, LAB_NAMES.get(kind), kind, value, o.effective(),
                    codeOf.get(kind));
                out.add(f);
            }
        }
        facts.activeMedications().stream()
            .sorted(Comparator.comparing(m -> name(m, terminology)))
            .forEach(m -> add(out, Kind.MEDICATION, name(m, terminology), m.dose() == null ? "" : dose(m.dose()),
                null, m.authoredOn(), m.codes().isEmpty() ? null : m.codes().get(0)));
        for (Condition c : facts.conditions()) {
            if (c.active()) {
                add(out, Kind.CONDITION, display(c.codes(), c.text()), "", null,
                    c.onset() == null ? null : c.onset().atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
                    c.codes().isEmpty() ? null : c.codes().get(0));
            }
        }
        for (Allergy a : facts.allergies()) {
            if (a.active()) {
                add(out, Kind.ALLERGY, display(a.codes(), a.text()), a.highCriticality() ? "high criticality" : "", null,
                    null, a.codes().isEmpty() ? null : a.codes().get(0));
            }
        }
        return List.copyOf(out);
    }

    /** The evidence of every fact (what {@link AnswerGuard#guard} takes). */
    public static List<Evidence> evidence(List<Fact> facts) {
        return facts.stream().map(Fact::evidence).toList();
    }

    private static void add(List<Fact> out, Kind kind, String name, String value, String labKind, Instant when,
                            Code code) {
        out.add(new Fact("F" + (out.size() + 1), kind, name, labKind, value == null ? "" : value, when, code));
    }

    private static boolean after(Observation a, Observation b) {
        Instant x = a.effective() == null ? Instant.EPOCH : a.effective();
        Instant y = b.effective() == null ? Instant.EPOCH : b.effective();
        return x.isAfter(y);
    }

    private static String name(Medication m, Terminology t) {
        if (m.text() != null && !m.text().isBlank()) {
            return m.text().strip();
        }
        for (Code c : m.codes()) {
            if (c.display() != null && !c.display().isBlank()) {
                return c.display();
            }
            if (Code.RXNORM.equals(c.system())) {
                List<Terminology.DrugComponent> parts = t.components(c.code());
                if (!parts.isEmpty()) {
                    return parts.stream().map(Terminology.DrugComponent::ingredient).distinct()
                        .reduce((a, b) -> a + " / " + b).orElseThrow();
                }
            }
        }
        return m.codes().isEmpty() ? "medication" : m.codes().get(0).code();
    }

    private static String display(List<Code> codes, String text) {
        if (text != null && !text.isBlank()) {
            return text.strip();
        }
        return codes.stream().map(Code::display).filter(d -> d != null && !d.isBlank()).findFirst()
            .orElse(codes.isEmpty() ? "" : codes.get(0).code());
    }

    static String dose(Dose d) {
        StringBuilder s = new StringBuilder(num(d.amount())).append(' ').append(d.unit());
        if (d.frequency() != null) {
            var f = d.frequency();
            if (f.periodDays() == 1.0) {
                s.append(switch (f.count()) {
                    case 1 -> " daily";
                    case 2 -> " twice daily";
                    case 3 -> " three times daily";
                    case 4 -> " four times daily";
                    default -> " " + f.count() + " times daily";
                });
            } else {
                s.append(' ').append(f.count()).append(" every ").append(num(f.periodDays())).append(" days");
            }
            if (f.asNeeded()) {
                s.append(" as needed");
            }
        }
        return s.toString();
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
