package org.dxguard.service.notes;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.prefetch.ResolvedPrefetch;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.PatientIdentity;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings of the current visit from the whole record, for the differential: the current visit's notes, reports
 * and visit reasons read as text ({@link RecordTexts}, {@link NoteFindings}), the coded reasons for the visit, and
 * the visit's vital signs and labs over the data thresholds ({@link MeasuredValues}). Every finding carries its
 * provenance; quotes are de-identified with the patient's identity ({@link PatientIdentities}).
 *
 * <p>The texts are read from the FHIR JSON the EHR prefetched (the rules' mapping leaves out what it does not read,
 * such as a Patient's name or a DocumentReference's encounter), or from what the service fetched. Nothing of the texts
 * is logged above DEBUG; only counts. Thread-safe.
 */
public final class VisitReader {
    private static final Logger LOG = LoggerFactory.getLogger(VisitReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BUNDLE_DEPTH = 4;

    private final RecordTexts texts;

    public VisitReader(AttachmentReader attachments) {
        this.texts = new RecordTexts(Objects.requireNonNull(attachments, "attachments"));
    }

    /**
     * What was read for one call.
     *
     * @param findings     every finding read, with its source (text findings, coded visit reasons, measured values)
     * @param identity     the patient's identity as de-identification used it (for de-identifying other text)
     * @param textsRead    texts of the current visit that were analysed
     * @param leftOut      resources, attachments or texts left out, by reason (counts only)
     */
    public record Visit(List<Finding> findings, PatientIdentity identity, int textsRead, Map<String, Integer> leftOut) {
        public Visit {
            findings = List.copyOf(findings);
            leftOut = Map.copyOf(leftOut);
        }
    }

    /**
     * @param keys     the prefetch keys whose resources hold the texts (notes, reports, encounters) and the patient
     * @param analyser the text analyser for the graph in use ({@link GraphLexicon#text})
     */
    public Visit read(CdsRequest request, ResolvedPrefetch resolved, List<String> keys, PatientFacts facts,
                      ClinicalText analyser) {
        List<JsonNode> record = new ArrayList<>();
        for (String key : keys) {
            record.addAll(resources(request, resolved, key));
        }
        PatientIdentity identity = PatientIdentities.of(record.stream()
            .filter(r -> "Patient".equals(r.path("resourceType").asText())).findFirst().orElse(null));
        Instant asOf = facts.asOf();
        String token = request.fhirAuthorization() == null ? null : request.fhirAuthorization().accessToken();
        RecordTexts.Collected collected = texts.collect(record, request.patientId(),
            request.contextText("encounterId").orElse(null), asOf,
            request.fhirServer(), token);
        NoteFindings.Read read = NoteFindings.read(analyser, collected.texts(), identity, asOf);
        List<Finding> findings = new ArrayList<>(read.findings());
        findings.addAll(collected.codedReasons());
        findings.addAll(MeasuredValues.findings(facts, asOf));
        Map<String, Integer> leftOut = new LinkedHashMap<>(collected.leftOut());
        read.unreadable().forEach((k, v) -> leftOut.merge(k, v, Integer::sum));
        LOG.debug("visit texts read={} left out={} findings={}", read.textsRead(), leftOut, findings.size());
        return new Visit(findings, identity, read.textsRead(), leftOut);
    }

    /** The key's resources as FHIR JSON: what the EHR sent (a Bundle's entries), else what was fetched. */
    private static List<JsonNode> resources(CdsRequest request, ResolvedPrefetch resolved, String key) {
        List<JsonNode> out = new ArrayList<>();
        if (request.prefetch().containsKey(key)) {
            flatten(request.prefetch().get(key), out, 0);
            return out;
        }
        List<IBaseResource> fetched = resolved == null ? null : resolved.byKey().get(key);
        if (fetched == null) {
            return out;
        }
        var parser = FhirContext.forR4Cached().newJsonParser();
        for (IBaseResource r : fetched) {
            try {
                out.add(JSON.readTree(parser.encodeResourceToString(r)));
            } catch (IOException | RuntimeException e) {
                LOG.debug("a fetched {} resource could not be re-read: {}", key, e.getClass().getSimpleName());
            }
        }
        return out;
    }

    private static void flatten(JsonNode node, List<JsonNode> out, int depth) {
        if (node == null || !node.isObject()) {
            return;
        }
        if ("Bundle".equals(node.path("resourceType").asText()) && depth < MAX_BUNDLE_DEPTH) {
            for (JsonNode e : node.path("entry")) {
                flatten(e.path("resource"), out, depth + 1);
            }
        } else {
            out.add(node);
        }
    }
}
