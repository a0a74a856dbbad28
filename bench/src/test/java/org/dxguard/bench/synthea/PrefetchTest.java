package org.dxguard.bench.synthea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;

/** The service's prefetch templates, answered over one patient's record as an EHR's FHIR server would. */
class PrefetchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The prefetch of each service of the discovery fixture (what dxguard's GET /cds-services answers). */
    static Map<String, Prefetch> discovery() {
        try (InputStream in = PrefetchTest.class.getResourceAsStream("/bench/discovery.json")) {
            return Prefetch.fromDiscovery(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode resource(String json) {
        try {
            return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> record() {
        List<JsonNode> r = new ArrayList<>();
        r.add(resource("{'resourceType':'Condition','id':'c1','clinicalStatus':{'coding':[{'code':'active'}]}}"));
        r.add(resource("{'resourceType':'Condition','id':'c2','clinicalStatus':{'coding':[{'code':'resolved'}]}}"));
        for (int i = 1; i <= 3; i++) {
            r.add(resource("{'resourceType':'Observation','id':'egfr-" + i + "','code':{'coding':[{'system':"
                + "'http://loinc.org','code':'33914-3'}]},'effectiveDateTime':'2026-0" + i + "-01T00:00:00Z'}"));
        }
        r.add(resource("{'resourceType':'Observation','id':'bp','code':{'coding':[{'system':'http://loinc.org',"
            + "'code':'85354-9'}]},'effectiveDateTime':'2026-05-01T00:00:00Z'}"));
        r.add(resource("{'resourceType':'MedicationRequest','id':'m1','status':'active','intent':'order'}"));
        r.add(resource("{'resourceType':'MedicationRequest','id':'m2','status':'stopped','intent':'order'}"));
        r.add(resource("{'resourceType':'AllergyIntolerance','id':'a1','clinicalStatus':{'coding':[{'code':'inactive'}]}}"));
        return r;
    }

    private static List<String> ids(JsonNode bundle) {
        return bundle.path("entry").findValuesAsText("id");
    }

    @Test
    void should_answer_each_key_as_a_fhir_server_would_when_the_service_asks_for_safety_labs() {
        // given the order-sign service's templates
        Prefetch prefetch = discovery().get("dxguard-medication-sign");
        ObjectNode patient = resource("{'resourceType':'Patient','id':'p1'}");

        // when
        ObjectNode answer = prefetch.answer(patient, record());

        // then: the patient itself; active and past (resolved: history facts, issue 16) conditions; active medications;
        // safety labs latest first; no inactive allergy
        assertThat(answer.fieldNames()).toIterable()
            .containsExactly("patient", "conditions", "observations", "medications", "stoppedMedications", "allergies",
                "procedures", "medicationStatements", "familyHistory", "currentEncounter");
        assertThat(answer.get("patient")).isSameAs(patient);
        assertThat(ids(answer.get("conditions"))).containsExactly("c1", "c2");
        assertThat(ids(answer.get("observations"))).containsExactly("egfr-3", "egfr-2", "egfr-1");
        assertThat(ids(answer.get("medications"))).containsExactly("m1");
        assertThat(ids(answer.get("stoppedMedications"))).containsExactly("m2");
        assertThat(ids(answer.get("allergies"))).isEmpty();
        assertThat(answer.at("/procedures/type").asText()).isEqualTo("searchset");
        assertThat(ids(answer.get("medicationStatements"))).isEmpty();
        assertThat(ids(answer.get("familyHistory"))).isEmpty();
        assertThat(ids(answer.get("currentEncounter"))).isEmpty();
    }

    @Test
    void should_include_the_referenced_medication_when_the_template_asks_for_it() {
        // given a US Core style order naming its drug by reference, and a Medication nobody references
        Prefetch prefetch = Prefetch.of(Map.of("medications", "MedicationRequest?patient={{context.patientId}}"
            + "&intent=order,plan&status=active&_include=MedicationRequest:medication"));
        List<JsonNode> record = List.of(
            resource("{'resourceType':'MedicationRequest','id':'o1','status':'active','intent':'order',"
                + "'medicationReference':{'reference':'Medication/med-1'}}"),
            resource("{'resourceType':'MedicationRequest','id':'p1','status':'active','intent':'proposal'}"),
            resource("{'resourceType':'Medication','id':'med-1'}"),
            resource("{'resourceType':'Medication','id':'med-2'}"));

        // when
        ObjectNode answer = prefetch.answer(resource("{'resourceType':'Patient','id':'p'}"), record);

        // then: the order (not the proposal) and the Medication it names
        assertThat(ids(answer.get("medications"))).containsExactly("o1", "med-1");
    }

    @Test
    void should_give_every_observation_latest_first_up_to_the_count_when_no_code_is_asked_for() {
        // given
        Prefetch prefetch = Prefetch.of(Map.of("observations",
            "Observation?patient={{context.patientId}}&_sort=-date&_count=2"));

        // when
        ObjectNode answer = prefetch.answer(resource("{'resourceType':'Patient','id':'p1'}"), record());

        // then
        assertThat(ids(answer.get("observations"))).containsExactly("bp", "egfr-3");
    }

    @Test
    void should_refuse_a_template_it_cannot_answer_instead_of_guessing() {
        // when / then
        assertThatThrownBy(() -> Prefetch.of(Map.of("encounters",
            "Encounter?patient={{context.patientId}}&date=ge2026-01-01")))
            .isInstanceOf(DxGuardException.class).hasMessageContaining("DXG-0756")
            .hasMessageContaining("encounters").hasMessageContaining("'date'");
        assertThatThrownBy(() -> Prefetch.of(Map.of("meds", "MedicationRequest?status=active")))
            .isInstanceOf(DxGuardException.class).hasMessageContaining("patient={{context.patientId}}");
        assertThatThrownBy(() -> Prefetch.of(Map.of("conditions",
            "Condition?patient={{context.patientId}}&_sort=-date")))
            .isInstanceOf(DxGuardException.class).hasMessageContaining("_sort=-date on Condition");
    }
}
