package org.dxguard.service.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.dxguard.service.Fixtures;

/** The fixture calls the fault tests send, each with a fresh hookInstance (so each has its own decision record). */
final class FaultRequests {
    static final String VIEW = "/cds-services/dxguard-differential";
    static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW_TEMPLATE = Fixtures.text("cdshooks/patient-view-fever-cough.json");
    private static final String SIGN_TEMPLATE = Fixtures.text("cdshooks/sandbox-order-sign-metformin-egfr25.json");
    private static final String VIEW_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final String SIGN_ID = "3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21";

    private FaultRequests() {}

    /** A call and its hookInstance. */
    record Request(String hookInstance, byte[] body) {}

    /** patient-view for a patient with fever, cough and dyspnea (the graph ranks a differential), full prefetch. */
    static Request patientView() {
        return fill(VIEW_TEMPLATE, VIEW_ID);
    }

    /** order-sign of metformin at eGFR 25 (ADA-MET-001 fires), full prefetch. */
    static Request orderSign() {
        return fill(SIGN_TEMPLATE, SIGN_ID);
    }

    /** order-sign of metformin at eGFR 25 with no prefetch at all: everything must be fetched from fhirServer. */
    static Request orderSignFetching(String fhirServer) {
        try {
            Request full = orderSign();
            ObjectNode tree = (ObjectNode) JSON.readTree(full.body());
            tree.remove("prefetch");
            tree.put("fhirServer", fhirServer);
            return new Request(full.hookInstance(), JSON.writeValueAsBytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Request fill(String template, String id) {
        String recent = java.time.Instant.now().minus(30, java.time.temporal.ChronoUnit.DAYS)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String hookInstance = UUID.randomUUID().toString();
        return new Request(hookInstance, template.replace("__RECENT__", recent).replace(id, hookInstance)
            .getBytes(StandardCharsets.UTF_8));
    }
}
