package org.dxguard.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dxguard.rules.Terminology;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The entry point of the FHIR package: parses FHIR R4 JSON with HAPI and maps a patient's record plus the draft
 * orders of a CDS Hooks call to FHIR-free {@link PatientFacts}. HAPI types never leave this package's callers in
 * cds-hooks-service; other modules only see clinical-model records.
 *
 * <p>Thread-safe: holds the shared, cached R4 {@link FhirContext} and creates one parser per call.
 *
 * <p>Parser configuration ("lenient but safe"): unknown elements are ignored (EHRs send newer or local
 * elements), but an invalid primitive value (a date that is not a date, a number that is not a number, a code
 * outside a required value set such as {@code "status": "Final"}) is an error, because silently dropping it could
 * hide a fact that a rule needs. Error messages quote HAPI, which may quote the offending value from the caller's
 * own payload: log them at DEBUG only. Narratives are not kept (they may hold
 * PHI and are never used). Resource ids are the resources' own ids, not the Bundle entries' {@code fullUrl}.
 */
public final class FhirFacts {
    private static final int MAX_BUNDLE_DEPTH = 4;

    private final FhirContext context;
    private final Supplier<Terminology> terminology;

    private FhirFacts(FhirContext context, Supplier<Terminology> terminology) {
        this.context = context;
        this.terminology = terminology;
    }

    /**
     * A mapper on the shared cached FHIR R4 context that reads the packaged guideline terminology (pregnancy
     * conditions and tests, dialysis and kidney transplant procedures: {@code guidelines/terminology} on the
     * classpath). A service that loads guidelines from a directory uses {@link #create(Supplier)}.
     */
    public static FhirFacts create() {
        return new FhirFacts(FhirContext.forR4Cached(), PackagedValueSets::get);
    }

    /**
     * A mapper that reads the value sets of {@code terminology}, asked once per mapping run: pass the loaded
     * guidelines' terminology ({@code () -> guidelines.activeRuleSet().definition().terminology()}) and a reload of
     * {@code conditions.csv}, {@code pregnancy-tests.csv} or {@code dialysis-procedures.csv} applies to the next call.
     */
    public static FhirFacts create(Supplier<Terminology> terminology) {
        return new FhirFacts(FhirContext.forR4Cached(), Objects.requireNonNull(terminology, "terminology"));
    }

    /**
     * Parses one JSON FHIR R4 resource of any type, Bundles included.
     *
     * @throws DxGuardException {@link FhirErrors#INVALID_FHIR} when the text is empty, not JSON, has no or an
     *                          unknown resourceType or holds an invalid value; the message says where and what
     *                          HAPI reported.
     */
    public IBaseResource parse(String json) {
        return parse(json, "FHIR resource");
    }

    /** As {@link #parse(String)}, naming {@code where} (e.g. {@code prefetch key 'patient'}) in error messages. */
    public IBaseResource parse(String json, String where) {
        if (json == null || json.isBlank()) {
            throw new DxGuardException(FhirErrors.INVALID_FHIR, where + " is empty; expected a FHIR R4 JSON resource");
        }
        String trimmed = json.stripLeading();
        if (!trimmed.startsWith("{")) {
            throw new DxGuardException(FhirErrors.INVALID_FHIR, where + " is not a JSON object; a FHIR R4 JSON "
                + "resource starts with '{' and has a resourceType");
        }
        return parseWith(parser -> parser.parseResource(json), where);
    }

