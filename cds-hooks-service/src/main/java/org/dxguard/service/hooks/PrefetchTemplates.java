package org.dxguard.service.hooks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The FHIR queries each service asks the EHR to prefetch. Everything listed is needed: what the EHR does not send
 * is fetched from {@code fhirServer}, or the call is answered 412.
 */
public final class PrefetchTemplates {
    private PrefetchTemplates() {}

    /** LOINC codes the medication-safety rules read: eGFR (MDRD, CKD-EPI), creatinine, HbA1c, glucose,
     *  potassium, urine albumin/creatinine, body weight, pregnancy status. */
    public static final String SAFETY_LOINC = String.join(",",
        "http://loinc.org|33914-3", "http://loinc.org|62238-1", "http://loinc.org|98979-8",
        "http://loinc.org|48642-3", "http://loinc.org|48643-1", "http://loinc.org|38483-4",
        "http://loinc.org|2160-0", "http://loinc.org|4548-4", "http://loinc.org|2339-0",
        "http://loinc.org|2345-7", "http://loinc.org|6298-4", "http://loinc.org|2823-3",
        "http://loinc.org|14959-1", "http://loinc.org|29463-7", "http://loinc.org|82810-3");

    /** SNOMED CT procedures the mapping reads: dialysis (renal dialysis, hemodialysis, peritoneal dialysis,
     *  dialysis procedure, maintenance hemodialysis, CAPD) and kidney transplant (after which dialysis stops). */
    public static final String PROCEDURE_SNOMED = String.join(",",
        "http://snomed.info/sct|265764009", "http://snomed.info/sct|302497006", "http://snomed.info/sct|71192002",
        "http://snomed.info/sct|108241001", "http://snomed.info/sct|68341005", "http://snomed.info/sct|238318009",
        "http://snomed.info/sct|70536003");

    /** The latest dialysis and kidney transplant procedures (a patient on dialysis has 2-3 sessions a week). */
    static final String PROCEDURES = "Procedure?patient={{context.patientId}}&code=" + PROCEDURE_SNOMED
        + "&_sort=-date&_count=100";

    public static Map<String, String> medicationSafety() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("patient", "Patient/{{context.patientId}}");
        m.put("conditions", "Condition?patient={{context.patientId}}&clinical-status=active,recurrence,relapse");
        m.put("observations", "Observation?patient={{context.patientId}}&code=" + SAFETY_LOINC
            + "&_sort=-date&_count=200");
        m.put("medications", "MedicationRequest?patient={{context.patientId}}&status=active,on-hold");
        m.put("allergies", "AllergyIntolerance?patient={{context.patientId}}&clinical-status=active");
        m.put("procedures", PROCEDURES);
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
