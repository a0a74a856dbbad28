package org.dxguard.service.ask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dxguard.model.DxGuardException;
import org.hl7.fhir.r4.model.FamilyMemberHistory;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** Every resource an answer reads, including the kinds the medication prefetch gained (issue 15), is this patient's. */
class PatientScopeTest {

    @Test
    void should_refuse_the_answer_when_a_family_history_is_about_another_patient() {
        // given a relative's history recorded for patient p2, read while asking about p1
        FamilyMemberHistory fmh = new FamilyMemberHistory();
        fmh.setPatient(new Reference("Patient/p2"));

        // when / then
        assertThatThrownBy(() -> PatientScope.checkResources("p1", List.of(fmh)))
            .isInstanceOf(DxGuardException.class)
            .satisfies(e -> assertThat(((DxGuardException) e).errorCode()).isEqualTo(AskErrors.PATIENT_MISMATCH));
    }

    @Test
    void should_refuse_the_answer_when_a_dispense_is_about_another_patient() {
        // given
        MedicationDispense dispense = new MedicationDispense();
        dispense.setSubject(new Reference("http://ehr.example/fhir/Patient/p2"));

        // when / then
        assertThatThrownBy(() -> PatientScope.checkResources("p1", List.of(dispense)))
            .isInstanceOf(DxGuardException.class);
    }

    @Test
    void should_accept_the_record_when_every_resource_names_the_patient_or_none() {
        // given this patient's history and dispense, and a Medication (about no patient)
        FamilyMemberHistory fmh = new FamilyMemberHistory();
        fmh.setPatient(new Reference("Patient/p1"));
        MedicationDispense dispense = new MedicationDispense();
        dispense.setSubject(new Reference("urn:uuid:p1"));

        // when / then nothing is refused
        PatientScope.checkResources("p1", List.of(fmh, dispense, new Medication()));
    }
}