    /**
     * As {@link #parse(String, String)}, from JSON that is already parsed (a hook call's prefetch or draftOrders):
     * HAPI walks the tree as it is instead of reading text again. The tree should keep decimals exact (see
     * {@code CdsJson}), as HAPI's own reader does; it is only read, never changed.
     *
     * <p>HAPI's tree reader, unlike its text reader, replaces the id of every top-level Bundle entry's resource with
     * the entry's {@code fullUrl} whatever the parser options say; a prefetch's resources must keep their own ids
     * (they are matched to {@code context.patientId} and to references). So HAPI walks the tree through a read-only
     * view ({@link ProjectedJson}) in which Bundle entries have no {@code fullUrl} (which nothing here reads);
     * nothing is copied.
     *
     * <p>Only what the mapping reads is handed over: each resource (top level or a Bundle entry's) goes to HAPI
     * without the elements listed in {@link #UNREAD} (and, for a Patient, {@link #UNREAD_PATIENT}), which no
     * mapping rule reads: narrative, meta, identifiers, references to the subject, encounter and authors,
     * categories, the Patient's name, contact details and demographics other than gender and birth date, and an
     * Observation's {@code issued} when it has an {@code effective[x]} (issued is only the fallback date).
     * They were a third of HAPI's work on a realistic prefetch (Synthea: category, subject and encounter on
     * every Observation; narrative and race/ethnicity extensions on the Patient), and PHI that is never parsed is
     * never held. So an invalid value in one of them is not an error (it cannot hide a fact the rules need);
     * {@code FhirTreeParseTest} checks the facts are the same with and without them on every fixture.
     */
    public IBaseResource parse(ObjectNode json, String where) {
        if (json == null) {
            throw new DxGuardException(FhirErrors.INVALID_FHIR, where + " is empty; expected a FHIR R4 JSON resource");
        }
        IBaseResource read = readFromTree(json);
        if (read != null) {
            return read;
        }
        ProjectedJson structure = new ProjectedJson(json);
        return parseWith(parser -> ((IJsonLikeParser) parser).parseResource(structure), where);
    }

