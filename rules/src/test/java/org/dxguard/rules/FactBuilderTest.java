package org.dxguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.rules.facts.AllergyFact;
import org.dxguard.rules.facts.ConditionFact;
import org.dxguard.rules.facts.DrugFact;
import org.dxguard.rules.facts.LabFact;
import org.dxguard.rules.facts.PatientFact;
import org.dxguard.rules.internal.FactBuilder;
import org.junit.jupiter.api.Test;

class FactBuilderTest {
    private static final FactBuilder BUILDER = new FactBuilder(TestData.terminology());
    private static final Instant AS_OF = Instant.parse("2025-06-01T00:00:00Z");

    private static <T> List<T> of(List<Object> facts, Class<T> type) {
        return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void should_split_premixed_insulin_into_flagged_ingredient_facts_with_daily_units() {
        // given Humulin 70/30, 20 units twice daily
        PatientFacts p = PatientFacts.builder().asOf(AS_OF).activeMedication(new Medication("m1",
            List.of(Code.rxnorm("106892")), null, new Dose(20, "units", DoseFrequency.TWICE_DAILY, null),
            MedicationStatus.ACTIVE, null)).build();
        // when
        List<DrugFact> drugs = of(BUILDER.build(p).facts(), DrugFact.class);
        // then
        assertThat(drugs).hasSize(2).allSatisfy(d -> {
            assertThat(d.flags()).contains("PREMIXED");
            assertThat(d.dailyUnits()).isEqualTo(40.0);
            assertThat(d.draft()).isFalse();
        });
    }

    @Test
    void should_give_alt_as_a_multiple_of_the_upper_limit_only_when_the_lab_sent_one() {
        // given an ALT of 130 U/L with the lab's upper limit of 40 U/L, and an older ALT without a reference range
        PatientFacts p = PatientFacts.builder().asOf(AS_OF)
            .observation(new Observation("alt-new", List.of(Code.loinc("1742-6")), 130.0, "U/L", null, null,
                AS_OF.minusSeconds(5L * 86400), 40.0))
            .observation(new Observation("alt-old", List.of(Code.loinc("1742-6")), 300.0, "U/L", null, null,
                AS_OF.minusSeconds(20L * 86400)))
            .build();
        // when
        List<LabFact> labs = of(BUILDER.build(p).facts(), LabFact.class);
        // then both ALTs are facts in U/L, and only the one with a range gives ALT_ULN (3.25), as the latest
        assertThat(labs).filteredOn(l -> l.kind().equals("ALT")).extracting(LabFact::obsId)
            .containsExactlyInAnyOrder("alt-new", "alt-old");
        assertThat(labs).filteredOn(l -> l.kind().equals("ALT_ULN")).singleElement().satisfies(l -> {
            assertThat(l.obsId()).isEqualTo("alt-new");
            assertThat(l.value()).isEqualTo(3.25);
            assertThat(l.latest()).isTrue();
            assertThat(l.current()).isTrue();
            assertThat(l.derived()).contains("upper reference limit 40 U/L");
        });
    }

    @Test
    void should_convert_units_and_keep_only_latest_and_recent_labs() {
        // given a glucose in mmol/L 2 days ago, an old and a new eGFR, and an unrelated observation
        PatientFacts p = PatientFacts.builder().asOf(AS_OF)
            .observation(new Observation("g1", List.of(Code.loinc("2345-7")), 3.0, "mmol/L", null, null,
                AS_OF.minusSeconds(2 * 86400)))
            .observation(new Observation("e-old", List.of(Code.loinc("33914-3")), 80.0, "mL/min/{1.73_m2}", null,
                null, AS_OF.minusSeconds(400L * 86400)))
            .observation(new Observation("e-new", List.of(Code.loinc("33914-3")), 40.0, "mL/min/{1.73_m2}", null,
                null, AS_OF.minusSeconds(10L * 86400)))
            .observation(new Observation("bp", List.of(Code.loinc("8480-6")), 130.0, "mm[Hg]", null, null, AS_OF))
            .build();
        // when
        List<LabFact> labs = of(BUILDER.build(p).facts(), LabFact.class);
        // then
        assertThat(labs).extracting(LabFact::obsId).containsExactlyInAnyOrder("g1", "e-new");
        assertThat(labs).filteredOn(l -> l.obsId().equals("g1")).singleElement().satisfies(l -> {
            assertThat(l.value()).isCloseTo(54.05, org.assertj.core.data.Offset.offset(0.01));
            assertThat(l.unit()).isEqualTo("mg/dL");
            assertThat(l.ageDays()).isEqualTo(2);
        });
    }

    @Test
    void should_derive_pregnancy_tags_and_allergy_classes_and_resolve_text_only_drugs() {
        // given
        PatientFacts p = PatientFacts.builder().asOf(AS_OF).ageYears(30).pregnancy(PregnancyStatus.PREGNANT)
            .condition(new Condition("c1", List.of(Code.snomed("44054006")), null, true, null))
            .condition(new Condition("c2", List.of(Code.snomed("88805009")), null, false, null))
            .allergy(new Allergy("a1", List.of(Code.snomed("91936005")), null, true, true))
            .draftOrder(new Medication("d1", List.of(), "Simvastatin 20 mg tablet", null, MedicationStatus.DRAFT, null))
            .build();
        // when
        List<Object> facts = BUILDER.build(p).facts();
        // then
        assertThat(of(facts, PatientFact.class)).singleElement().satisfies(x -> assertThat(x.pregnant()).isTrue());
        assertThat(of(facts, ConditionFact.class)).extracting(ConditionFact::tag)
            .containsExactlyInAnyOrder("TYPE2_DIABETES", "PREGNANCY");
        assertThat(of(facts, AllergyFact.class)).singleElement().satisfies(a -> {
            assertThat(a.classes()).containsExactly("PENICILLIN");
            assertThat(a.highCriticality()).isTrue();
        });
        assertThat(of(facts, DrugFact.class)).singleElement().satisfies(d -> {
            assertThat(d.ingredient()).isEqualTo("simvastatin");
            assertThat(d.classes()).contains("STATIN_CYP3A4_SENSITIVE");
        });
    }

    @Test
    void should_tag_dialysis_and_name_the_source_procedure_when_condition_is_derived_from_a_procedure() {
        // given the dialysis condition the FHIR mapping derives from a recent dialysis Procedure, and a real one
        PatientFacts p = PatientFacts.builder().asOf(AS_OF)
            .condition(new Condition("Procedure/dialysis-3", List.of(new Code(Code.SNOMED, "105502003",
                "Dependence on renal dialysis")), "derived from a dialysis procedure", true, null))
            .condition(new Condition("c-ckd5", List.of(Code.snomed("433146000")), "CKD 5", true, null))
            .build();
        // when
        List<ConditionFact> conditions = of(BUILDER.build(p).facts(), ConditionFact.class);
        // then
        assertThat(conditions).filteredOn(c -> c.tag().equals("DIALYSIS")).singleElement()
            .satisfies(c -> assertThat(c.describe())
                .isEqualTo("Procedure/dialysis-3 Dependence on renal dialysis (SNOMED 105502003)"));
        assertThat(conditions).filteredOn(c -> c.condId().equals("c-ckd5"))
            .allSatisfy(c -> assertThat(c.describe()).startsWith("Condition/c-ckd5 "));
    }

    @Test
    void should_reference_active_medications_as_medication_requests_when_describing_them() {
        // given an active empagliflozin MedicationRequest
        PatientFacts p = PatientFacts.builder().asOf(AS_OF).activeMedication(new Medication("mr-empa",
            List.of(Code.rxnorm("1545658")), null, null, MedicationStatus.ACTIVE, null)).build();
        // when
        List<DrugFact> drugs = of(BUILDER.build(p).facts(), DrugFact.class);
        // then
        assertThat(drugs).singleElement().satisfies(d -> {
            assertThat(d.ref()).isEqualTo("MedicationRequest/mr-empa");
            assertThat(d.describe()).startsWith("MedicationRequest/mr-empa active ");
        });
    }

    @Test
    void should_note_unusable_values_and_unknown_drugs_and_derive_egfr_when_record_has_real_shapes() {
        // given a unit-less glucose on a mass LOINC, an unknown drug, and creatinine in umol/L without an eGFR
        java.time.Instant now = java.time.Instant.parse("2025-06-01T00:00:00Z");
        org.dxguard.model.PatientFacts p = org.dxguard.model.PatientFacts.builder().asOf(now).ageYears(70)
            .sex(org.dxguard.model.Sex.MALE)
            .observation(new org.dxguard.model.Observation("g1", List.of(Code.loinc("2339-0")), 5.8, null, null, null,
                now.minusSeconds(86400)))
            .observation(new org.dxguard.model.Observation("c1", List.of(Code.loinc("14682-9")), 250.0, "umol/L", null,
                null, now.minusSeconds(86400)))
            .draftOrder(new Medication("d1", List.of(), "compound herbal tea", null,
                org.dxguard.model.MedicationStatus.DRAFT, now))
            .build();
        // when
        var fs = new org.dxguard.rules.internal.FactBuilder(TestData.terminology()).build(p);
        // then
        assertThat(fs.notes()).extracting(DataNote::kind).contains(DataNote.Kind.UNUSABLE_VALUE,
            DataNote.Kind.UNKNOWN_DRUG, DataNote.Kind.DERIVED_VALUE);
        assertThat(fs.facts()).filteredOn(f -> f instanceof org.dxguard.rules.facts.LabFact l && l.kind().equals("GLUCOSE"))
            .isEmpty();
        assertThat(fs.facts()).filteredOn(f -> f instanceof org.dxguard.rules.facts.LabFact l && l.kind().equals("EGFR"))
            .singleElement().satisfies(f -> {
                var l = (org.dxguard.rules.facts.LabFact) f;
                assertThat(l.value()).isBetween(22.0, 25.0);
                assertThat(l.derived()).contains("CKD-EPI 2021");
                assertThat(l.current()).isTrue();
            });
    }

    @Test
    void should_count_a_stopped_order_without_end_only_when_ordered_within_the_washout_else_note_it() {
        // given phenelzine orders stopped on a day the record does not give: one ordered 5 days ago, one 60 days ago
        Medication recent = new Medication("mr-recent", List.of(), "phenelzine 15 mg tablet", null,
            MedicationStatus.STOPPED, AS_OF.minus(java.time.Duration.ofDays(5)), null, "MedicationRequest");
        Medication old = new Medication("mr-old", List.of(), "phenelzine 15 mg tablet", null,
            MedicationStatus.STOPPED, AS_OF.minus(java.time.Duration.ofDays(60)), null, "MedicationRequest");
        PatientFacts p = PatientFacts.builder().asOf(AS_OF).activeMedication(recent).activeMedication(old).build();
        // when
        var fs = BUILDER.build(p);
        // then the recent one is a recently stopped MAOI (never an active one), the old one a note
        assertThat(of(fs.facts(), DrugFact.class)).singleElement().satisfies(d -> {
            assertThat(d.medId()).isEqualTo("mr-recent");
            assertThat(d.flags()).contains("RECENTLY_STOPPED");
            assertThat(d.stoppedOn()).isEqualTo("after 2025-05-27");
        });
        assertThat(fs.notes()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(DataNote.Kind.UNUSABLE_VALUE);
            assertThat(n.line()).startsWith("UNUSABLE_VALUE MedicationRequest/mr-old: phenelzine was stopped on a date")
                .contains("14-day washout cannot be checked");
        });
    }

