package org.dxguard.bench.synthea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.dxguard.bench.BenchErrors;
import org.dxguard.model.DxGuardException;

/**
 * A service's prefetch templates, as its discovery ({@code GET /cds-services}) announces them, answered over one
 * patient's record the way the EHR's FHIR server would: the load tool sends what the service asks for, without
 * knowing the service's code. The FHIR search subset the templates use: {@code Patient/{{context.patientId}}} and
 * {@code Type?patient={{context.patientId}}} with {@code code} (system|code, any coding), {@code status},
 * {@code clinical-status}, {@code intent}, {@code _sort=-date} (Observation effective, Procedure performed),
 * {@code _sort=-_lastUpdated} (meta.lastUpdated),
 * {@code _count} and {@code _include=Type:medication} (the Medication resources the hits reference, counted apart
 * from {@code _count} as a FHIR server does).
 * Anything else is refused with {@link BenchErrors#BAD_TEMPLATE}, never guessed.
 */
public final class Prefetch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATIENT = "{{context.patientId}}";

    private final Map<String, Query> queries;

    private Prefetch(Map<String, Query> queries) {
        this.queries = queries;
    }

    /** Templates by prefetch key, e.g. {@code "patient" -> "Patient/{{context.patientId}}"}. */
    public static Prefetch of(Map<String, String> templates) {
        Map<String, Query> q = new LinkedHashMap<>();
        Objects.requireNonNull(templates, "templates").forEach((key, template) -> q.put(key, Query.parse(key, template)));
        return new Prefetch(q);
    }

    /** The prefetch of every service of a discovery document, by service id. */
    public static Map<String, Prefetch> fromDiscovery(JsonNode discovery) {
        Map<String, Prefetch> byService = new LinkedHashMap<>();
        for (JsonNode service : discovery.path("services")) {
            Map<String, String> templates = new LinkedHashMap<>();
            service.path("prefetch").fields().forEachRemaining(e -> templates.put(e.getKey(), e.getValue().asText()));
            byService.put(service.path("id").asText(), of(templates));
        }
        return byService;
    }

    /** The {@code prefetch} object of a call for this patient: the patient, or a searchset Bundle per key. */
    ObjectNode answer(ObjectNode patient, List<JsonNode> record) {
        ObjectNode prefetch = JSON.createObjectNode();
        queries.forEach((key, query) -> prefetch.set(key, query.patient() ? patient : searchset(query.run(record))));
        return prefetch;
    }

    private static ObjectNode searchset(List<JsonNode> resources) {
        ObjectNode b = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = b.putArray("entry");
        resources.forEach(r -> entries.addObject().set("resource", r));
        return b;
    }

    /** One template: the patient itself, or a search over the record. */
    private record Query(String type, Predicate<JsonNode> filter, Comparator<JsonNode> order, int count,
                         boolean includeMedication) {
        boolean patient() {
            return type.equals("Patient");
        }

        List<JsonNode> run(List<JsonNode> record) {
            List<JsonNode> hits = new ArrayList<>(record.stream()
                .filter(r -> type.equals(r.path("resourceType").asText())).filter(filter).toList());
            if (order != null) {
                hits.sort(order);
            }
            List<JsonNode> page = count > 0 && hits.size() > count ? List.copyOf(hits.subList(0, count)) : hits;
            return includeMedication ? withMedications(page, record) : page;
        }

        /** The hits and the record's Medication resources they reference by {@code medicationReference}. */
        private static List<JsonNode> withMedications(List<JsonNode> hits, List<JsonNode> record) {
            Set<String> ids = hits.stream().map(r -> r.at("/medicationReference/reference").asText())
                .filter(ref -> ref.startsWith("Medication/")).map(ref -> ref.substring("Medication/".length()))
                .collect(Collectors.toSet());
            if (ids.isEmpty()) {
                return hits;
            }
            List<JsonNode> out = new ArrayList<>(hits);
            record.stream().filter(r -> "Medication".equals(r.path("resourceType").asText()))
                .filter(r -> ids.contains(r.path("id").asText())).forEach(out::add);
            return out;
        }

        static Query parse(String key, String template) {
            if (template.equals("Patient/" + PATIENT)) {
                return new Query("Patient", r -> true, null, 0, false);
            }
            int q = template.indexOf('?');
            if (q < 1) {
                throw unsupported(key, template, "not a search of the patient's record");
            }
            String type = template.substring(0, q);
            Predicate<JsonNode> filter = r -> true;
            Comparator<JsonNode> order = null;
            int count = 0;
            boolean forPatient = false;
            boolean include = false;
            for (String param : template.substring(q + 1).split("&")) {
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
                Set<String> values = Arrays.stream(value.split(",")).collect(Collectors.toUnmodifiableSet());
                switch (name) {
                    case "patient" -> forPatient = value.equals(PATIENT);
                    case "code" -> filter = filter.and(r -> anyCoding(r.path("code"), values));
                    case "status" -> filter = filter.and(r -> values.contains(r.path("status").asText()));
                    case "intent" -> filter = filter.and(r -> values.contains(r.path("intent").asText()));
                    case "_include" -> {
                        if (!value.equals(type + ":medication")) {
                            throw unsupported(key, template, "_include=" + value);
                        }
                        include = true;
                    }
                    case "clinical-status" -> filter = filter.and(r -> r.path("clinicalStatus").path("coding")
                        .findValuesAsText("code").stream().anyMatch(values::contains));
                    case "_sort" -> {
                        if (value.equals("-_lastUpdated")) {
                            // most recently changed first: meta.lastUpdated (Synthea records have none: kept in order)
                            order = Comparator.comparing((JsonNode r) -> r.at("/meta/lastUpdated").asText()).reversed();
                        } else if (!value.equals("-date") || date(type) == null) {
                            throw unsupported(key, template, "_sort=" + value + " on " + type);
                        } else {
                            order = Comparator.comparing(date(type)).reversed();
                        }
                    }
                    case "_count" -> {
                        if (!value.matches("[1-9][0-9]{0,5}")) {
                            throw unsupported(key, template, "_count=" + value);
                        }
                        count = Integer.parseInt(value);
                    }
                    default -> throw unsupported(key, template, "search parameter '" + name + "'");
                }
            }
            if (!forPatient) {
                throw unsupported(key, template, "a search that is not of patient=" + PATIENT);
            }
            return new Query(type, filter, order, count, include);
        }

        /** A resource's codings match one of {@code system|code} (or a bare code). */
        private static boolean anyCoding(JsonNode concept, Set<String> tokens) {
            for (JsonNode c : concept.path("coding")) {
                String code = c.path("code").asText();
                if (tokens.contains(c.path("system").asText() + "|" + code) || tokens.contains(code)) {
                    return true;
                }
            }
            return false;
        }

        /** The FHIR search parameter {@code date} of the resource types the templates sort, as sortable text. */
        private static java.util.function.Function<JsonNode, String> date(String type) {
            return switch (type) {
                case "Observation" -> r -> r.hasNonNull("effectiveDateTime") ? r.get("effectiveDateTime").asText()
                    : r.at("/effectivePeriod/start").asText(r.path("issued").asText());
                case "Procedure" -> r -> r.hasNonNull("performedDateTime") ? r.get("performedDateTime").asText()
                    : r.at("/performedPeriod/start").asText();
                case "DocumentReference" -> r -> r.path("date").asText(r.at("/context/period/start").asText());
                case "DiagnosticReport" -> r -> r.hasNonNull("effectiveDateTime") ? r.get("effectiveDateTime").asText()
                    : r.at("/effectivePeriod/start").asText(r.path("issued").asText());
                case "Encounter" -> r -> r.at("/period/start").asText();
                default -> null;
            };
        }

        private static DxGuardException unsupported(String key, String template, String what) {
            return new DxGuardException(BenchErrors.BAD_TEMPLATE, "the service's prefetch '" + key + "' ("
                + template + ") asks for " + what + ", which the load tool does not evaluate");
        }
    }
}
