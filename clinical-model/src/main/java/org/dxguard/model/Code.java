package org.dxguard.model;

import java.util.Objects;

/**
 * A coded concept: a system URI (LOINC, SNOMED CT, RxNorm, ICD-10 or a local one), a code and an optional
 * display text. Unknown systems are kept, never dropped.
 */
public record Code(String system, String code, String display) {
    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    public static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String UCUM = "http://unitsofmeasure.org";
    /** Used when a source gives only text, no coding. */
    public static final String TEXT = "urn:dxguard:text";

    public Code {
        system = system == null || system.isBlank() ? TEXT : system;
        Checks.requireText(code, "code.code");
        display = Checks.blankToNull(display);
    }

    public static Code of(String system, String code) {
        return new Code(system, code, null);
    }

    public static Code loinc(String code) {
        return new Code(LOINC, code, null);
    }

    public static Code snomed(String code) {
        return new Code(SNOMED, code, null);
    }

    public static Code rxnorm(String code) {
        return new Code(RXNORM, code, null);
    }

    /** True when system and code are equal (display is ignored). */
    public boolean sameConcept(Code other) {
        return other != null && system.equals(other.system) && code.equals(other.code);
    }

    public boolean is(String system, String code) {
        return Objects.equals(this.system, system) && Objects.equals(this.code, code);
    }
}
