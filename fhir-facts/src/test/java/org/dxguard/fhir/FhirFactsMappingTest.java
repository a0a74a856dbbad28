package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.model.Sex;
import org.dxguard.model.Units;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

class FhirFactsMappingTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;

    private static PatientFacts diabetic() {
        return FHIR.toFacts(Fixtures.resources("diabetic-ckd-record.json"), List.of(), Fixtures.AS_OF);
    }

    private static Condition condition(PatientFacts facts, String id) {
        return facts.conditions().stream().filter(c -> id.equals(c.id())).findFirst().orElseThrow();
    }

    private static Observation observation(PatientFacts facts, String id) {
        return facts.observations().stream().filter(o -> id.equals(o.id())).findFirst().orElseThrow();
    }

    private static Medication active(PatientFacts facts, String id) {
        return facts.activeMedications().stream().filter(m -> id.equals(m.id())).findFirst().orElseThrow();
    }

    @Test
    void should_give_patient_ref_age_and_sex_when_patient_has_birth_date_and_gender() {
        // given the diabetic fixture (born 1958-04-12, male) and asOf 2026-11-29
        // when
        PatientFacts facts = diabetic();
        // then
        assertThat(facts.patientRef()).isEqualTo("Patient/pat-dm-ckd");
        assertThat(facts.ageYears()).isEqualTo(68);
        assertThat(facts.sex()).isEqualTo(Sex.MALE);
        assertThat(facts.asOf()).isEqualTo(Fixtures.AS_OF);
    }

    @Test
    void should_count_only_completed_years_when_birthday_not_yet_reached() {
        // given asOf one day before the 68th birthday
        Instant dayBefore = Instant.parse("2026-04-11T23:59:00Z");
        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("diabetic-ckd-record.json"), List.of(), dayBefore);
        // then
        assertThat(facts.ageYears()).isEqualTo(67);
    }

    @Test
    void should_leave_age_unknown_when_no_patient_resource() {
        // given a record without Patient
        List<IBaseResource> record = new ArrayList<>(Fixtures.resources("diabetic-ckd-record.json"));
        record.removeIf(r -> r.fhirType().equals("Patient"));
        // when
        PatientFacts facts = FHIR.toFacts(record, List.of(), Fixtures.AS_OF);
        // then
        assertThat(facts.ageYears()).isNull();
        assertThat(facts.sex()).isEqualTo(Sex.UNKNOWN);
        assertThat(facts.patientRef()).isNull();
        assertThat(facts.conditions()).isNotEmpty();
    }

    @Test
    void should_use_month_precision_birth_date_and_other_gender_when_partial_or_other() {
        // given the pregnant patient (born "1994-12") and the allergy patient (gender other)
        // when
        PatientFacts pregnant = FHIR.toFacts(Fixtures.resources("pregnant-record.json"), List.of(), Fixtures.AS_OF);
        PatientFacts other = FHIR.toFacts(Fixtures.resources("allergy-record.json"), List.of(), Fixtures.AS_OF);
        // then 1994-12-01 → 31 on 2026-11-29
        assertThat(pregnant.ageYears()).isEqualTo(31);
        assertThat(pregnant.sex()).isEqualTo(Sex.FEMALE);
        assertThat(other.sex()).isEqualTo(Sex.OTHER);
    }

    @Test
    void should_take_latest_valid_body_weight_in_kg_when_recorded_in_pounds() {
        // given weights 88 kg (2025), 198.4 [lb_av] (2026-11-20) and an entered-in-error 10 kg (2026-11-25)
        // when
        PatientFacts facts = diabetic();
        // then
        assertThat(facts.weightKg()).isCloseTo(198.4 * 0.45359237, within(1e-9));
    }

    @Test
    void should_convert_weight_from_grams_when_unit_is_g() {
        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("pregnant-record.json"), List.of(), Fixtures.AS_OF);
        // then
        assertThat(facts.weightKg()).isCloseTo(71.5, within(1e-9));
    }

    @Test
    void should_keep_all_codings_including_unknown_systems_when_condition_has_several() {
        // when
        Condition dm = condition(diabetic(), "cond-t2dm");
        // then
        assertThat(dm.codes()).containsExactly(
            new Code(Code.SNOMED, "44054006", "Diabetes mellitus type 2"),
            new Code(Code.ICD10_CM, "E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease"),
            new Code("urn:oid:1.2.3.4.5.local-problem-list", "DM2-LOCAL", null));
        assertThat(dm.text()).isEqualTo("Type 2 diabetes");
        assertThat(dm.active()).isTrue();
        assertThat(dm.onset()).hasToString("2009-06-15");
    }

    @Test
    void should_set_condition_activity_from_clinical_and_verification_status() {
        // when
        PatientFacts facts = diabetic();
        // then
        assertThat(condition(facts, "cond-ckd4").active()).as("recurrence").isTrue();
        assertThat(condition(facts, "cond-ckd4").onset()).hasToString("2025-02-01");
        assertThat(condition(facts, "cond-sinusitis-resolved").active()).as("resolved").isFalse();
        assertThat(condition(facts, "cond-hf-refuted").active()).as("refuted").isFalse();
        assertThat(condition(facts, "cond-text-only").active()).as("no clinicalStatus, not abated").isTrue();
        assertThat(condition(facts, "cond-text-only").codes()).isEmpty();
        assertThat(facts.hasActiveCondition(Code.SNOMED, "127013003")).isTrue();
        assertThat(facts.hasActiveCondition(Code.SNOMED, "84114007")).isFalse();
    }

    @Test
    void should_keep_value_and_ucum_unit_when_observation_is_numeric() {
        // when
        PatientFacts facts = diabetic();
        // then the latest eGFR is found through PatientFacts.latest
        Observation egfr = facts.latest(Code.LOINC, "33914-3").orElseThrow();
        assertThat(egfr.id()).isEqualTo("obs-egfr-latest");
        assertThat(egfr.value()).isEqualTo(25.0);
        assertThat(egfr.unit()).isEqualTo("mL/min/{1.73_m2}");
        assertThat(egfr.effective()).isEqualTo(Instant.parse("2026-11-20T08:15:00Z"));
        // and the older one is kept, dated at the start of its day in UTC
        assertThat(observation(facts, "obs-egfr-older").effective()).isEqualTo(Instant.parse("2025-11-18T00:00:00Z"));
        // and creatinine keeps its µmol/L source unit (UCUM code preferred over the text "µmol/L")
        Observation creatinine = observation(facts, "obs-creatinine");
        assertThat(creatinine.unit()).isEqualTo("umol/L");
        assertThat(Units.creatinineMgPerDl(creatinine.value(), creatinine.unit()).getAsDouble())
            .isCloseTo(2.5, within(0.01));
        // and glucose without a UCUM code keeps the unit text
        Observation glucose = observation(facts, "obs-glucose");
        assertThat(glucose.unit()).isEqualTo("mmol/L");
        assertThat(glucose.effective()).isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
        assertThat(observation(facts, "obs-hba1c").value()).isEqualTo(8.1);
    }

    @Test
    void should_split_components_into_observations_when_blood_pressure_panel() {
        // when
        PatientFacts facts = diabetic();
        // then
        Observation systolic = facts.latest(Code.LOINC, "8480-6").orElseThrow();
        Observation diastolic = facts.latest(Code.LOINC, "8462-4").orElseThrow();
        assertThat(systolic.value()).isEqualTo(148.0);
        assertThat(systolic.unit()).isEqualTo("mm[Hg]");
        assertThat(diastolic.value()).isEqualTo(91.0);
        assertThat(systolic.effective()).isEqualTo(Instant.parse("2026-11-20T08:05:00Z"));
        assertThat(systolic.id()).isEqualTo("obs-bp#component-1");
        assertThat(systolic.hasCode(Code.LOINC, "85354-9")).isFalse();
        assertThat(facts.latest(Code.LOINC, "85354-9")).get().extracting(Observation::value).isNull();
    }

    @Test
    void should_drop_observation_when_entered_in_error() {
        // when
        PatientFacts facts = diabetic();
        // then
        assertThat(facts.observations()).extracting(Observation::id).doesNotContain("obs-weight-error")
            .contains("obs-weight-lb", "obs-weight-kg-old");
    }

    @Test
    void should_map_coded_string_and_dated_values_when_observation_is_not_numeric() {
        // when
        PatientFacts facts = diabetic();
        // then
        Observation smoking = observation(facts, "obs-smoking");
        assertThat(smoking.valueCode()).isEqualTo(new Code(Code.SNOMED, "8517006", "Ex-smoker"));
        assertThat(smoking.valueText()).isEqualTo("Former smoker");
        assertThat(smoking.isNumeric()).isFalse();
        assertThat(smoking.effective()).isEqualTo(Instant.parse("2026-11-20T08:10:00Z"));
        Observation culture = observation(facts, "obs-urine-culture");
        assertThat(culture.valueText()).isEqualTo("No growth");
        assertThat(culture.effective()).as("issued when no effective[x]").isEqualTo(Instant.parse("2026-10-02T10:00:00Z"));
    }

    @Test
    void should_resolve_referenced_medication_and_structured_dose_when_metformin_is_active() {
        // when
        Medication metformin = active(diabetic(), "mr-metformin");
        // then
        assertThat(metformin.rxnorm()).isEqualTo("860975");
        assertThat(metformin.text()).isEqualTo("24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet");
        assertThat(metformin.status()).isEqualTo(MedicationStatus.ACTIVE);
        assertThat(metformin.authoredOn()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(metformin.dose().amount()).isEqualTo(500.0);
        assertThat(metformin.dose().unit()).isEqualTo("mg");
        assertThat(metformin.dose().frequency().perDay()).isEqualTo(2.0);
        assertThat(metformin.dose().route()).isEqualTo("Oral route");
        assertThat(metformin.dose().dailyMilligrams()).hasValue(1000.0);
    }

    @Test
    void should_put_rxnorm_first_and_normalise_units_when_insulin_is_active() {
        // when
        Medication insulin = active(diabetic(), "mr-insulin");
        // then
        assertThat(insulin.codes()).hasSize(2);
        assertThat(insulin.codes().get(0).system()).isEqualTo(Code.RXNORM);
        assertThat(insulin.rxnorm()).isEqualTo("106892");
        assertThat(insulin.dose().amount()).isEqualTo(20.0);
        assertThat(insulin.dose().unit()).isEqualTo("units");
        assertThat(insulin.dose().frequency().perDay()).isEqualTo(1.0);
        assertThat(insulin.dose().route()).isEqualTo("subcutaneous");
    }

    @Test
    void should_use_contained_medication_and_tablet_strength_when_dose_is_counted_in_tablets() {
        // when
        Medication simvastatin = active(diabetic(), "mr-simvastatin");
        // then
        assertThat(simvastatin.rxnorm()).isEqualTo("312961");
        assertThat(simvastatin.status()).isEqualTo(MedicationStatus.ON_HOLD);
        assertThat(simvastatin.dose().amount()).isEqualTo(20.0);
        assertThat(simvastatin.dose().unit()).isEqualTo("mg");
    }

    @Test
    void should_use_range_high_timing_code_and_prn_when_dose_is_a_range_as_needed() {
        // when
        Medication paracetamol = active(diabetic(), "mr-paracetamol-prn");
        // then
        assertThat(paracetamol.dose().amount()).isEqualTo(1000.0); // the high end: the most the order allows
        assertThat(paracetamol.dose().frequency().perDay()).isEqualTo(4.0);
        assertThat(paracetamol.dose().frequency().asNeeded()).isTrue();
    }

    @Test
    void should_keep_a_stopped_request_as_stopped_without_end_when_its_end_is_not_given() {
        // when
        PatientFacts facts = diabetic();
        // then the active orders are active, and the stopped lisinopril (no date at all) is stopped, never active
        assertThat(facts.activeMedications()).filteredOn(m -> m.status() != MedicationStatus.STOPPED)
            .extracting(Medication::id)
            .containsExactlyInAnyOrder("mr-metformin", "mr-insulin", "mr-simvastatin", "mr-paracetamol-prn");
        assertThat(active(facts, "mr-lisinopril-stopped")).satisfies(m -> {
            assertThat(m.status()).isEqualTo(MedicationStatus.STOPPED);
            assertThat(m.ended()).isNull();
            assertThat(m.source()).isEqualTo("MedicationRequest");
        });
        assertThat(facts.draftOrders()).isEmpty();
    }

    @Test
    void should_map_draft_medication_request_with_its_id_when_draft_orders_given() {
        // given
        List<IBaseResource> drafts = Fixtures.resources("draft-orders.json");
        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("diabetic-ckd-record.json"), drafts, Fixtures.AS_OF);
        // then the MedicationRequest becomes a draft order (the ServiceRequest too: see the test below)
        assertThat(facts.draftOrders()).extracting(Medication::source)
            .containsExactly("MedicationRequest", "ServiceRequest");
        Medication draft = facts.draftOrders().get(0);
        assertThat(draft.id()).isEqualTo("draft-metformin-1");
        assertThat(draft.status()).isEqualTo(MedicationStatus.DRAFT);
        assertThat(draft.hasCode(Code.RXNORM, "861004")).isTrue();
        assertThat(draft.hasCode(Code.RXNORM, "6809")).isTrue();
        assertThat(draft.dose().amount()).isEqualTo(1000.0);
        assertThat(draft.dose().frequency().perDay()).isEqualTo(2.0);
        assertThat(draft.dose().dailyMilligrams()).hasValue(2000.0);
        assertThat(facts.activeMedications()).extracting(Medication::id).doesNotContain("draft-metformin-1");
    }

    @Test
    void should_map_a_draft_service_request_as_a_draft_order_of_source_service_request_when_drafted() {
        // given: a draft lab ServiceRequest and a draft CT with contrast (code text and a CPT coding)
        List<IBaseResource> drafts = new ArrayList<>(Fixtures.resources("draft-orders.json"));
        drafts.addAll(Fixtures.resources("draft-imaging-orders.json"));

        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("diabetic-ckd-record.json"), drafts, Fixtures.AS_OF);

        // then: the requests being placed are draft orders with their codes and text, no dose; a revoked one is not
        Medication lab = facts.draftOrders().stream().filter(m -> "draft-lab-1".equals(m.id())).findFirst().orElseThrow();
        assertThat(lab.source()).isEqualTo("ServiceRequest");
        assertThat(lab.hasCode(Code.LOINC, "33914-3")).isTrue();
        Medication ct = facts.draftOrders().stream().filter(m -> "draft-ct-1".equals(m.id())).findFirst().orElseThrow();
        assertThat(ct.source()).isEqualTo("ServiceRequest");
        assertThat(ct.status()).isEqualTo(MedicationStatus.DRAFT);
        assertThat(ct.text()).isEqualTo("CT abdomen and pelvis with contrast");
        assertThat(ct.hasCode("http://www.ama-assn.org/go/cpt", "74177")).isTrue();
        assertThat(ct.dose()).isNull();
        Medication surgery = facts.draftOrders().stream().filter(m -> "draft-surgery-1".equals(m.id())).findFirst()
            .orElseThrow();
        assertThat(surgery.text()).isEqualTo("Laparoscopic cholecystectomy");
        assertThat(surgery.hasCode(Code.SNOMED, "387713003")).as("its category").isTrue();
        assertThat(facts.draftOrders()).extracting(Medication::id).doesNotContain("draft-ct-revoked");
    }

    @Test
    void should_be_pregnant_when_active_pregnancy_condition_and_recent_pregnant_status() {
        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("pregnant-record.json"), List.of(), Fixtures.AS_OF);
        // then
        assertThat(facts.pregnancy()).isEqualTo(PregnancyStatus.PREGNANT);
        assertThat(facts.patientRef()).as("id, not the entry fullUrl").isEqualTo("Patient/pat-pregnant");
        assertThat(condition(facts, "cond-gdm").hasCode(Code.ICD10, "O24.4")).isTrue();
    }

    @Test
    void should_be_not_pregnant_when_not_pregnant_status_is_newer_than_pregnancy_condition() {
        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("postpartum-record.json"), List.of(), Fixtures.AS_OF);
        // then
        assertThat(facts.pregnancy()).isEqualTo(PregnancyStatus.NOT_PREGNANT);
    }

    @Test
    void should_be_pregnant_when_latest_status_answers_pregnant_in_snomed() {
        // given the postpartum record as it was before the "not pregnant" observation existed
        List<IBaseResource> record = new ArrayList<>(Fixtures.resources("postpartum-record.json"));
        record.removeIf(r -> "obs-preg-status-new".equals(FhirValues.idPart(r)));
        // when
        PatientFacts facts = FHIR.toFacts(record, List.of(), Instant.parse("2025-12-01T00:00:00Z"));
        // then
        assertThat(facts.pregnancy()).isEqualTo(PregnancyStatus.PREGNANT);
    }

    @Test
    void should_not_be_pregnant_when_the_only_pregnancy_condition_began_more_than_300_days_ago() {
        // given the postpartum record without its pregnancy-status observations: an active pregnancy Condition with
        // onset 2025-10-01, i.e. 424 days before AS_OF (CLINICAL-REVIEW-2026-12.md: stale records counted as pregnant)
        List<IBaseResource> record = new ArrayList<>(Fixtures.resources("postpartum-record.json"));
        record.removeIf(r -> FhirValues.idPart(r).startsWith("obs-preg-status"));
        // when
        PatientFacts stale = FHIR.toFacts(record, List.of(), Fixtures.AS_OF);
        PatientFacts recent = FHIR.toFacts(record, List.of(), Instant.parse("2026-06-01T00:00:00Z"));
        // then
        assertThat(stale.pregnancy()).isEqualTo(PregnancyStatus.UNKNOWN);
        assertThat(recent.pregnancy()).as("243 days after onset").isEqualTo(PregnancyStatus.PREGNANT);
    }

    @Test
    void should_be_unknown_pregnancy_when_no_pregnancy_data() {
        // when
        PatientFacts facts = diabetic();
        // then
        assertThat(facts.pregnancy()).isEqualTo(PregnancyStatus.UNKNOWN);
    }

    @Test
    void should_map_allergies_with_activity_and_criticality() {
        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("allergy-record.json"), List.of(), Fixtures.AS_OF);
        // then
        assertThat(facts.allergies()).hasSize(3);
        Allergy penicillin = facts.allergies().get(0);
        assertThat(penicillin.id()).isEqualTo("allergy-penicillin");
        assertThat(penicillin.codes()).extracting(Code::code).containsExactly("91936005", "70618");
        assertThat(penicillin.text()).isEqualTo("Penicillin allergy");
        assertThat(penicillin.active()).isTrue();
        assertThat(penicillin.highCriticality()).isTrue();
        Allergy peanut = facts.allergies().get(1);
        assertThat(peanut.active()).isFalse();
        assertThat(peanut.highCriticality()).isFalse();
        Allergy sulfa = facts.allergies().get(2);
        assertThat(sulfa.active()).as("refuted").isFalse();
        assertThat(sulfa.text()).isEqualTo("Sulfonamide antibiotics");
    }

    @Test
    void should_ignore_unknown_resource_types_and_duplicates_when_record_repeats_resources() {
        // given the record twice (e.g. the same resources from two prefetch keys) — it holds an Encounter too
        List<IBaseResource> record = new ArrayList<>(Fixtures.resources("diabetic-ckd-record.json"));
        record.addAll(Fixtures.resources("diabetic-ckd-record.json"));
        // when
        PatientFacts twice = FHIR.toFacts(record, List.of(), Fixtures.AS_OF);
        PatientFacts once = diabetic();
        // then
        assertThat(twice.conditions()).hasSameSizeAs(once.conditions()).hasSize(5);
        assertThat(twice.observations()).hasSameSizeAs(once.observations());
        assertThat(twice.activeMedications()).hasSameSizeAs(once.activeMedications());
    }

    @Test
    void should_reject_record_when_it_holds_two_different_patients() {
        // given
        List<IBaseResource> record = Fixtures.resources("two-patients.json");
        // when / then
        assertThatThrownBy(() -> FHIR.toFacts(record, List.of(), Fixtures.AS_OF))
            .isInstanceOf(DxGuardException.class)
            .hasMessageStartingWith("DXG-0130: ")
            .hasMessageContaining("more than one Patient");
    }

    @Test
    void should_give_empty_facts_when_record_and_drafts_are_empty() {
        // when
        PatientFacts facts = FHIR.toFacts(List.of(), null, Fixtures.AS_OF);
        // then
        assertThat(facts.conditions()).isEmpty();
        assertThat(facts.observations()).isEmpty();
        assertThat(facts.weightKg()).isNull();
        assertThat(facts.asOf()).isEqualTo(Fixtures.AS_OF);
    }

    @Test
    void should_map_statements_and_running_administrations_when_they_are_active() {
        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("medication-statements-record.json"), List.of(),
            Fixtures.AS_OF);
        // then completed statements/administrations and entered-in-error requests are not active medications
        assertThat(facts.activeMedications()).extracting(Medication::id)
            .containsExactly("ms-glipizide", "ma-insulin-drip");
        Medication glipizide = facts.activeMedications().get(0);
        assertThat(glipizide.dose().dailyMilligrams()).hasValue(20.0);
        assertThat(glipizide.authoredOn()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        Medication insulin = facts.activeMedications().get(1);
        assertThat(insulin.dose().amount()).isEqualTo(4.0);
        assertThat(insulin.dose().unit()).isEqualTo("units");
        assertThat(insulin.dose().route()).isEqualTo("intravenous");
        assertThat(insulin.dose().frequency()).isNull();
    }
}
