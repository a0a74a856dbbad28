/**
 * The veto: every claim of a model's output is judged against the patient before it is shown.
 *
 * <p>Entry point: {@link org.dxguard.rules.veto.VetoEngine#create} then
 * {@link org.dxguard.rules.veto.VetoEngine#review(org.dxguard.model.PatientFacts, java.util.List, java.util.List)}
 * → {@link org.dxguard.rules.veto.VetoResult} (a {@link org.dxguard.model.ClaimVerdict} per claim). Drug and dose
 * claims are checked by the guideline rules as hypothetical draft orders; grounding, out-of-list diagnoses and
 * directive wording by the packaged veto rule base {@code org/dxguard/rules/veto/veto-rules.drl} (metadata in
 * {@code veto-rules.csv}): VETO-GRD-001 cited evidence not in the case, VETO-GRD-002 quoted lab value not in the
 * record, VETO-GRD-003 cited guideline excerpt that does not exist, VETO-GRD-004 citation attached to text that names
 * another finding of the case ("Chills [ev:arthralgia]"; synonyms in {@code finding-synonyms.csv}), VETO-GRD-005 key
 * finding not reported for the patient cited as support, VETO-DX-001 diagnosis outside the candidate list,
 * VETO-DIR-001 directive, time-critical wording (not conditional safety-netting). Issue 17 (realistic prose), with
 * the facts computed by {@code ProseChecks} from the packaged reference tables ({@code reference/}: copies of
 * {@code guidelines/drug-reference/dose-limits.csv}, {@code drug-conditions.csv}, {@code drug-classes.csv} and
 * {@code guidelines/terminology/result-kinds.csv}): VETO-GRD-006 stated result (any test, vital sign, imaging or
 * examination; value, reading or time) not in the case, VETO-GRD-007 citation attached to text that does not speak of
 * the cited finding, VETO-DOSE-001..004 dose above the general dose table's single, daily/weekly, interval, renal or
 * hepatic limits (guideline rules decide first), VETO-DOSE-005 dose that cannot be tied to a drug, VETO-DC-001 drug
 * ruled out by the drug–condition table for this record, VETO-DIR-002 medication change worded as an order (timed, or
 * imperative where no rule allows it), VETO-DIR-003 instruction addressed to the patient. Facts in {@code facts}; the
 * citation and finding-name matching behind VETO-GRD-004/005/007, the dose table's grammar and the result kinds in
 * {@code internal}. Claims are extracted in llm-reasoner ({@code org.dxguard.reasoner.claims}); the rules are described
 * for reviewers in {@code safety/README.md}.
 */
package org.dxguard.rules.veto;
