package org.dxguard.reasoner;

import org.dxguard.model.ErrorCode;

/** Error codes owned by llm-reasoner (range DXG-0400–0499). */
public final class ReasonerErrors {
    private ReasonerErrors() {}

    /** A DXGUARD_LLM_* setting or a builder value is invalid. */
    public static final ErrorCode INVALID_CONFIG = ErrorCode.of("DXG-0401", false,
        "Fix the DXGUARD_LLM_* environment variable (or the ReasonerConfig builder value) named in the message.");
    /** A prompt template resource is missing or has placeholders that were not filled. */
    public static final ErrorCode PROMPT_TEMPLATE = ErrorCode.of("DXG-0402", false,
        "Check the prompt resource under reasoner/prompts/ on the classpath and its {{placeholders}}.");
    /** The model server did not answer in time, was unreachable, overloaded or rate-limited. */
    public static final ErrorCode MODEL_UNAVAILABLE = ErrorCode.of("DXG-0410", true,
        "Check that the OpenAI-compatible server at DXGUARD_LLM_BASE_URL is up and not overloaded; retry later.");
    /** The model server rejected the request (authentication, unknown model, bad request). */
    public static final ErrorCode MODEL_REJECTED = ErrorCode.of("DXG-0411", false,
        "Check DXGUARD_LLM_MODEL, DXGUARD_LLM_API_KEY and DXGUARD_LLM_RESPONSE_FORMAT against the server.");
    /** The model answered, but its output could not be repaired into the explanation schema. */
    public static final ErrorCode MODEL_OUTPUT_INVALID = ErrorCode.of("DXG-0412", true,
        "The model's answer was not valid against the explanation schema; it is kept in the audit record.");
    /**
     * The case does not fit a local model's context even in its compact form (the explainer then falls back to the
     * evidence-only explanation when it can).
     */
    public static final ErrorCode PROMPT_TOO_LONG = ErrorCode.of("DXG-0413", false,
        "The record has more findings for the candidates than the small local model's context holds; the evidence-only "
            + "explanation is used instead. Configure a model server (DXGUARD_LLM_BASE_URL) for such records.");

    /** Ask: an embedding model of the question retrieval could not load (the answer goes on without excerpts). */
    public static final ErrorCode RETRIEVAL_UNAVAILABLE = ErrorCode.of("DXG-0430", true,
        "The embedding model for guideline retrieval could not load on this machine; answers go without excerpts. "
            + "Check the log line that names the language and the cause.");
    /** Ask: a question cannot be answered by the model (no model server configured, or the question is empty). */
    public static final ErrorCode ASK_INVALID = ErrorCode.of("DXG-0431", false,
        "Ask needs a non-empty question and, for model answers, an OpenAI-compatible server (DXGUARD_LLM_BASE_URL).");
}
