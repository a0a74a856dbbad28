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
 *
 * <p>Card texts (issue 20): a rule names message keys of its package's {@code messages.yaml}
 * ({@link org.dxguard.rules.Messages}, ICU MessageFormat, English and Chinese side by side) with named parameters;
 * each finding carries its English texts and, in {@link org.dxguard.model.RuleFinding#translations()}, the same
 * texts in every other language its messages have (drug names in that language from the terminology);
 * {@code evaluate(facts, locale)}, which the hook services call, formats only the call's language (none for
 * English; issue 21), so a call does not pay for texts no card shows. The decision record holds the English
 * texts and the cards as returned, so it does not change. The engine's
 * own texts (suggestion labels, lab notes, "Based on" lines {@code fact.*}) are
 * {@code org/dxguard/rules/facts/messages.yaml}; error codes DXG-0540..0545 ({@link org.dxguard.rules.MessageErrors}).
 * A translation also carries the card's "Based on" lines ({@link org.dxguard.model.LocalizedText#basedOn()}),
 * rendered by {@link org.dxguard.rules.facts.FactLines} from the matched facts' parts (reference, code, name, value,
 * unit, date) with the terminology's names, never re-parsed from the English lines; the English templates reproduce
 * {@code triggeredBy} exactly, which stays the decision record's content. {@link org.dxguard.rules.ResultNames} names
 * measured results by LOINC code for cards (from {@code result-kinds.csv}).
 */
package org.dxguard.rules;
