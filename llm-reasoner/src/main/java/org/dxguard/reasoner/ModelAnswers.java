package org.dxguard.reasoner;

import java.util.List;
import java.util.Objects;
import org.dxguard.reasoner.internal.EvidenceAliases;
import org.dxguard.reasoner.internal.ModelOutputParser;

/**
 * A model's answer read exactly as the explainers read it (JSON extracted and repaired, the schema checked, evidence
 * aliases mapped back to evidence ids), for answers judged outside a hook call: the safety review of a model's real
 * answers and the embedded model's benchmark.
 */
public final class ModelAnswers {
    private ModelAnswers() {}

    /**
     * Parses an answer (thinking already removed) to a prompt that listed its evidence as {@code E1, E2, …} in the
     * order of {@code evidenceIds}.
     *
     * @param language the answer language asked for; for {@code en}, answers mostly in CJK script are rejected
     * @throws org.dxguard.model.DxGuardException {@link ReasonerErrors#MODEL_OUTPUT_INVALID} when an explainer would
     *                                            reject the answer
     */
    public static Explanation parse(String answer, List<String> evidenceIds, String language) {
        EvidenceAliases aliases = new EvidenceAliases();
        Objects.requireNonNull(evidenceIds, "evidenceIds must not be null").forEach(aliases::aliasOf);
        return new ModelOutputParser().parse(answer, aliases, language);
    }

    /**
     * Whether a plain-text answer (an Ask answer) is in the language asked for, by the rule the explanation parser
     * applies ({@code explanation.wrong-language}): {@code zh} answers need Chinese characters (English drug names,
     * abbreviations and ids inside are fine); {@code en} answers must not be mostly in CJK script.
     */
    public static boolean writtenIn(String answer, String language) {
        return answer == null || ModelOutputParser.writtenIn(answer, language);
    }
}