    @Test
    void should_add_encounter_fact_and_flag_prn_and_intravenous_insulin_when_patient_is_in_hospital() {
        // given an in-progress inpatient stay, regular insulin by IV infusion and lispro as needed (a sliding scale)
        PatientFacts p = PatientFacts.builder().asOf(AS_OF)
            .currentEncounter(new org.dxguard.model.Encounter("enc-1", "IMP", "in-progress", null))
            .draftOrder(new Medication("iv", List.of(Code.rxnorm("311034")), null,
                new Dose(2, "units", new DoseFrequency(24, 1.0, false), "Intravenous route"), MedicationStatus.DRAFT,
                null))
            .draftOrder(new Medication("ssi", List.of(Code.rxnorm("865098")), null,
                new Dose(2, "units", new DoseFrequency(4, 1.0, true), "subcutaneous"), MedicationStatus.DRAFT, null))
            .build();
        // when
        List<Object> facts = BUILDER.build(p).facts();
        // then
        assertThat(of(facts, org.dxguard.rules.facts.EncounterFact.class)).singleElement().satisfies(e -> {
            assertThat(e.inHospital()).isTrue();
            assertThat(e.describe()).isEqualTo("Encounter/enc-1 in-progress inpatient encounter");
        });
        List<DrugFact> drugs = of(facts, DrugFact.class);
        assertThat(drugs).filteredOn(d -> d.medId().equals("iv")).singleElement()
            .satisfies(d -> assertThat(d.flags()).contains("INTRAVENOUS").doesNotContain("AS_NEEDED"));
        assertThat(drugs).filteredOn(d -> d.medId().equals("ssi")).singleElement()
            .satisfies(d -> assertThat(d.flags()).contains("AS_NEEDED", "PRANDIAL").doesNotContain("INTRAVENOUS"));
    }

    @Test
    void should_add_no_encounter_fact_when_the_current_visit_is_unknown() {
        // given facts without a current encounter
        PatientFacts p = PatientFacts.builder().asOf(AS_OF).build();
        // when
        List<Object> facts = BUILDER.build(p).facts();
        // then
        assertThat(of(facts, org.dxguard.rules.facts.EncounterFact.class)).isEmpty();
    }
}
