/**
 * Grounded differential-diagnosis explanations that never block the card.
 *
 * <p>Entry point: {@link org.dxguard.reasoner.Explainer}, made by
 * {@link org.dxguard.reasoner.Explainers} from a {@link org.dxguard.reasoner.ReasonerConfig} (built, or read from the
 * {@code DXGUARD_LLM_*} variables the command line passes). With
 * {@code DXGUARD_LLM_BASE_URL} set it calls an OpenAI-compatible server through langchain4j's
 * {@code OpenAiChatModel} with a de-identified case, the ranked candidates and aliased evidence ids, asks for a
 * JSON-schema answer, separates {@code <think>} content, repairs and validates the answer, and waits at most the
 * budget (late answers are cached by hook instance for {@link org.dxguard.reasoner.Explainer#lookup}); a circuit
 * breaker protects a failing server. Without it, the embedded small local model ({@code dxguard-tiny-local-v1},
 * package {@code org.dxguard.reasoner.embedded}) writes the explanation in-process; with
 * {@code DXGUARD_LLM_EMBEDDED=off}, or when that model cannot load here, the evidence-only explainer
 * ({@code dxguard-evidence-only}) builds it from the evidence alone.
 *
 * <p>The answer language: {@code DXGUARD_LLM_LANGUAGE} by default, or per call the clinician's
 * {@link java.util.Locale} through {@link org.dxguard.reasoner.ExplanationRequest} and
 * {@link org.dxguard.reasoner.Explainer#explain(org.dxguard.reasoner.ExplanationRequest)} (Chinese locales get the
 * {@code <version>-zh} prompt and must be answered in Chinese; every other locale English; a request without a
 * locale, when neither the call nor its EHR names one, the configured language).
 *
 * <p>Prompts are versioned resources under {@code reasoner/prompts/} ({@code <version>-zh.txt} beside the English
 * one); internals live in
 * {@code org.dxguard.reasoner.internal}. Error codes: {@link org.dxguard.reasoner.ReasonerErrors} (DXG-04xx).
 */
package org.dxguard.reasoner;
