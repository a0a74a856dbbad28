package org.dxguard.bench.synthea;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DraftOrdersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SyntheaRequests patient(String name, long shiftDays) throws Exception {
        return SyntheaRequests.from(Path.of(DraftOrdersTest.class.getResource("/bench/" + name).toURI()), shiftDays);
    }

    @Test
    void should_renew_active_medications_and_add_an_sglt2_inhibitor_when_a_type_2_diabetic_has_ckd() throws Exception {
        // given
        SyntheaRequests p = patient("bundle-t2d-ckd-metformin.json", 0);

        // when
        List<DraftOrders.Draft> drafts = p.drafts(new Random(1));

        // then: the stopped clarithromycin and the resolved sinusitis give nothing; metformin is already taken
        assertThat(drafts).extracting(DraftOrders.Draft::kind).contains("renewal", "new-sglt2")
            .doesNotContain("new-metformin", "new-clarithromycin", "new-acetaminophen");
        assertThat(drafts.stream().filter(d -> d.kind().equals("renewal")))
            .extracting(d -> d.resource().at("/medicationCodeableConcept/coding/0/code").asText())
            .containsExactlyInAnyOrder("861007", "314076");
        assertThat(drafts).extracting(DraftOrders.Draft::id).doesNotHaveDuplicates();
        assertThat(drafts).allSatisfy(d -> {
            assertThat(d.resource().path("status").asText()).isEqualTo("draft");
            assertThat(d.resource().at("/subject/reference").asText()).isEqualTo("Patient/p-bench-1");
        });
    }

    @Test
    void should_give_one_harmless_order_when_a_patient_has_no_medications_or_conditions() throws Exception {
        // given
        SyntheaRequests p = patient("bundle-healthy.json", 0);

        // when
        List<DraftOrders.Draft> drafts = p.drafts(new Random(1));

        // then
        assertThat(drafts).extracting(DraftOrders.Draft::kind).containsExactly("new-acetaminophen");
    }

    @Test
    void should_build_order_select_with_the_draft_selected_and_full_prefetch_when_dates_are_shifted()
        throws Exception {
        // given
        SyntheaRequests p = patient("bundle-t2d-ckd-metformin.json", 10);
        DraftOrders.Draft draft = p.drafts(new Random(1)).get(0);

        // when
        JsonNode call = JSON.readTree(SyntheaRequests.bytes(p.orderCall("order-select", draft.resource(), "x-1", PrefetchTest.discovery().get("dxguard-medication-select"))));

        // then
        assertThat(call.path("hookInstance").asText()).isEqualTo("x-1");
        assertThat(call.at("/context/selections/0").asText()).isEqualTo("MedicationRequest/" + draft.id());
        assertThat(call.at("/context/draftOrders/entry/0/resource/id").asText()).isEqualTo(draft.id());
        assertThat(call.path("prefetch").fieldNames()).toIterable()
            .containsExactly("patient", "conditions", "observations", "medications", "stoppedMedications", "allergies",
                "procedures", "medicationStatements", "familyHistory", "currentEncounter");
        assertThat(call.at("/prefetch/observations/entry/0/resource/effectiveDateTime").asText())
            .startsWith("2026-05-30");
        assertThat(call.at("/prefetch/medications/entry").size()).isEqualTo(2);
    }
}
