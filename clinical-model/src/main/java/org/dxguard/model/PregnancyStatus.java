package org.dxguard.model;

/** Whether the patient is known to be pregnant at the time of the request. */
public enum PregnancyStatus {
    PREGNANT, NOT_PREGNANT, UNKNOWN
}
