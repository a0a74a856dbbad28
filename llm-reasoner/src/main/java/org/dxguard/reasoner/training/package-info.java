/**
 * Training examples for fine-tuning an explainer model (the project's tiny embedded model, or a LoRA adapter of a
 * real one): case → grounded explanation, in the chat JSONL the fine-tune recipes read. Entry point:
 * {@link org.dxguard.reasoner.training.TrainingExamples}. The prompt is rendered exactly as the explainer renders
 * it ({@code CaseRenderer} + the versioned {@code PromptTemplate}); the target is built only from the candidates'
 * evidence, in the explanation schema, and is checked to parse back through the explainer's own output parser.
 * Cases (graph sampling) and the veto check live in the CLI ({@code dxguard reasoner export-training-data}).
 */
package org.dxguard.reasoner.training;
