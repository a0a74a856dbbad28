/**
 * The embedded default explainer model: dxguard's own tiny Llama-architecture model (trained by
 * {@code llm-reasoner/embedded-model/}, shipped as {@code reasoner/embedded/dxguard-tiny-v1.gguf}) served in-process
 * on CPU by llama.cpp through java-llama.cpp. Entry point: {@link org.dxguard.reasoner.embedded.EmbeddedModel}, a
 * langchain4j {@code ChatModel}, plugged into the ordinary explainer with
 * {@link org.dxguard.reasoner.Explainers#embedded(org.dxguard.reasoner.ReasonerConfig)}. It writes fluent, schema-valid
 * explanations and invents findings; the veto is what keeps those from a clinician.
 */
package org.dxguard.reasoner.embedded;
