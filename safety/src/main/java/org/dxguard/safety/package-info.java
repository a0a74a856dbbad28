/**
 * Safety review of the veto, and the glue from model output to what may be shown.
 *
 * <p>{@link org.dxguard.safety.ExplanationGuard} is the one path from a model answer to a shown
 * explanation: claim extraction (llm-reasoner), veto (rules), filtering. {@link org.dxguard.safety.SuiteReader}
 * reads suites ({@code safety/README.md}), {@link org.dxguard.safety.MutationGenerator} derives variants of
 * violating cases, {@link org.dxguard.safety.SuiteRunner} scores them and
 * {@link org.dxguard.safety.ReportWriter} writes Markdown, HTML and JUnit XML.
 * {@link org.dxguard.safety.ModelOutputReview} runs the veto over the embedded model's real answers.
 * {@link org.dxguard.safety.SafetyCommand} is {@code dxguard safety run SUITE... [--report DIR]} and
 * {@code dxguard safety model-outputs --data FILE [--exclude FILE] [--n N] [--targets] [--out DIR]}.
 */
package org.dxguard.safety;
