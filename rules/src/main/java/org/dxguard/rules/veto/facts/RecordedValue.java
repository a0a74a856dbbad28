package org.dxguard.rules.veto.facts;

/** A numeric lab result in the patient's record, in the lab kind's canonical unit (see rules' LabFact). */
public record RecordedValue(String kind, double value, String obsId) {}
