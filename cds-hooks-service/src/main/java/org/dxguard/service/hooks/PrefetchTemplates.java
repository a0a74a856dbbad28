package org.dxguard.service.hooks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The FHIR queries each service asks the EHR to prefetch. Everything listed is needed: what the EHR does not send
 * is fetched from {@code fhirServer}, or the call is answered 412 - except a service's optional keys
 * ({@link #TEXT_KEYS}, {@link #MEDICATION_OPTIONAL}), which then resolve to "no data".
 */
public final class PrefetchTemplates {
    private PrefetchTemplates() {}

    /** LOINC codes the mapping itself reads besides the lab table: body weight and pregnancy status. */
    static final java.util.List<String> MAPPING_LOINC = java.util.List.of("29463-7", "3141-9", "82810-3", "11449-6");

    /**
     * LOINC codes the medication-safety rules read: every code of the packaged lab table
     * ({@code guidelines/terminology/labs.csv}: eGFR, creatinine in mass and molar units, HbA1c in % and mmol/mol,
     * glucose in mass and molar units and by glucometer, potassium, urine albumin/creatinine), so what is prefetched
     * cannot drift from what the rules read, plus body weight, pregnancy status and the qualitative pregnancy tests
     * the mapping reads ({@code guidelines/terminology/pregnancy-tests.csv}). The discovery document is built once
     * from the packaged tables: a code an author adds to the guidelines directory is read at the next reload when the
     * EHR sends it, and asked for by name from the next release on.
     */
    public static final String SAFETY_LOINC = safetyLoinc();

    static String safetyLoinc() {
        java.util.Set<String> codes = new java.util.TreeSet<>();
        try (java.io.InputStream in = PrefetchTemplates.class.getClassLoader()
            .getResourceAsStream("guidelines/terminology/labs.csv")) {
            if (in == null) {
                throw new IllegalStateException("guidelines/terminology/labs.csv is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (org.dxguard.rules.Terminology.Row r : org.dxguard.rules.Terminology.readCsv("labs.csv", text, "loinc")) {
                codes.add(r.req("loinc"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        codes.addAll(MAPPING_LOINC);
        codes.addAll(org.dxguard.fhir.FhirFacts.pregnancyTestCodesRead());
        return String.join(",", codes.stream().map(c -> "http://loinc.org|" + c).toList());
    }

    /**
     * Home medications (IPS, and EHRs that record what the patient reports taking): current ones, and completed or
     * stopped ones, whose end date says whether they still count (an MAOI stopped less than 14 days ago).
     */
    static final String MEDICATION_STATEMENTS = "MedicationStatement?patient={{context.patientId}}"
        + "&status=active,intended,on-hold,completed,stopped&_include=MedicationStatement:medication&_count=200";

    /** Active and on-hold medication orders and plans, with their Medication resources (US Core's search). */
    static final String MEDICATIONS = "MedicationRequest?patient={{context.patientId}}&intent=order,plan"
        + "&status=active,on-hold&_include=MedicationRequest:medication";

    /**
     * Stopped and completed medication orders, most recently changed first (stopping an order changes it), with their
     * Medication resources: an MAOI order stopped 5 days ago still interacts (washout), and counts as stopped, never
     * as active. Only the CDS Hooks 2.0 prefetch subset besides US Core's {@code _include}: token equality, and
     * {@code _sort}/{@code _count} for a "most recent" query (2.0 has no relative dates such as
     * {@code today() - 30 days}, so the age of a stop is judged by the service, not the query).
     */
    static final String STOPPED_MEDICATIONS = "MedicationRequest?patient={{context.patientId}}&intent=order,plan"
        + "&status=stopped,completed&_include=MedicationRequest:medication&_sort=-_lastUpdated&_count=50";

    /**
     * The procedures the mapping reads, as {@code system|code} tokens: dialysis (SNOMED CT, CPT, HCPCS, ICD-10-PCS)
     * and kidney transplant, from the packaged {@code guidelines/terminology/dialysis-procedures.csv}, so what is
     * prefetched cannot drift from what is read. ICD-10-PCS prefixes ({@code 5A1D*}) are asked for by their listed
     * whole codes only.
     */
    public static final String PROCEDURE_CODES = String.join(",", org.dxguard.fhir.FhirFacts.procedureCodesRead());

    /** The latest dialysis and kidney transplant procedures (a patient on dialysis has 2-3 sessions a week). */
    static final String PROCEDURES = "Procedure?patient={{context.patientId}}&code=" + PROCEDURE_CODES
        + "&_sort=-date&_count=100";

    /**
     * The visit going on now (issue 16: insulin and SGLT2 inhibitors in hospital): the patient's in-progress
     * encounters, whose class says inpatient/emergency/observation. A patient search rather than
     * {@code Encounter/{{context.encounterId}}}: {@code encounterId} is optional in the order hooks' and patient-view's
     * contexts, and the search needs only the patient.
     */
    public static final String CURRENT_ENCOUNTER = "currentEncounter";
    static final String CURRENT_ENCOUNTER_QUERY = "Encounter?patient={{context.patientId}}&status=in-progress";
    /**
     * The medication services' optional keys: an EHR configured from an older discovery document (without
     * {@value #CURRENT_ENCOUNTER}) and without {@code fhirServer} keeps working; the key then resolves to "no data",
     * and whether the patient is in hospital stays unknown (the hospital rules stay silent).
     */
    public static final Set<String> MEDICATION_OPTIONAL = Set.of(CURRENT_ENCOUNTER);

    /**
     * Current and past conditions: resolved, inactive and remission ones are history facts (a history of
     * pancreatitis or bladder cancer, issue 16), never active ones. An EHR configured with the older query
     * ({@code active,recurrence,relapse}) still works: it only gives no history.
     */
    static final String CONDITIONS = "Condition?patient={{context.patientId}}"
        + "&clinical-status=active,recurrence,relapse,resolved,inactive,remission";

    public static Map<String, String> medicationSafety() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("patient", "Patient/{{context.patientId}}");
        m.put("conditions", CONDITIONS);
        m.put("observations", "Observation?patient={{context.patientId}}&code=" + SAFETY_LOINC
            + "&_sort=-date&_count=200");
        m.put("medications", MEDICATIONS);
        m.put("stoppedMedications", STOPPED_MEDICATIONS);
        m.put("allergies", "AllergyIntolerance?patient={{context.patientId}}&clinical-status=active");
        m.put("procedures", PROCEDURES);
        m.put("medicationStatements", MEDICATION_STATEMENTS);
        m.put("familyHistory", "FamilyMemberHistory?patient={{context.patientId}}&status=completed,partial");
        m.put(CURRENT_ENCOUNTER, CURRENT_ENCOUNTER_QUERY);
        return m;
    }

    /** The current visit's notes (issue 18): the latest documents, their text inline or at a url on the server. */
    public static final String NOTES = "notes";
    /** Recent reports: conclusions and presented forms. */
    public static final String REPORTS = "reports";
    /** The latest encounters: which one is the current visit, and its reasons. */
    public static final String ENCOUNTERS = "encounters";
    /**
     * The keys of the record's texts. They are optional: a key the EHR neither sent nor lets the service fetch
     * (no {@code fhirServer}, an error of the FHIR server) leaves the differential without those texts instead of
     * failing the call (412), so EHRs that prefetch only the older keys keep working.
     */
    public static final Set<String> TEXT_KEYS = Set.of(NOTES, REPORTS, ENCOUNTERS);

    public static Map<String, String> differential() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("patient", "Patient/{{context.patientId}}");
        m.put("conditions", "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse");
        m.put("observations", "Observation?patient={{context.patientId}}&_sort=-date&_count=200");
        m.put("medications", "MedicationRequest?patient={{context.patientId}}&status=active,on-hold");
        m.put("allergies", "AllergyIntolerance?patient={{context.patientId}}&clinical-status=active");
        m.put("procedures", PROCEDURES);
        m.put(NOTES, "DocumentReference?patient={{context.patientId}}&status=current&_sort=-date&_count=20");
        m.put(REPORTS, "DiagnosticReport?patient={{context.patientId}}&_sort=-date&_count=20");
        m.put(ENCOUNTERS, "Encounter?patient={{context.patientId}}&_sort=-date&_count=5");
        return m;
    }
}
