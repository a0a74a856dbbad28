package org.dxguard.service.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.dxguard.service.cohort.AlertOracle.Judgement;
import org.dxguard.service.cohort.AlertOracle.Verdict;
import org.junit.jupiter.api.Test;

/** The oracle itself, on hand-made bundles (src/test/resources/cohort/): it must be right before it judges rules. */
class AlertOracleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AS_OF = Instant.parse("2026-06-01T12:00:00Z");

    private static JsonNode bundle(String name) throws IOException {
        try (InputStream in = AlertOracleTest.class.getResourceAsStream("/cohort/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static RawPatient patient(String name) throws IOException {
        return RawPatient.of(bundle(name));
    }

    private static Draft renewal(RawPatient p, String rxnorm) {
        return Draft.of(Draft.RENEWAL, p.activeMeds().stream().filter(m -> m.rxnorm().equals(rxnorm)).findFirst()
            .orElseThrow().resource());
    }

    private static Draft newMetformin() throws IOException {
        return Draft.of(Draft.NEW_METFORMIN, JSON.readTree("""
            {"resourceType":"MedicationRequest","id":"draft-1","status":"draft","intent":"order",
             "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm",
               "code":"861007","display":"metformin hydrochloride 500 MG Oral Tablet"}]},
             "dosageInstruction":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},
               "doseAndRate":[{"doseQuantity":{"value":500,"unit":"mg","code":"mg"}}]}]}"""));
    }

    private static Verdict verdict(Map<String, Judgement> j, String rule) {
        return j.get(rule).verdict();
    }

    @Test
    void should_expect_the_contraindication_when_metformin_is_renewed_at_egfr_25() throws IOException {
        // given
        RawPatient p = patient("ckd-metformin.json");
        Draft metformin = renewal(p, "860975");

        // when
        Map<String, Judgement> j = AlertOracle.judge(p, metformin, AS_OF);

        // then
        assertThat(metformin.dailyMg()).isEqualTo(500.0);
        assertThat(verdict(j, "ADA-MET-001")).isEqualTo(Verdict.SHOULD_FIRE);
        assertThat(j.get("ADA-MET-001").facts()).contains("latest eGFR 25", "2026-05-01", "31 days");
        assertThat(verdict(j, "ADA-MET-002")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
        assertThat(verdict(j, "ADA-LAB-001")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
        assertThat(AlertOracle.noProblem(p, metformin, AS_OF, j)).isFalse();
    }

    @Test
    void should_expect_allergy_and_interaction_cards_when_aspirin_and_simvastatin_are_renewed() throws IOException {
        // given
        RawPatient p = patient("ckd-metformin.json");

        // when
        Map<String, Judgement> aspirin = AlertOracle.judge(p, renewal(p, "243670"), AS_OF);
        Map<String, Judgement> simvastatin = AlertOracle.judge(p, renewal(p, "312961"), AS_OF);

        // then
        assertThat(verdict(aspirin, "CI-ALG-001")).isEqualTo(Verdict.SHOULD_FIRE);
        assertThat(verdict(aspirin, "ONC-DDI-11")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
        assertThat(verdict(aspirin, "ADA-MET-001")).as("active metformin at eGFR 25, whatever is renewed")
            .isEqualTo(Verdict.SHOULD_FIRE);
        assertThat(verdict(simvastatin, "ONC-DDI-11")).isEqualTo(Verdict.SHOULD_FIRE);
        assertThat(simvastatin.get("ONC-DDI-11").facts()).contains("simvastatin", "clarithromycin");
        assertThat(verdict(simvastatin, "CI-ALG-001")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
    }

    @Test
    void should_find_no_problem_when_a_t2d_patient_with_egfr_85_gets_new_metformin() throws IOException {
        // given
        RawPatient p = patient("healthy-t2d.json");
        Draft metformin = newMetformin();

        // when
        Map<String, Judgement> j = AlertOracle.judge(p, metformin, AS_OF);

        // then: resolved heart failure does not count; naproxen is active, not drafted
        assertThat(metformin.dailyMg()).isEqualTo(1000.0);
        assertThat(j.values()).allMatch(x -> x.verdict() == Verdict.SHOULD_NOT_FIRE);
        assertThat(AlertOracle.noProblem(p, metformin, AS_OF, j)).isTrue();
        assertThat(CohortStudy.type2Diabetic(p)).isTrue();
    }

    @Test
    void should_expect_an_egfr_order_when_the_latest_egfr_is_older_than_a_year() throws IOException {
        // given: eGFR 70 (unit mL/min, as Synthea sometimes writes it) 515 days before the call
        RawPatient p = patient("old-egfr-metformin.json");

        // when
        Map<String, Judgement> lisinopril = AlertOracle.judge(p, renewal(p, "314076"), AS_OF);
        Map<String, Judgement> metformin = AlertOracle.judge(p, renewal(p, "860975"), AS_OF);
        Map<String, Judgement> monthsEarlier = AlertOracle.judge(p, renewal(p, "314076"),
            Instant.parse("2025-06-01T00:00:00Z"));

        // then
        assertThat(verdict(lisinopril, "ADA-MET-006")).isEqualTo(Verdict.SHOULD_FIRE);
        assertThat(verdict(lisinopril, "ADA-LAB-001")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
        assertThat(verdict(metformin, "ADA-LAB-001")).isEqualTo(Verdict.SHOULD_FIRE);
        assertThat(verdict(metformin, "ADA-MET-006")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
        assertThat(verdict(metformin, "ADA-MET-005")).as("2 x 500 mg ER a day").isEqualTo(Verdict.SHOULD_NOT_FIRE);
        assertThat(verdict(monthsEarlier, "ADA-MET-006")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
    }

    @Test
    void should_call_a_verdict_undecidable_when_it_changes_within_the_call() throws IOException {
        // given: the eGFR of 2025-01-02T09:00Z is more than 365 whole days old from 2026-01-03T09:00Z on
        RawPatient p = patient("old-egfr-metformin.json");
        Draft lisinopril = renewal(p, "314076");

        // when
        Map<String, Judgement> j = AlertOracle.judge(p, lisinopril, Instant.parse("2026-01-03T08:59:59Z"),
            Instant.parse("2026-01-03T09:00:01Z"));

        // then
        assertThat(verdict(j, "ADA-MET-006")).isEqualTo(Verdict.UNDECIDABLE);
    }

    private static Draft newEmpagliflozin() throws IOException {
        return Draft.of(Draft.NEW_SGLT2, JSON.readTree("""
            {"resourceType":"MedicationRequest","id":"new-sglt2","status":"draft","intent":"order",
             "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm",
               "code":"1545658","display":"empagliflozin 10 MG Oral Tablet"}]},
             "dosageInstruction":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},
               "doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg","code":"mg"}}]}]}"""));
    }

    @Test
    void should_expect_the_dialysis_contraindication_when_dialysis_is_recorded_as_procedures() throws IOException {
        // given: dialysis sessions 3 and 5 days before the call, recorded as Procedures (as Synthea does)
        RawPatient p = patient("on-dialysis.json");

        // when
        Map<String, Judgement> j = AlertOracle.judge(p, newEmpagliflozin(), AS_OF);

        // then
        assertThat(verdict(j, "ADA-SGLT2-001")).isEqualTo(Verdict.SHOULD_FIRE);
        assertThat(j.get("ADA-SGLT2-001").facts()).contains("last dialysis procedure 3 days before the call");
        assertThat(verdict(j, "ADA-SGLT2-003")).as("organ protection rule stops at dialysis")
            .isEqualTo(Verdict.SHOULD_NOT_FIRE);
        assertThat(AlertOracle.noProblem(p, newEmpagliflozin(), AS_OF, j)).isFalse();
    }

    @Test
    void should_call_dialysis_undecidable_when_a_good_egfr_follows_the_last_session() throws IOException {
        // given: eGFR 88 measured after the last dialysis session (a transplant, or a recovered kidney)
        RawPatient p = patient("dialysis-then-egfr-88.json");

        // when
        Map<String, Judgement> j = AlertOracle.judge(p, newEmpagliflozin(), AS_OF);

        // then
        assertThat(verdict(j, "ADA-SGLT2-001")).isEqualTo(Verdict.UNDECIDABLE);
        assertThat(verdict(j, "ADA-SGLT2-003")).isEqualTo(Verdict.SHOULD_NOT_FIRE);
    }
}
