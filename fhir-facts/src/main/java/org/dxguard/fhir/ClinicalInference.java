package org.dxguard.fhir;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Observation;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.rules.Terminology;

/**
 * The one place where facts are inferred across resources rather than read from one (package-info, "Weight",
 * "Pregnancy", "Procedure"): the latest body weight in kg; pregnancy, where a recent pregnancy-status observation
 * and active pregnancy conditions are weighed by date; "on dialysis", from the latest dialysis session when no kidney
 * transplant followed it. The per-resource mappers report the evidence ({@link #pregnancyCondition},
 * {@link #dialysisSession}, {@link #kidneyTransplant}); one instance per mapping run. Package-private.
 */
final class ClinicalInference {
    static final Set<String> BODY_WEIGHT_LOINC = Set.of("29463-7", "3141-9");
    /** A "pregnant" observation older than this no longer says anything about today. */
    static final Duration PREGNANCY_OBSERVATION_VALIDITY = Duration.ofDays(300);
    private static final double KG_PER_LB = 0.45359237;
    private static final double KG_PER_OZ = 0.028349523125;

    private record DialysisSession(String procedureId, Instant performed, LocalDate date, Duration recent) {}

    /** The condition derived from recent dialysis procedures: SNOMED CT 105502003. */
    static final Code DEPENDENCE_ON_DIALYSIS = new Code(Code.SNOMED, "105502003", "Dependence on renal dialysis");

    private final Instant asOf;
    private final Terminology terminology;
    /** Active pregnancy conditions: their onset/recorded instant, or null when undated. */
    private final List<Instant> pregnancyConditions = new ArrayList<>();
    /** Completed or in-progress dialysis procedures with a date. */
    private final List<DialysisSession> dialysisSessions = new ArrayList<>();
    /** Dated kidney transplants (procedure or history condition). */
    private final List<Instant> kidneyTransplants = new ArrayList<>();

    ClinicalInference(Instant asOf, Terminology terminology) {
        this.asOf = asOf;
        this.terminology = terminology;
    }

    /** The value sets of this mapping run (pregnancy conditions and tests, dialysis and transplant procedures). */
    Terminology terminology() {
        return terminology;
    }

    /** An active pregnancy condition, with its onset (else recorded) instant, or null when undated. */
    void pregnancyCondition(Instant onsetOrNull) {
        // a pregnancy that began more than 300 days ago (42 weeks of gestation plus a margin) is over: a postpartum
        // or stale problem-list entry does not make the patient pregnant (CLINICAL-REVIEW-2026-12.md, ADA-PREG-001)
        if (onsetOrNull != null && onsetOrNull.isBefore(asOf.minus(PREGNANCY_OBSERVATION_VALIDITY))) {
            return;
        }
        pregnancyConditions.add(onsetOrNull);
    }

    /** A completed or in-progress dialysis procedure, which means "on dialysis" for {@code recent} after it. */
    void dialysisSession(String procedureId, Instant performed, LocalDate date, Duration recent) {
        dialysisSessions.add(new DialysisSession(procedureId, performed, date, recent));
    }

    /** A dated kidney transplant (procedure, or history condition not refuted). */
    void kidneyTransplant(Instant at) {
        kidneyTransplants.add(at);
    }

    /**
     * A dialysis procedure within its value set's window before {@code asOf} (or later; {@code recentDays} of
     * guidelines/terminology/dialysis-procedures.csv, 30 days for every listed code), with no kidney transplant
     * recorded after it, means the patient is on dialysis: an active "Dependence on renal dialysis" (SNOMED
     * 105502003) condition named after the latest such procedure ({@code Procedure/<id>}).
     */
    Optional<Condition> onDialysis() {
        DialysisSession last = dialysisSessions.stream()
            .filter(s -> !s.performed().isBefore(asOf.minus(s.recent())))
            .max(Comparator.comparing(DialysisSession::performed)).orElse(null);
        if (last == null || kidneyTransplants.stream().anyMatch(t -> t.isAfter(last.performed()))) {
            return Optional.empty();
        }
        String id = last.procedureId() == null ? null : "Procedure/" + last.procedureId();
        return Optional.of(new Condition(id, List.of(DEPENDENCE_ON_DIALYSIS),
            "Dependence on renal dialysis (derived from a dialysis procedure on " + last.date() + ")", true, null));
    }

