package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.dxguard.model.Code;
import org.dxguard.model.Medication;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Maps every patient of a small generated Synthea cohort (12 adults aged 40-90, seed 42). */
class SyntheaMappingIT {
    static final int COUNT = 12;
    static final long SEED = 42;
    private static final String T2DM = "44054006";

    private static final List<PatientFacts> COHORT = new ArrayList<>();

    @BeforeAll
    static void generateAndMap() throws IOException {
        FhirFacts fhir = FhirFacts.create();
        for (Path file : SyntheaCohort.cohort(COUNT, SEED)) {
            String json = Files.readString(file);
            COHORT.add(fhir.toFacts(fhir.resources(fhir.parse(json)), List.of(), SyntheaCohort.REFERENCE_TIME));
        }
    }

    @Test
    void should_map_every_generated_patient_when_cohort_is_generated() {
        // given the generated cohort, when mapped (in @BeforeAll), then every patient has core facts
        assertThat(COHORT).hasSize(COUNT);
        assertThat(COHORT).allSatisfy(f -> {
            assertThat(f.patientRef()).startsWith("Patient/");
            assertThat(f.ageYears()).isBetween(SyntheaCohort.MIN_AGE, SyntheaCohort.MAX_AGE + 1);
            assertThat(f.sex()).isIn(Sex.FEMALE, Sex.MALE);
            assertThat(f.weightKg()).isNotNull();
            assertThat(f.conditions()).isNotEmpty();
            assertThat(f.observations()).isNotEmpty();
            assertThat(f.latest(Code.LOINC, "8480-6")).as("systolic BP split out of the 85354-9 panel").isPresent();
        });
    }

    @Test
    void should_find_hba1c_and_rxnorm_coded_medications_when_patient_is_diabetic() {
        // given
        List<PatientFacts> diabetics = COHORT.stream().filter(f -> f.hasActiveCondition(Code.SNOMED, T2DM)).toList();
        // then
        assertThat(diabetics).as("type 2 diabetics in the cohort").isNotEmpty();
        assertThat(diabetics).allSatisfy(f -> {
            assertThat(f.latest(Code.LOINC, "4548-4")).as("HbA1c").isPresent();
            assertThat(f.activeMedications()).as("active medications").isNotEmpty()
                .allSatisfy(m -> assertThat(m.rxnorm()).isNotNull());
        });
    }

    @Test
    void should_resolve_structured_doses_when_synthea_prescribes_with_timing() {
        // given every active medication with a dose in the cohort
        List<Medication> dosed = COHORT.stream().flatMap(f -> f.activeMedications().stream())
            .filter(m -> m.dose() != null).toList();
        // then
        assertThat(dosed).isNotEmpty();
        assertThat(dosed).allSatisfy(m -> assertThat(m.dose().frequency()).isNotNull());
        // and a count of single-ingredient tablets becomes milligrams (Synthea doses are "1", no unit)
        assertThat(dosed).filteredOn(m -> m.text() != null && m.text().matches(".* MG Oral Tablet.*")
                && !m.text().contains("/"))
            .isNotEmpty()
            .allSatisfy(m -> assertThat(m.dose().unit()).isEqualTo("mg"));
    }
}
