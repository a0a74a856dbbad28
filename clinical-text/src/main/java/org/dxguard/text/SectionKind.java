package org.dxguard.text;

/** Sections of a clinical note or report, recognised from their English or Chinese headings. */
public enum SectionKind {
    /** Text before any recognised heading. */
    UNLABELED,
    CHIEF_COMPLAINT,
    HISTORY_OF_PRESENT_ILLNESS,
    PAST_MEDICAL_HISTORY,
    PAST_SURGICAL_HISTORY,
    FAMILY_HISTORY,
    SOCIAL_HISTORY,
    REVIEW_OF_SYSTEMS,
    PHYSICAL_EXAM,
    VITAL_SIGNS,
    INVESTIGATIONS,
    MEDICATIONS,
    ALLERGIES,
    ASSESSMENT,
    PLAN,
    DIAGNOSIS,
    IMPRESSION,
    INSTRUCTIONS,
    /** A recognised heading that sets no default (complications, procedure, indications, technique). */
    OTHER;

    /** Mentions here are about the past unless a cue says otherwise. */
    public boolean historical() {
        return this == PAST_MEDICAL_HISTORY || this == PAST_SURGICAL_HISTORY || this == SOCIAL_HISTORY
            || this == ALLERGIES;
    }

    /** Mentions here are about someone other than the patient unless a cue says otherwise. */
    public boolean otherExperiencer() {
        return this == FAMILY_HISTORY;
    }
}