    /** The latest body weight (LOINC 29463-7 or 3141-9) in kg; kg, g, lb ([lb_av]) and oz are converted. */
    Double weightKg(List<Observation> observations) {
        return observations.stream()
            .filter(o -> o.isNumeric() && BODY_WEIGHT_LOINC.stream().anyMatch(c -> o.hasCode(Code.LOINC, c)))
            .sorted(Comparator.comparing((Observation o) -> o.effective() == null ? Instant.EPOCH : o.effective())
                .reversed())
            .map(o -> toKg(o.value(), o.unit()))
            .filter(kg -> kg != null && kg > 0 && kg < 1000)
            .findFirst().orElse(null);
    }

    static Double toKg(double value, String unit) {
        if (unit == null) {
            return null;
        }
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "kg", "kilogram", "kilograms", "kgs" -> value;
            case "g", "gram", "grams" -> value / 1000.0;
            case "[lb_av]", "lb", "lbs", "[lb_us]", "pound", "pounds" -> value * KG_PER_LB;
            case "[oz_av]", "oz" -> value * KG_PER_OZ;
            default -> null;
        };
    }

    /**
     * The latest pregnancy-status observation (LOINC 82810-3 / 11449-6) or qualitative pregnancy test (hCG, LOINC of
     * guidelines/terminology/pregnancy-tests.csv: positive = pregnant, negative = not pregnant), at most 300 days
     * old, wins when it is more recent than every active pregnancy condition; otherwise an active pregnancy
     * condition means PREGNANT; otherwise UNKNOWN (never inferred from sex or age). A pregnancy test whose result
     * is neither positive nor negative, or that has no date, is not used: {@code log} gets a data note.
     */
    PregnancyStatus pregnancy(List<Observation> observations, MappingLog log) {
        Observation latestStatus = null;
        PregnancyStatus latestAnswer = null;
        for (Observation o : observations) {
            PregnancyStatus answer;
            String testCode = PregnancyCodes.testCode(o, terminology);
            if (testCode != null) {
                if (o.effective() != null && o.effective().isBefore(asOf.minus(PREGNANCY_OBSERVATION_VALIDITY))) {
                    continue;
                }
                answer = PregnancyCodes.testResult(o);
                if (answer == null || o.effective() == null) {
                    log.note("UNUSABLE_VALUE " + (o.id() == null ? "Observation" : "Observation/" + o.id())
                        + ": pregnancy test (LOINC " + testCode + ") "
                        + (answer == null ? "result " + describe(o) + " is not read as positive or negative"
                            : "has no date") + ": not used to decide pregnancy");
                    continue;
                }
            } else if (PregnancyCodes.LOINC_STATUS.stream().noneMatch(c -> o.hasCode(Code.LOINC, c))
                || o.valueCode() == null) {
                continue;
            } else {
                answer = PregnancyCodes.answer(o.valueCode(), terminology);
            }
            if (answer == null || answer == PregnancyStatus.UNKNOWN || o.effective() == null
                || o.effective().isBefore(asOf.minus(PREGNANCY_OBSERVATION_VALIDITY))) {
                continue;
            }
            if (latestStatus == null || o.effective().isAfter(latestStatus.effective())) {
                latestStatus = o;
                latestAnswer = answer;
            }
        }
        if (latestStatus != null) {
            Instant observed = latestStatus.effective();
            boolean newerThanConditions = pregnancyConditions.stream()
                .allMatch(onset -> onset != null && onset.isBefore(observed));
            if (newerThanConditions) {
                return latestAnswer;
            }
        }
        return pregnancyConditions.isEmpty() ? PregnancyStatus.UNKNOWN : PregnancyStatus.PREGNANT;
    }

    /** A result as the note shows it: the answer code, else the number and unit, else the text, else "absent". */
    private static String describe(Observation o) {
        if (o.valueCode() != null) {
            return "'" + o.valueCode().system() + "|" + o.valueCode().code() + "'";
        }
        if (o.value() != null) {
            return "'" + o.value() + (o.unit() == null ? "" : " " + o.unit()) + "'";
        }
        return o.valueText() != null ? "'" + o.valueText() + "'" : "absent";
    }
}
