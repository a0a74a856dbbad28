/**
 * The veto: every claim of a model's output is judged against the patient before it is shown.
 *
 * <p>Entry point: {@link org.dxguard.rules.veto.VetoEngine#create} then
 * {@link org.dxguard.rules.veto.VetoEngine#review(org.dxguard.model.PatientFacts, java.util.List, java.util.List)}
 * → {@link org.dxguard.rules.veto.VetoResult} (a {@link org.dxguard.model.ClaimVerdict} per claim). Drug and dose
 * claims are checked by the guideline rules as hypothetical draft orders; grounding, out-of-list diagnoses and
 * directive wording by the packaged veto rule base {@code org/dxguard/rules/veto/veto-rules.drl} (metadata in
 * {@code veto-rules.csv}). Claims are extracted in llm-reasoner ({@code org.dxguard.reasoner.claims}).
 */
package org.dxguard.rules.veto;
