package org.dxguard.rules.veto.facts;

/**
 * A medication change worded as an order (VETO-DIR-002): {@code wording} {@code timed} ("Stop furosemide today",
 * "今晚把胰岛素加倍") or {@code imperative} ("Double the levothyroxine…"); {@code allowedByRule} is true when a rule
 * allows the change as written: a start or change with a dose that the guideline rules and the dose table checked
 * and accepted, or a stop of a drug the rules flag for this patient. A timed change is never allowed.
 */
public record MedicationDirective(String claimId, String drug, String change, String wording, boolean allowedByRule) {}
