package org.dxguard.rules.veto.facts;

/**
 * A drug the text recommends for a patient whose record matches a row of the veto's drug–condition table
 * ({@code guidelines/drug-reference/drug-conditions.csv}; VETO-DC-001): the row id, the condition as found in the
 * record ("eGFR 38 and an active anticoagulant") and the row's citation.
 */
public record DrugConditionHit(String claimId, String drug, String rowId, String found, String citation) {}