    /**
     * {@link #resources(IBaseResource) resources}{@code (}{@link #parse(ObjectNode, String) parse}{@code (json,
     * where))}, the same resources in the same order, with less work: the Observations, Conditions and
     * MedicationRequests of a Bundle's entries that {@link ObservationReader}, {@link ConditionReader} and
     * {@link MedicationRequestReader} read as HAPI would (the common shape of a lab or vital sign, of a problem-list
     * entry, of an order) are read straight from the tree, and HAPI, which still parses the Bundle and everything
     * else in it (references between entries included), sees each of them as a bare {@code resourceType} in its
     * place. On a realistic prefetch, mostly
     * Observations, that was most of HAPI's work.
     */
    public List<IBaseResource> parseResources(ObjectNode json, String where) {
        if (json == null || !"Bundle".equals(json.path("resourceType").asText())
            || !(json.get("entry") instanceof ArrayNode entries)) {
            return resources(parse(json, where));
        }
        Map<Integer, IBaseResource> read = new HashMap<>();
        Set<JsonNode> stubs = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).get("resource") instanceof ObjectNode r) {
                IBaseResource o = readFromTree(r);
                if (o != null) {
                    read.put(i, o);
                    stubs.add(r);
                }
            }
        }
        if (read.isEmpty()) {
            return resources(parse(json, where));
        }
        ProjectedJson structure = new ProjectedJson(json, stubs);
        IBaseResource parsed = parseWith(parser -> ((IJsonLikeParser) parser).parseResource(structure), where);
        if (!(parsed instanceof Bundle bundle) || bundle.getEntry().size() != entries.size()) {
            return resources(parse(json, where)); // HAPI left out an entry: not worth aligning, parse it all
        }
        List<IBaseResource> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            IBaseResource o = read.get(i);
            if (o != null) {
                out.add(o);
            } else {
                flatten(bundle.getEntry().get(i).getResource(), out, 1);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The resource read straight from the tree ({@link ObservationReader}, {@link ConditionReader},
     * {@link MedicationRequestReader}) as HAPI would parse it from the projected tree, or null when HAPI must read it.
     */
    private static IBaseResource readFromTree(ObjectNode json) {
        return switch (json.path("resourceType").asText()) {
            case "Observation" -> ObservationReader.read(json);
            case "Condition" -> ConditionReader.read(json);
            case "MedicationRequest" -> MedicationRequestReader.read(json);
            default -> null;
        };
    }

    /** Top-level elements of any resource that no mapping rule reads (see {@code package-info}). */
    public static final Set<String> UNREAD = Set.of("text", "meta", "extension", "identifier", "subject", "patient",
        "encounter", "context", "requester", "recorder", "asserter", "performer", "informationSource", "category",
        "reasonReference", "reasonCode", "note", "basedOn", "partOf", "supportingInformation", "insurance",
        "interpretation", "specimen", "device", "hasMember", "derivedFrom", "evidence", "stage",
        "bodySite", "groupIdentifier", "courseOfTherapyType", "dispenseRequest", "substitution", "priorPrescription",
        "location", "reasonCodeableConcept", "outcome", "report", "followUp", "complication", "usedReference",
        "usedCode", "focalDevice");
    /** A Patient's elements that no mapping rule reads: only id, gender and birthDate are. */
    public static final Set<String> UNREAD_PATIENT = Set.of("name", "telecom", "address", "maritalStatus", "communication",
        "contact", "photo", "multipleBirthBoolean", "multipleBirthInteger", "generalPractitioner",
        "managingOrganization");

    private IBaseResource parseWith(Function<IParser, IBaseResource> parse, String where) {
        try {
            IBaseResource resource = parse.apply(newParser());
            if (resource == null) {
                throw new DxGuardException(FhirErrors.INVALID_FHIR, where + " holds no resource");
            }
            return resource;
        } catch (DataFormatException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            // HAPI's message quotes the offending value (patient data, or any text the sender put there): the error
            // body names where and HAPI's message code, never the value
            throw new DxGuardException(FhirErrors.INVALID_FHIR,
                where + " is not valid FHIR R4 JSON" + hapiCode(e), e);
        } catch (NullPointerException | IndexOutOfBoundsException e) {
            // HAPI's parser trips over some structurally broken documents (e.g. a Bundle entry whose resource is
            // an empty object) instead of reporting them: still the sender's error, never ours.
            throw new DxGuardException(FhirErrors.INVALID_FHIR,
                where + " is not valid FHIR R4 JSON (the parser could not make sense of its structure)", e);
        }
    }

    private static final java.util.regex.Pattern HAPI_CODE = java.util.regex.Pattern.compile("^(HAPI-\\d{1,5})\\b");
    private static final java.util.regex.Pattern ELEMENT = java.util.regex.Pattern.compile(
        "\\[element=\"([A-Za-z][A-Za-z0-9_.\\[\\]]{0,80})\"\\]");

    /** " (HAPI-1821, element valueQuantity)" from a HAPI parser message, or "" (never the message itself): safe to show. */
    public static String hapiCode(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher code = HAPI_CODE.matcher(m);
        java.util.regex.Matcher element = ELEMENT.matcher(m);
        String c = code.find() ? code.group(1) : null;
        String el = element.find() ? element.group(1) : null;
        String what = m.contains("missing required element: 'resourceType'") ? ": resourceType is missing"
            : m.contains("Unknown resource name") ? ": resourceType is not a FHIR R4 resource type"
            : m.contains("Failed to parse JSON") ? ": the text is not valid JSON"
            : m.contains("Invalid") && el != null ? ": a value is not valid for its element" : "";
        if (c == null && el == null) {
            return what;
        }
        return what + " (" + (c == null ? "" : c) + (c != null && el != null ? ", " : "")
            + (el == null ? "" : "element " + el) + ")";
    }

    private IParser newParser() {
        LenientErrorHandler handler = new LenientErrorHandler(false).setErrorOnInvalidValue(true);
        return context.newJsonParser()
            .setParserErrorHandler(handler)
            .setOverrideResourceIdWithBundleEntryFullUrl(false)
            .setSuppressNarratives(true);
    }

    /**
     * Flattens: a Bundle (any type: searchset, collection, transaction, …) becomes the resources of its entries
     * (nested Bundles flattened too); any other resource is returned alone; null gives an empty list.
     */
    public List<IBaseResource> resources(IBaseResource resourceOrBundle) {
        List<IBaseResource> out = new ArrayList<>();
        flatten(resourceOrBundle, out, 0);
        return List.copyOf(out);
    }

    /**
     * The codes of the Procedures this mapping reads by default (dialysis sessions and kidney transplants of the
     * packaged {@code guidelines/terminology/dialysis-procedures.csv}) as {@code system|code} FHIR search tokens,
     * sorted, which a prefetch of procedures must ask for. Prefix rows ({@code 5A1D*}) match in the mapping but
     * cannot be searched.
     */
    public static Set<String> procedureCodesRead() {
        return PackagedValueSets.get().procedureTokens();
    }

    /** {@code Type/id} of a resource, for de-duplication across prefetch keys, or null when it has no id. */
    public static String typedId(IBaseResource resource) {
        return FhirValues.typedId(resource);
    }

    private static void flatten(IBaseResource resource, List<IBaseResource> out, int depth) {
        if (resource == null) {
            return;
        }
        if (resource instanceof Bundle bundle && depth < MAX_BUNDLE_DEPTH) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                flatten(entry.getResource(), out, depth + 1);
            }
        } else {
            out.add(resource);
        }
    }

    /**
     * Maps the patient's record and the draft orders (from {@code context.draftOrders}) to facts as of
     * {@code asOf}. Bundles in either collection are flattened; duplicates (same type and id) are kept once.
     * The mapping rules are described in {@code package-info.java}.
     */
    public PatientFacts toFacts(Collection<? extends IBaseResource> record,
                                Collection<? extends IBaseResource> draftOrders, Instant asOf) {
        return map(record, draftOrders, asOf).facts();
    }

    /**
     * The facts of a record and its draft orders, and the data notes of the mapping: values left out because their
     * meaning is uncertain (a pregnancy test whose result is neither positive nor negative), one line each,
     * {@code KIND Type/id: what and why}, for the decision record.
     */
    public record Mapped(PatientFacts facts, List<String> notes) {
        public Mapped {
            Objects.requireNonNull(facts, "facts");
            notes = List.copyOf(notes);
        }
    }

    /** As {@link #toFacts}, with the mapping's data notes. */
    public Mapped map(Collection<? extends IBaseResource> record, Collection<? extends IBaseResource> draftOrders,
                      Instant asOf) {
        Objects.requireNonNull(asOf, "asOf must not be null");
        FactsMapper mapper = new FactsMapper(flattenAll(record), flattenAll(draftOrders), asOf,
            Objects.requireNonNull(terminology.get(), "terminology"));
        PatientFacts facts = mapper.map();
        return new Mapped(facts, mapper.notes());
    }

    /**
     * The LOINC codes of the qualitative pregnancy tests of the packaged {@code pregnancy-tests.csv} (a prefetch of
     * observations asks for them).
     */
    public static Set<String> pregnancyTestCodesRead() {
        return PackagedValueSets.get().pregnancyTestCodes();
    }

    private static List<IBaseResource> flattenAll(Collection<? extends IBaseResource> resources) {
        List<IBaseResource> out = new ArrayList<>();
        if (resources != null) {
            for (IBaseResource r : resources) {
                flatten(r, out, 0);
            }
        }
        return out;
    }

    /**
     * The {@code Medication/<id>} references of MedicationRequests, MedicationStatements and MedicationDispenses in
     * these resources that neither a contained resource nor a Medication among them resolves (US Core allows an
     * external Medication: the service then reads it from the FHIR server).
     */
    public List<String> unresolvedMedicationReferences(Collection<? extends IBaseResource> record,
                                                       Collection<? extends IBaseResource> draftOrders) {
        List<IBaseResource> all = flattenAll(record);
        all.addAll(flattenAll(draftOrders));
        java.util.Set<String> known = new java.util.HashSet<>();
        for (IBaseResource r : all) {
            if (r instanceof org.hl7.fhir.r4.model.Medication m && FhirValues.idPart(m) != null) {
                known.add(FhirValues.idPart(m));
            }
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (IBaseResource r : all) {
            org.hl7.fhir.r4.model.Type med = r instanceof org.hl7.fhir.r4.model.MedicationRequest mr ? mr.getMedication()
                : r instanceof org.hl7.fhir.r4.model.MedicationStatement ms ? ms.getMedication()
                : r instanceof org.hl7.fhir.r4.model.MedicationDispense md ? md.getMedication() : null;
            if (med instanceof org.hl7.fhir.r4.model.Reference ref && ref.hasReference()
                && !(ref.getResource() instanceof org.hl7.fhir.r4.model.Medication)) {
                String v = ref.getReference();
                java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("^(?:.*/)?Medication/([A-Za-z0-9\\-.]{1,64})(?:/_history/.*)?$").matcher(v);
                if (!v.startsWith("#") && m.matches() && !known.contains(m.group(1))) {
                    out.add("Medication/" + m.group(1));
                }
            }
        }
        return List.copyOf(out);
    }
}
