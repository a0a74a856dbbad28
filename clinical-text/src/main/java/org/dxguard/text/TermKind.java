package org.dxguard.text;

/** What a lexicon term names. */
public enum TermKind {
    /** A symptom or sign (present now or absent); becomes a FHIR Observation. */
    FINDING,
    /** A disease or diagnosis; becomes a FHIR Condition. */
    DISEASE,
    /** A risk factor or antecedent (smoker, recent travel, prior surgery): counts when historical. */
    HISTORY,
    /**
     * A family-history risk factor of the patient ("family history of asthma"): it is about a relative, and it counts
     * as the patient's finding exactly then.
     */
    FAMILY_HISTORY,
    /** A drug (ingredient); becomes a FHIR MedicationStatement. */
    DRUG,
    /** A laboratory test or vital sign name (values are read by the measurement rules). */
    LAB,
    /** A procedure. */
    PROCEDURE
}
