package org.dxguard.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about one patient for one request, FHIR-free. {@code asOf} is the moment the facts describe
 * (the request time); ages and "how old is this lab" are computed against it. {@code patientRef} is an opaque
 * reference used only to join the decision record; it is never sent to a model. {@code familyHistory} holds the
 * conditions of the patient's relatives (FHIR FamilyMemberHistory), never mixed with the patient's own.
 * {@code currentEncounter} is the visit going on now when the record says so (an in-progress {@code Encounter}),
 * else null: unknown, which rules never read as "not in hospital".
 */
public record PatientFacts(String patientRef, Integer ageYears, Sex sex, Double weightKg, PregnancyStatus pregnancy,
                           List<Condition> conditions, List<Observation> observations,
                           List<Medication> activeMedications, List<Medication> draftOrders, List<Allergy> allergies,
                           List<Finding> findings, Instant asOf, List<Condition> familyHistory,
                           Encounter currentEncounter) {
    /** Facts without a current encounter. */
    public PatientFacts(String patientRef, Integer ageYears, Sex sex, Double weightKg, PregnancyStatus pregnancy,
                        List<Condition> conditions, List<Observation> observations,
                        List<Medication> activeMedications, List<Medication> draftOrders, List<Allergy> allergies,
                        List<Finding> findings, Instant asOf, List<Condition> familyHistory) {
        this(patientRef, ageYears, sex, weightKg, pregnancy, conditions, observations, activeMedications, draftOrders,
            allergies, findings, asOf, familyHistory, null);
    }

    /** Facts without family history. */
    public PatientFacts(String patientRef, Integer ageYears, Sex sex, Double weightKg, PregnancyStatus pregnancy,
                        List<Condition> conditions, List<Observation> observations,
                        List<Medication> activeMedications, List<Medication> draftOrders, List<Allergy> allergies,
                        List<Finding> findings, Instant asOf) {
        this(patientRef, ageYears, sex, weightKg, pregnancy, conditions, observations, activeMedications, draftOrders,
            allergies, findings, asOf, List.of());
    }

    public PatientFacts {
        if (ageYears != null && (ageYears < 0 || ageYears > 150)) {
            throw new IllegalArgumentException("age must be between 0 and 150 years, was " + ageYears);
        }
        if (weightKg != null && !(weightKg > 0 && weightKg < 1000)) {
            throw new IllegalArgumentException("weight must be between 0 and 1000 kg, was " + weightKg);
        }
        sex = sex == null ? Sex.UNKNOWN : sex;
        pregnancy = pregnancy == null ? PregnancyStatus.UNKNOWN : pregnancy;
        conditions = Checks.copy(conditions);
        observations = Checks.copy(observations);
        activeMedications = Checks.copy(activeMedications);
        draftOrders = Checks.copy(draftOrders);
        allergies = Checks.copy(allergies);
        findings = Checks.copy(findings);
        familyHistory = Checks.copy(familyHistory);
        Objects.requireNonNull(asOf, "asOf must not be null");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().patientRef(patientRef).ageYears(ageYears).sex(sex).weightKg(weightKg)
            .pregnancy(pregnancy).asOf(asOf).currentEncounter(currentEncounter);
        b.conditions.addAll(conditions);
        b.observations.addAll(observations);
        b.activeMedications.addAll(activeMedications);
        b.draftOrders.addAll(draftOrders);
        b.allergies.addAll(allergies);
        b.findings.addAll(findings);
        b.familyHistory.addAll(familyHistory);
        return b;
    }

    /** The most recent observation carrying any of the given codes of one system, if any. */
    public Optional<Observation> latest(String system, String... codes) {
        return observations.stream()
            .filter(o -> java.util.Arrays.stream(codes).anyMatch(c -> o.hasCode(system, c)))
            .max(Comparator.comparing(o -> o.effective() == null ? Instant.EPOCH : o.effective()));
    }

    /** True when an active condition carries the given code. */
    public boolean hasActiveCondition(String system, String code) {
        return conditions.stream().anyMatch(c -> c.active() && c.hasCode(system, code));
    }

    /** Builder with defaults: unknown sex and pregnancy, empty lists, {@code asOf} = now. */
    public static final class Builder {
        private String patientRef;
        private Integer ageYears;
        private Sex sex = Sex.UNKNOWN;
        private Double weightKg;
        private PregnancyStatus pregnancy = PregnancyStatus.UNKNOWN;
        private final List<Condition> conditions = new ArrayList<>();
        private final List<Observation> observations = new ArrayList<>();
        private final List<Medication> activeMedications = new ArrayList<>();
        private final List<Medication> draftOrders = new ArrayList<>();
        private final List<Allergy> allergies = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<Condition> familyHistory = new ArrayList<>();
        private Instant asOf;
        private Encounter currentEncounter;

        private Builder() {}

        public Builder patientRef(String v) { this.patientRef = v; return this; }
        public Builder ageYears(Integer v) { this.ageYears = v; return this; }
        public Builder sex(Sex v) { this.sex = v; return this; }
        public Builder weightKg(Double v) { this.weightKg = v; return this; }
        public Builder pregnancy(PregnancyStatus v) { this.pregnancy = v; return this; }
        public Builder asOf(Instant v) { this.asOf = v; return this; }
        public Builder condition(Condition v) { conditions.add(v); return this; }
        public Builder conditions(List<Condition> v) { conditions.addAll(v); return this; }
        public Builder observation(Observation v) { observations.add(v); return this; }
        public Builder observations(List<Observation> v) { observations.addAll(v); return this; }
        public Builder activeMedication(Medication v) { activeMedications.add(v); return this; }
        public Builder activeMedications(List<Medication> v) { activeMedications.addAll(v); return this; }
        public Builder draftOrder(Medication v) { draftOrders.add(v); return this; }
        public Builder draftOrders(List<Medication> v) { draftOrders.addAll(v); return this; }
        public Builder allergy(Allergy v) { allergies.add(v); return this; }
        public Builder allergies(List<Allergy> v) { allergies.addAll(v); return this; }
        public Builder finding(Finding v) { findings.add(v); return this; }
        public Builder findings(List<Finding> v) { findings.addAll(v); return this; }
        public Builder familyHistory(Condition v) { familyHistory.add(v); return this; }
        public Builder familyHistory(List<Condition> v) { familyHistory.addAll(v); return this; }
        public Builder currentEncounter(Encounter v) { this.currentEncounter = v; return this; }

        public PatientFacts build() {
            return new PatientFacts(patientRef, ageYears, sex, weightKg, pregnancy, conditions, observations,
                activeMedications, draftOrders, allergies, findings, asOf == null ? Instant.now() : asOf, familyHistory,
                currentEncounter);
        }
    }
}
