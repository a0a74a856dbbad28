package org.dxguard.model;

/** Where a medication stands: already being taken, or a draft order being selected or signed. */
public enum MedicationStatus {
    ACTIVE, DRAFT, ON_HOLD, STOPPED, UNKNOWN
}
