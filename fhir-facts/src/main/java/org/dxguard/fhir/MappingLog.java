package org.dxguard.fhir;

import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one mapping run left out: resources of types no rule reads, or without what a rule needs (counted by
 * reason, DEBUG), and resources that broke a domain invariant (skipped, WARN with the count only: no patient data).
 * Package-private.
 */
final class MappingLog {
    private static final Logger LOG = LoggerFactory.getLogger(FactsMapper.class);

    private final Map<String, Integer> ignored = new TreeMap<>();
    private final java.util.List<String> notes = new java.util.ArrayList<>();
    private int skipped;

    /** Counts a resource left out, e.g. {@code "Observation without code"}. */
    void ignored(String why) {
        ignored.merge(why, 1, Integer::sum);
    }

    /**
     * A data note for the decision record ({@code KIND Type/id: what and why}, as the rules' data notes): a value
     * in the record that was not used because its meaning is uncertain. No patient names.
     */
    void note(String line) {
        if (!notes.contains(line)) {
            notes.add(line);
        }
    }

    java.util.List<String> notes() {
        return java.util.List.copyOf(notes);
    }

    /** Maps one resource; a resource that breaks a domain invariant is skipped, not fatal. */
    void guarded(IBaseResource resource, Runnable mapping) {
        try {
            mapping.run();
        } catch (IllegalArgumentException | FHIRException e) {
            skipped++;
            LOG.debug("skipped {} {}: {}", resource.fhirType(), FhirValues.idPart(resource), e.toString());
        }
    }

    void report() {
        if (LOG.isDebugEnabled() && !ignored.isEmpty()) {
            LOG.debug("FHIR resource types not mapped to facts: {}", ignored);
        }
        if (skipped > 0) {
            LOG.warn("{} FHIR resource(s) could not be mapped and were skipped (see DEBUG log)", skipped);
        }
    }
}
