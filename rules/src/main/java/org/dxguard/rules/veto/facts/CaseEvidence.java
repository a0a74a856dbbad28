package org.dxguard.rules.veto.facts;

/** An evidence id of this case (supporting or missing evidence of any candidate): what a claim may cite. */
public record CaseEvidence(String id) {}
