package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.service.Fixtures;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.prefetch.FakeFhirServer;
import org.dxguard.service.hooks.PrefetchTemplates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records in real EHR shapes (fixtures under {@code realshapes/}: ICD-10-only problem lists and a national edition,
 * creatinine in µmol/L without an eGFR, a draft written in Chinese with only a sig, a US Core draft naming an external
 * Medication, a stopped MAOI recorded as a MedicationStatement or as a stopped MedicationRequest, molar and unit-less
 * glucose, a pregnancy known only from a positive hCG test, dialysis coded in CPT and ICD-10-PCS) get the same cards as
 * their Synthea-shaped equivalents, both when the EHR sends the prefetch and when the service fetches everything
 * from the EHR's FHIR server.
 */
class RealShapesIT {
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile("\\b(ADA|CI|ONC)-[A-Z0-9]+(-[A-Z0-9]+)*\\b");
    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A fixture with its {@code __DAYS_AGO_n__} placeholders set to n days before now. */
    private static ObjectNode fixture(String name) throws Exception {
        String text = Fixtures.text("realshapes/" + name);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Matcher m = Pattern.compile("__DAYS_AGO_(\\d+)__").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, now.minus(Long.parseLong(m.group(1)), ChronoUnit.DAYS).toString());
        }
        m.appendTail(sb);
        return (ObjectNode) JSON.readTree(sb.toString());
    }

    /** The prefetch key that holds a resource type (the medication-safety templates). */
    private static String key(String resourceType) {
        return switch (resourceType) {
            case "Patient" -> "patient";
            case "Condition" -> "conditions";
            case "Observation" -> "observations";
            case "MedicationRequest", "Medication" -> "medications";
            case "MedicationStatement" -> "medicationStatements";
            case "AllergyIntolerance" -> "allergies";
            case "Procedure" -> "procedures";
            case "FamilyMemberHistory" -> "familyHistory";
            default -> throw new IllegalArgumentException(resourceType);
        };
    }

    private static ObjectNode searchset(List<JsonNode> resources) {
        ObjectNode b = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = b.putArray("entry");
        resources.forEach(r -> entries.addObject().set("resource", r));
        return b;
    }

    private static ObjectNode call(ObjectNode fixture) {
        ObjectNode req = JSON.createObjectNode().put("hookInstance", UUID.randomUUID().toString())
            .put("hook", "order-sign");
        ObjectNode ctx = req.putObject("context").put("userId", "Practitioner/u1").put("patientId", "p1");
        ctx.set("draftOrders", fixture.get("draftOrders"));
        return req;
    }

    /** The record's resources by prefetch key; a Medication goes with the statements that name it (_include). */
    private static Map<String, List<JsonNode>> byKey(ObjectNode fixture) {
        Map<String, List<JsonNode>> out = new java.util.LinkedHashMap<>();
        PrefetchTemplates.medicationSafety().keySet().forEach(k -> out.put(k, new ArrayList<>()));
        String all = fixture.get("record").toString();
        for (JsonNode e : fixture.at("/record/entry")) {
            JsonNode r = e.get("resource");
            String type = r.get("resourceType").asText();
            String k = key(type);
            if (type.equals("MedicationRequest") && List.of("stopped", "completed").contains(r.path("status").asText())) {
                k = "stoppedMedications";
            }
            if (type.equals("Medication") && all.contains("\"MedicationStatement\"")
                && all.contains("\"Medication/" + r.get("id").asText() + "\"")) {
                k = "medicationStatements";
            }
            out.get(k).add(r);
        }
        return out;
    }

    /** The call with every key prefetched. */
    private static byte[] withPrefetch(ObjectNode fixture) throws Exception {
        ObjectNode req = call(fixture);
        ObjectNode prefetch = req.putObject("prefetch");
        byKey(fixture).forEach((k, resources) -> {
            if (k.equals("patient")) {
                prefetch.set(k, resources.get(0));
            } else {
                prefetch.set(k, searchset(resources));
            }
        });
        return JSON.writeValueAsBytes(req);
    }

    /** Rule id and indicator of every card (the rule id is in the card's detail). */
    private static TreeSet<String> cards(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode c : JSON.readTree(r.body()).get("cards")) {
            Matcher m = RULE.matcher(c.path("detail").asText() + " " + c.path("source").path("label").asText());
            if (m.find()) {
                out.add(m.group() + " " + c.get("indicator").asText());
            }
        }
        return out;
    }

    private static TreeSet<String> expected(ObjectNode fixture) {
        TreeSet<String> out = new TreeSet<>();
        fixture.get("expect").forEach(e -> out.add(e.asText()));
        return out;
    }

    /** The cards when the service fetches every key from a FHIR server that answers each search as the EHR would. */
    private static TreeSet<String> fetched(ObjectNode real) throws Exception {
        try (FakeFhirServer fhir = new FakeFhirServer()) {
            Map<String, List<JsonNode>> byKey = byKey(real);
            byKey.forEach((k, resources) -> {
                String type = PrefetchTemplates.medicationSafety().get(k).split("[/?]")[0];
                if (k.equals("patient")) {
                    fhir.route("Patient/p1", q -> new FakeFhirServer.Reply(200, resources.get(0).toString()));
                } else if (type.equals("MedicationRequest")) {
                    // two keys search MedicationRequest: the stopped and completed orders, and the active ones
                    fhir.route(type, q -> new FakeFhirServer.Reply(200, searchset(byKey.get(
                        q.contains("stopped") ? "stoppedMedications" : "medications")).toString()));
                } else {
                    fhir.route(type, q -> new FakeFhirServer.Reply(200, searchset(resources).toString()));
                }
            });
            ObjectNode req = call(real);
            req.put("fhirServer", fhir.base());
            TreeSet<String> cards = cards(server.post(SIGN, server.sandboxToken(SIGN), JSON.writeValueAsBytes(req)));
            assertThat(fhir.requestCount()).as("one request per prefetch key").isEqualTo(
                PrefetchTemplates.medicationSafety().size());
            return cards;
        }
    }

    @ParameterizedTest(name = "{1} gets the cards of {0}")
    @CsvSource({
        "metformin-synthea.json, metformin-icd-umol-chinese.json",
        "metformin-synthea.json, metformin-uscore-medication-reference.json",
        "maoi-synthea.json, maoi-statement-stopped-chinese.json",
        "maoi-synthea.json, maoi-request-stopped.json",
        "pregnancy-synthea.json, pregnancy-hcg-positive.json",
        "dialysis-synthea.json, dialysis-cpt-icd10pcs.json",
        "simvastatin-synthea.json, ips-simvastatin-statement.json",
        "glp1-mtc-synthea.json, glp1-mtc-family-history.json",
        "glucose-synthea.json, glucose-molar-unitless.json"})
    void should_give_the_synthea_shaped_cards_when_the_record_has_a_real_shape_with_prefetch_and_through_fetch(
        String syntheaShape, String realShape) throws Exception {
        // given the Synthea-shaped record and its real-shaped equivalent
        ObjectNode synthea = fixture(syntheaShape);
        ObjectNode real = fixture(realShape);

        // when both are sent with prefetch
        TreeSet<String> reference = cards(server.post(SIGN, server.sandboxToken(SIGN), withPrefetch(synthea)));
        TreeSet<String> prefetched = cards(server.post(SIGN, server.sandboxToken(SIGN), withPrefetch(real)));

        // and the real-shaped record is fetched by the service from the EHR's FHIR server instead
        TreeSet<String> fetched = fetched(real);

        // then the real shapes get the cards of the Synthea shape, and those are the expected ones
        assertThat(reference).as("Synthea shape " + syntheaShape).isEqualTo(expected(synthea));
        assertThat(prefetched).as(realShape + " with prefetch").isEqualTo(reference);
        assertThat(fetched).as(realShape + " fetched from the FHIR server").isEqualTo(reference);
    }

    @org.junit.jupiter.api.Test
    void should_read_a_stopped_order_as_stopped_not_active_when_its_washout_is_over_with_prefetch_and_through_fetch()
        throws Exception {
        // given a phenelzine MedicationRequest stopped 20 days ago (washout 14 days) and a draft sertraline
        ObjectNode real = fixture("maoi-request-stopped-past-washout.json");

        // when it is prefetched, and when the service fetches it
        TreeSet<String> prefetched = cards(server.post(SIGN, server.sandboxToken(SIGN), withPrefetch(real)));
        TreeSet<String> fetched = fetched(real);

        // then no interaction card: the stopped order is neither active nor within its washout
        assertThat(expected(real)).isEmpty();
        assertThat(prefetched).as("with prefetch").isEqualTo(expected(real));
        assertThat(fetched).as("fetched from the FHIR server").isEqualTo(expected(real));
    }

    @org.junit.jupiter.api.Test
    void should_end_a_pregnancy_with_a_later_negative_test_and_note_an_unreadable_result_with_prefetch_and_fetch()
        throws Exception {
        // given a pregnancy condition and a positive test, then a negative test, then a "weakly positive" result
        ObjectNode real = fixture("pregnancy-hcg-negative-later.json");
        ObjectNode request = (ObjectNode) JSON.readTree(withPrefetch(real));

        // when it is prefetched, and when the service fetches it
        TreeSet<String> prefetched = cards(server.post(SIGN, server.sandboxToken(SIGN),
            JSON.writeValueAsBytes(request)));
        TreeSet<String> fetched = fetched(real);

        // then no pregnancy card (the negative test ends it; the unreadable result is not guessed) ...
        assertThat(expected(real)).noneMatch(c -> c.startsWith("ADA-PREG"));
        assertThat(prefetched).as("with prefetch").isEqualTo(expected(real));
        assertThat(fetched).as("fetched from the FHIR server").isEqualTo(expected(real));
        // ... and the decision record (what `audit show` prints) names the result that could not be read
        String log = java.nio.file.Files.readString(server.dataDir().resolve("audit/decisions.jsonl"));
        String line = log.lines().filter(l -> l.contains(request.get("hookInstance").asText())).findFirst()
            .orElseThrow();
        assertThat(line).contains("UNUSABLE_VALUE Observation/hcg-3: pregnancy test (LOINC 2106-3) result "
            + "'weakly positive' is not read as positive or negative");
    }

    @org.junit.jupiter.api.Test
    void should_read_an_external_medication_from_the_fhir_server_when_no_prefetch_or_include_carries_it()
        throws Exception {
        // given the US Core record prefetched without its Medication, and a FHIR server that has it
        ObjectNode real = fixture("metformin-uscore-medication-reference.json");
        JsonNode medication = null;
        ArrayNode entries = (ArrayNode) real.at("/record/entry");
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).at("/resource/resourceType").asText().equals("Medication")) {
                medication = entries.get(i).get("resource");
                entries.remove(i);
                break;
            }
        }
        JsonNode med = medication;
        try (FakeFhirServer fhir = new FakeFhirServer()) {
            fhir.route("Medication/med-metformin", q -> new FakeFhirServer.Reply(200, med.toString()));
            ObjectNode req = (ObjectNode) JSON.readTree(withPrefetch(real));
            req.put("fhirServer", fhir.base());

            // when
            TreeSet<String> cards = cards(server.post(SIGN, server.sandboxToken(SIGN), JSON.writeValueAsBytes(req)));

            // then the Medication was read and the order checked
            assertThat(fhir.requestCount()).isEqualTo(1);
            assertThat(cards).isEqualTo(expected(fixture("metformin-synthea.json")));
        }
    }

    @org.junit.jupiter.api.Test
    void should_show_unusable_values_and_derived_egfr_in_the_decision_record_and_audit_show() throws Exception {
        // given records with a glucose without a unit on a mass LOINC and a creatinine without an eGFR
        ObjectNode glucose = (ObjectNode) JSON.readTree(withPrefetch(fixture("glucose-molar-unitless.json")));
        ObjectNode creatinine = (ObjectNode) JSON.readTree(withPrefetch(fixture("metformin-icd-umol-chinese.json")));

        // when both are called
        assertThat(server.post(SIGN, server.sandboxToken(SIGN), JSON.writeValueAsBytes(glucose)).statusCode())
            .isEqualTo(200);
        assertThat(server.post(SIGN, server.sandboxToken(SIGN), JSON.writeValueAsBytes(creatinine)).statusCode())
            .isEqualTo(200);

        // then the decision records (what `audit show` prints) say what could not be used and what was calculated
        String log = java.nio.file.Files.readString(server.dataDir().resolve("audit/decisions.jsonl"));
        String g = log.lines().filter(l -> l.contains(glucose.get("hookInstance").asText())).findFirst().orElseThrow();
        assertThat(g).contains("UNUSABLE_VALUE Observation/o2: glucose 5.8 has no unit, and LOINC 2339-0 (MCNC)");
        String c = log.lines().filter(l -> l.contains(creatinine.get("hookInstance").asText())).findFirst()
            .orElseThrow();
        assertThat(c).contains("DERIVED_VALUE Observation/o1: eGFR").contains("CKD-EPI 2021");
    }
}
