package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

/** Stopped and completed MedicationRequests (issue 15): stopped, with the end of their bounds, never active. */
class StoppedRequestMappingTest {
    private static final Instant AS_OF = Fixtures.AS_OF;

    private static MedicationRequest phenelzine(String status, Integer endDaysAgo) {
        MedicationRequest mr = new MedicationRequest();
        mr.setId("mr-phenelzine");
        mr.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(status));
        mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        mr.setMedication(new CodeableConcept().setText("phenelzine 15 mg tablet"));
        mr.setAuthoredOn(Date.from(AS_OF.minus(Duration.ofDays(200))));
        if (endDaysAgo != null) {
            Timing timing = new Timing();
            timing.getRepeat().setBounds(new Period().setStart(Date.from(AS_OF.minus(Duration.ofDays(200))))
                .setEnd(Date.from(AS_OF.minus(Duration.ofDays(endDaysAgo)))));
            mr.addDosageInstruction(new Dosage().setTiming(timing));
        }
        return mr;
    }

    private static List<Medication> map(MedicationRequest mr) {
        PatientFacts facts = Fixtures.FHIR.toFacts(List.of(mr), List.of(), AS_OF);
        return facts.activeMedications();
    }

    @Test
    void should_map_a_stopped_request_as_stopped_at_the_end_of_its_bounds_when_that_was_10_days_ago() {
        // when
        List<Medication> meds = map(phenelzine("stopped", 10));
        // then
        assertThat(meds).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo(MedicationStatus.STOPPED);
            assertThat(m.ended()).isEqualTo(AS_OF.minus(Duration.ofDays(10)));
            assertThat(m.source()).isEqualTo("MedicationRequest");
        });
    }

    @Test
    void should_map_a_completed_request_as_stopped_and_drop_it_when_it_ended_before_the_look_back() {
        // when / then: 30 days is the look-back, one more day is past it
        assertThat(map(phenelzine("completed", 30))).singleElement()
            .satisfies(m -> assertThat(m.status()).isEqualTo(MedicationStatus.STOPPED));
        assertThat(map(phenelzine("completed", 31))).isEmpty();
    }

    @Test
    void should_keep_no_end_when_a_stopped_request_has_no_bounds_or_bounds_still_ahead() {
        // when: no bounds; bounds that end 5 days from now (stopped early, on a day the record does not say)
        List<Medication> noBounds = map(phenelzine("stopped", null));
        List<Medication> ahead = map(phenelzine("stopped", -5));
        // then
        assertThat(noBounds).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo(MedicationStatus.STOPPED);
            assertThat(m.ended()).isNull();
        });
        assertThat(ahead).singleElement().satisfies(m -> assertThat(m.ended()).isNull());
    }

    @Test
    void should_drop_a_cancelled_request_when_it_was_never_taken() {
        // when / then
        assertThat(map(phenelzine("cancelled", 3))).isEmpty();
    }
}
