package org.dxguard.service.ask;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a question, as {@code POST /ask} returns it (issue 19): {@code answer} (Markdown: fixed phrases of
 * {@link AskMessages}, record and guideline data, and only such model text as passed the veto, escaped), its
 * {@code language}, the guideline excerpts it {@code citations} cites, the guideline {@code ruleFindings} for the
 * drugs the question names (each evaluated as a hypothetical new order), the {@code patientFacts} it used (with the
 * id an answer cites them by), the {@code explainer} that wrote it, the fixed phrases of what was {@code withheld}
 * from the model's answer, and the {@code decisionId} of its decision record. {@code lateAnswer}, only when the
 * model's answer missed the time budget: where the checked model answer will be.
 */
public record AskAnswer(String answer, String language, List<Citation> citations, List<RuleFindingView> ruleFindings,
                        List<FactView> patientFacts, Explainer explainer, List<String> withheld, String decisionId,
                        LateAnswer lateAnswer) {
    public AskAnswer {
        Objects.requireNonNull(answer, "answer");
        citations = List.copyOf(citations);
        ruleFindings = List.copyOf(ruleFindings);
        patientFacts = List.copyOf(patientFacts);
        withheld = List.copyOf(withheld);
    }

    /**
     * A guideline excerpt the answer cites: its id, title, source and {@code language}, the language its title and
     * text are in: the answer's {@code language} ({@code en}, {@code zh}), or {@code en} when the excerpt has no version in the
     * answer's language; the title then carries the same label as the Markdown answer (e.g. "（英文原文：该摘录暂无中文版本）").
     */
    public record Citation(String id, String title, String source, String language) {}

    /** A guideline rule's finding: the rule, critical|warning|info, and its summary. */
    public record RuleFindingView(String ruleId, String indicator, String summary) {}

    /** A fact of the patient's record: what it is, its value, and when (ISO date; null when undated). */
    public record FactView(String id, String label, String value, String when) {}

    /** Who wrote the answer: {@code model-server} (with its model id) or {@code evidence-only}. */
    public record Explainer(String kind, String modelId) {}

    /** Where the model's late answer will be ({@code GET}, capability link), and its state now. */
    public record LateAnswer(String status, String url) {}
}
