package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.model.Encounter;
import org.junit.jupiter.api.Test;

/** The current visit (issue 16): an in-progress Encounter, a hospital class preferred; classes are never guessed. */
class EncounterMappingTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;

    @Test
    void should_take_the_in_progress_inpatient_stay_as_current_encounter_when_record_also_has_past_and_virtual_visits() {
        // given a finished clinic visit, an in-progress inpatient stay and a later in-progress virtual visit
        var record = Fixtures.resources("encounters-record.json");

        // when
        Encounter current = FHIR.toFacts(record, List.of(), Fixtures.AS_OF).currentEncounter();

        // then the stay wins over the later virtual visit: the patient is in hospital
        assertThat(current).isNotNull();
        assertThat(current.id()).isEqualTo("enc-stay");
        assertThat(current.classCode()).isEqualTo("IMP");
        assertThat(current.inHospital()).isTrue();
    }

    @Test
    void should_leave_current_encounter_unknown_when_record_has_no_encounter() {
        // given a record without Encounter resources (an EHR that did not send the optional key)
        var record = Fixtures.resources("dialysis-record.json");

        // when
        Encounter current = FHIR.toFacts(record, List.of(), Fixtures.AS_OF).currentEncounter();

        // then
        assertThat(current).isNull();
    }

    @Test
    void should_not_guess_hospital_and_note_it_when_class_is_a_local_code() {
        // given an in-progress encounter whose class is an EHR-local code ("3", "Hospital Encounter")
        var record = Fixtures.resources("encounter-local-class-record.json");

        // when
        FhirFacts.Mapped mapped = FHIR.map(record, List.of(), Fixtures.AS_OF);

        // then it is current but not known to be in hospital, and a data note says why
        assertThat(mapped.facts().currentEncounter()).isNotNull();
        assertThat(mapped.facts().currentEncounter().classCode()).isNull();
        assertThat(mapped.facts().currentEncounter().inHospital()).isFalse();
        assertThat(mapped.notes()).anySatisfy(n -> assertThat(n).startsWith("UNUSABLE_VALUE Encounter/enc-local")
            .contains("not from the HL7 v3 ActCode system"));
    }
}
