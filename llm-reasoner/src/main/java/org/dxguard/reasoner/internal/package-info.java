/**
 * Internals of the reasoner; use {@link org.dxguard.reasoner.Explainers} instead.
 *
 * <ul>
 * <li>{@link org.dxguard.reasoner.internal.CaseRenderer} + {@link org.dxguard.reasoner.internal.Scrubber} +
 *     {@link org.dxguard.reasoner.internal.EvidenceAliases}: de-identified case text, evidence ids aliased E1, E2…</li>
 * <li>{@link org.dxguard.reasoner.internal.PromptTemplate}: versioned prompts from {@code reasoner/prompts/}.</li>
 * <li>{@link org.dxguard.reasoner.internal.ExplanationSchema}: the response-format JSON schema.</li>
 * <li>{@link org.dxguard.reasoner.internal.ModelOutputParser}: think separation, repair, validation.</li>
 * <li>{@link org.dxguard.reasoner.internal.ChatModelSource}: one call through any langchain4j ChatModel.</li>
 * <li>{@link org.dxguard.reasoner.internal.BudgetedExplainer} + {@link org.dxguard.reasoner.internal.CircuitBreaker}:
 *     time budget, late-result cache, breaker, bounded pool.</li>
 * <li>{@link org.dxguard.reasoner.internal.EvidenceOnlyExplainer}: the no-model default.</li>
 * </ul>
 */
package org.dxguard.reasoner.internal;
