package org.dxguard.model;

/** Administrative sex as recorded (FHIR {@code Patient.gender}). */
public enum Sex {
    FEMALE, MALE, OTHER, UNKNOWN
}
