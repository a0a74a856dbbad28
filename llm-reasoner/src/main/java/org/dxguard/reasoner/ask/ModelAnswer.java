package org.dxguard.reasoner.ask;

import java.time.Duration;
import java.util.Objects;
import org.dxguard.reasoner.ExplanationOutcome.Reason;

/**
 * What a model wrote for a question, or why it wrote nothing. The text is model output: unvetted, for the veto and
 * the decision record only ({@code org.dxguard.safety.AnswerGuard} decides what of it a clinician may see).
 *
 * @param text     the answer with any thinking split off (null when there is none)
 * @param thinking the model's reasoning ({@code reasoning_content} or {@code <think>}), decision record only
 * @param why      null when there is a text; else the stable reason (a clinician sees only its fixed phrase)
 * @param detail   the precise reason, for the decision record only (may name status codes, never the answer)
 */
public record ModelAnswer(String text, String thinking, String modelId, String promptVersion, Reason why,
                          String detail, Duration elapsed) {
    public ModelAnswer {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(elapsed, "elapsed");
        if ((text == null) == (why == null)) {
            throw new IllegalArgumentException("a model answer has either a text or a reason");
        }
    }

    public static ModelAnswer written(String text, String thinking, String modelId, Duration elapsed) {
        return new ModelAnswer(text, thinking, modelId, AskPrompt.VERSION, null, null, elapsed);
    }

    public static ModelAnswer failed(Reason why, String detail, String modelId, Duration elapsed) {
        return new ModelAnswer(null, null, modelId, AskPrompt.VERSION, why, detail, elapsed);
    }

    /** Written with the prompt version {@code promptVersion} (e.g. {@code ask-v1-zh}). */
    public ModelAnswer withPromptVersion(String promptVersion) {
        return new ModelAnswer(text, thinking, modelId, promptVersion, why, detail, elapsed);
    }

    public boolean isWritten() {
        return text != null;
    }
}
