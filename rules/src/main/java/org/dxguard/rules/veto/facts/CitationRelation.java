package org.dxguard.rules.veto.facts;

/**
 * An evidence citation in free text and whether the text it is attached to speaks of the cited finding at all
 * (VETO-GRD-007): {@code related} is false when that text shares no significant word (no character pair, in Chinese)
 * with any name of the cited finding — an invented finding behind a real id ("Osteophytes [E1]" where E1 is knee
 * pain, "X线可见穿凿样骨侵蚀[ev:mtp]"). Only text with content of its own is judged; a citation attached to nothing
 * is not.
 */
public record CitationRelation(String claimId, String evidenceId, String label, String text, boolean related) {}
