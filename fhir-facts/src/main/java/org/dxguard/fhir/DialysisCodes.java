package org.dxguard.fhir;

import java.time.Duration;
import java.util.Set;
import org.dxguard.model.Code;

/**
 * Codes that say "this patient is on dialysis" when recorded as a Procedure, or "has a kidney transplant".
 * Package-private.
 */
final class DialysisCodes {
    /** SNOMED CT dialysis procedures. Synthea 3.3.0 emits 265764009 (dialysis module) and 302497006 (COVID-19). */
    static final Set<String> SNOMED_DIALYSIS_PROCEDURES = Set.of(
        "265764009",  // Renal dialysis (Synthea: 2-3 sessions a week)
        "302497006",  // Hemodialysis
        "71192002",   // Peritoneal dialysis
        "108241001",  // Dialysis procedure
        "68341005",   // Hemodialysis, maintenance in hospital
        "238318009"); // Continuous ambulatory peritoneal dialysis
    /** SNOMED CT kidney transplant: the procedure (70536003) and the history finding (161665007), as Synthea records them. */
    static final Set<String> SNOMED_KIDNEY_TRANSPLANT = Set.of(DialysisCodes.KIDNEY_TRANSPLANT_PROCEDURE, "161665007");
    /** SNOMED CT 70536003, transplantation of kidney (procedure). */
    static final String KIDNEY_TRANSPLANT_PROCEDURE = "70536003";
    /** The condition derived from recent dialysis procedures: SNOMED CT 105502003. */
    static final Code DEPENDENCE_ON_DIALYSIS = new Code(Code.SNOMED, "105502003", "Dependence on renal dialysis");
    /** A dialysis procedure at most this old (sessions are 2-3 a week) means the patient is on dialysis. */
    static final Duration RECENT = Duration.ofDays(30);

    private DialysisCodes() {}

    static boolean isDialysisProcedure(Code code) {
        return Code.SNOMED.equals(code.system()) && SNOMED_DIALYSIS_PROCEDURES.contains(code.code());
    }

    static boolean isKidneyTransplant(Code code) {
        return Code.SNOMED.equals(code.system()) && SNOMED_KIDNEY_TRANSPLANT.contains(code.code());
    }
}
