package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/** Dialysis recorded as Procedures (as Synthea and many EHRs do) becomes a "dependence on dialysis" condition. */
class DialysisMappingTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;

    private static List<Condition> dialysisConditions(PatientFacts facts) {
        return facts.conditions().stream().filter(c -> c.hasCode(Code.SNOMED, "105502003")).toList();
    }

    @Test
    void should_add_active_dialysis_condition_named_after_latest_session_when_dialysis_was_3_days_ago() {
        // given sessions on 20, 23 and 26 November, a not-done session on the 28th and asOf 29 November
        List<IBaseResource> record = Fixtures.resources("dialysis-record.json");

        // when
        PatientFacts facts = FHIR.toFacts(record, List.of(), Fixtures.AS_OF);

        // then
        assertThat(dialysisConditions(facts)).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("Procedure/dialysis-3");
            assertThat(c.active()).isTrue();
            assertThat(c.text()).contains("derived from a dialysis procedure on 2026-11-26");
            assertThat(c.codes()).containsExactly(new Code(Code.SNOMED, "105502003", "Dependence on renal dialysis"));
        });
        assertThat(facts.conditions()).extracting(Condition::id).contains("cond-ckd5");
    }

    @Test
    void should_add_no_dialysis_condition_when_last_dialysis_was_90_days_ago() {
        // given the same record seen 90 days after its last completed session (26 November)
        Instant asOf = Instant.parse("2026-11-26T13:00:00Z").plus(Duration.ofDays(90));

        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("dialysis-record.json"), List.of(), asOf);

        // then
        assertThat(dialysisConditions(facts)).isEmpty();
    }

    @Test
    void should_still_count_dialysis_when_last_session_was_exactly_30_days_ago() {
        // given asOf exactly 30 days after the end of the last session
        Instant asOf = Instant.parse("2026-11-26T13:00:00Z").plus(Duration.ofDays(30));

        // when
        PatientFacts facts = FHIR.toFacts(Fixtures.resources("dialysis-record.json"), List.of(), asOf);

        // then
        assertThat(dialysisConditions(facts)).extracting(Condition::id).containsExactly("Procedure/dialysis-3");
        assertThat(dialysisConditions(FHIR.toFacts(Fixtures.resources("dialysis-record.json"), List.of(),
            asOf.plusSeconds(1)))).isEmpty();
    }

    @Test
    void should_add_no_dialysis_condition_when_kidney_transplant_follows_last_dialysis() {
        // given sessions on 23 and 26 November and a kidney transplant (procedure and history) on the 27th
        List<IBaseResource> record = Fixtures.resources("dialysis-then-transplant-record.json");

        // when
        PatientFacts facts = FHIR.toFacts(record, List.of(), Fixtures.AS_OF);

        // then
        assertThat(dialysisConditions(facts)).isEmpty();
    }

    @Test
    void should_add_no_dialysis_condition_when_only_a_transplant_history_condition_follows_last_dialysis() {
        // given the transplant known only from the "history of renal transplant" condition (onset 27 November)
        List<IBaseResource> record = new ArrayList<>(Fixtures.resources("dialysis-then-transplant-record.json"));
        record.removeIf(r -> "kidney-transplant".equals(FhirValues.idPart(r)));

        // when
        PatientFacts facts = FHIR.toFacts(record, List.of(), Fixtures.AS_OF);

        // then
        assertThat(dialysisConditions(facts)).isEmpty();
    }

    @Test
    void should_add_dialysis_condition_when_dialysis_resumed_after_a_failed_transplant() {
        // given a transplant in 2025, graft rejection in October 2026 and hemodialysis on 25 November 2026
        List<IBaseResource> record = Fixtures.resources("dialysis-after-failed-transplant-record.json");

        // when
        PatientFacts facts = FHIR.toFacts(record, List.of(), Fixtures.AS_OF);

        // then
        assertThat(dialysisConditions(facts)).extracting(Condition::id).containsExactly("Procedure/hemodialysis-1");
    }
}
