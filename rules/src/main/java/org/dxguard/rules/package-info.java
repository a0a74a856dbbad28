/**
 * Guideline rules engine: Drools 10 executable model over clinical-model facts.
 *
 * <p>Entry points: {@link org.dxguard.rules.RuleSetCompiler#compile(RuleSetDefinition)} turns DRL sources,
 * reference tables, the {@link org.dxguard.rules.Terminology} and the rule catalog into a
 * {@link org.dxguard.rules.CompiledRuleSet}, which implements {@link org.dxguard.rules.GuidelineEngine}
 * (thread-safe; a new stateless session per {@code evaluate}). Rules match the normalised facts in
 * {@code org.dxguard.rules.facts} and report through the {@code alert} global; the engine adds rule id, version,
 * citation and the matched facts to each {@link org.dxguard.model.RuleFinding}. Loading packages from files is
 * guideline-loader's job.
 */
package org.dxguard.rules;
