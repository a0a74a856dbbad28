package org.dxguard.reasoner.ask;

import java.util.concurrent.CompletableFuture;

/**
 * Writes the answer to a question with a language model. Thread-safe. The future completes with a
 * {@link ModelAnswer} (written, or failed with a reason) and never exceptionally; the caller waits what its budget
 * allows and keeps the future for a late answer.
 */
public interface Answerer extends AutoCloseable {
    /** {@code model-server} for an OpenAI-compatible server, or {@code none} when no model answers questions. */
    String kind();

    /** The model's id as recorded, or {@code dxguard-evidence-only} when there is none. */
    String modelId();

    /** True when a model writes answers ({@link #kind()} is not {@code none}). */
    default boolean available() {
        return !"none".equals(kind());
    }

    /** Starts writing the answer; completes with the written answer or the reason there is none. */
    CompletableFuture<ModelAnswer> answer(AskMaterial material);

    @Override
    void close();
}
