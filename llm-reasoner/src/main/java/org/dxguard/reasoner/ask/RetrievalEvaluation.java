package org.dxguard.reasoner.ask;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15.BgeSmallZhV15EmbeddingModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.reasoner.ReasonerErrors;

/**
 * hit@k of a {@link QuestionRetriever} on a question set (a TSV file: {@code lang}, {@code excerpt},
 * {@code question}; lines starting with {@code #} are comments): for each question, whether the excerpt that
 * answers it is among the first {@code k} retrieved in the question's language. {@link Variant}s are the retrieval
 * choices compared in docs/BENCHMARKS.md; {@link Variant#STANDARD} is what the service uses.
 */
public final class RetrievalEvaluation {
    /** One question of the set. */
    public record Question(String language, String excerptId, String text) {}

    /** One question's result: the ids retrieved, best first. */
    public record Outcome(Question question, List<String> retrieved) {
        public boolean hit(int k) {
            return retrieved.subList(0, Math.min(k, retrieved.size())).contains(question.excerptId());
        }
    }

    /** Figures of one language. */
    public record Figures(String language, int questions, double hit1, double hit3, double millisPerQuestion) {}

    /** The retrieval choices compared. */
    public enum Variant {
        /** English: all-MiniLM-L6-v2 over English excerpts; Chinese: bge-small-zh-v1.5 over Chinese excerpts. */
        STANDARD,
        /** As STANDARD, the Chinese questions with bge's query instruction for short queries. */
        ZH_INSTRUCTION,
        /** bge-small-zh-v1.5 for both languages (English questions over the English excerpts). */
        BGE_BOTH,
        /** all-MiniLM-L6-v2 for both languages (Chinese questions over the Chinese excerpts). */
        MINILM_BOTH,
        /** Chinese questions over the English excerpts with bge-small-zh-v1.5 (no Chinese excerpts). */
        ZH_OVER_ENGLISH;

        /** The retriever of this variant over {@code excerpts}. */
        public QuestionRetriever retriever(Supplier<List<GuidelineExcerpt>> excerpts) {
            QuestionRetriever.LanguageModel miniLm = new QuestionRetriever.LanguageModel(AllMiniLmL6V2EmbeddingModel::new, "");
            QuestionRetriever.LanguageModel bge = new QuestionRetriever.LanguageModel(BgeSmallZhV15EmbeddingModel::new,
                QuestionRetriever.BGE_ZH_QUERY_INSTRUCTION);
            QuestionRetriever.LanguageModel bgePlain = new QuestionRetriever.LanguageModel(BgeSmallZhV15EmbeddingModel::new, "");
            return switch (this) {
                case STANDARD -> QuestionRetriever.standard(excerpts);
                case ZH_INSTRUCTION -> QuestionRetriever.of(excerpts, Map.of("en", miniLm, "zh", bge));
                case BGE_BOTH -> QuestionRetriever.of(excerpts, Map.of("en", bgePlain, "zh", bgePlain));
                case MINILM_BOTH -> QuestionRetriever.of(excerpts, Map.of("en", miniLm, "zh", miniLm));
                case ZH_OVER_ENGLISH -> QuestionRetriever.of(() -> excerpts.get().stream().map(e -> new GuidelineExcerpt(
                    e.id(), e.packageId(), e.title(), e.text(), e.citation(), e.url())).toList(), Map.of("en", miniLm, "zh", bgePlain));
            };
        }
    }

    private RetrievalEvaluation() {}

    /** Reads a question set. */
    public static List<Question> read(Path file) {
        List<Question> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DxGuardException(ReasonerErrors.ASK_INVALID, "cannot read the question set " + file + ": "
                + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.startsWith("#") || l.startsWith("lang\t")) {
                continue;
            }
            String[] f = l.split("\t", -1);
            if (f.length != 3 || QuestionLanguage.normalise(f[0]) == null || f[1].isBlank() || f[2].isBlank()) {
                throw new DxGuardException(ReasonerErrors.ASK_INVALID, file + ":" + (i + 1)
                    + ": expected 'lang<TAB>excerpt id<TAB>question' with lang en or zh");
            }
            out.add(new Question(QuestionLanguage.normalise(f[0]), f[1].strip(), f[2].strip()));
        }
        return out;
    }

    /** Runs every question (k retrieved each). */
    public static List<Outcome> run(QuestionRetriever retriever, List<Question> questions, int k) {
        List<Outcome> out = new ArrayList<>();
        for (Question q : questions) {
            out.add(new Outcome(q, QuestionRetriever.ids(retriever.retrieve(q.text(), q.language(), k))));
        }
        return out;
    }

    /** hit@1 and hit@3 per language (and {@code all}), with the mean time per question of {@code millis}. */
    public static Map<String, Figures> figures(List<Outcome> outcomes, double millis) {
        Map<String, List<Outcome>> by = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            by.computeIfAbsent(o.question().language(), l -> new ArrayList<>()).add(o);
        }
        by.put("all", outcomes);
        Map<String, Figures> out = new LinkedHashMap<>();
        by.forEach((lang, list) -> out.put(lang, new Figures(lang, list.size(),
            list.stream().filter(o -> o.hit(1)).count() / (double) Math.max(1, list.size()),
            list.stream().filter(o -> o.hit(3)).count() / (double) Math.max(1, list.size()),
            outcomes.isEmpty() ? 0 : millis / outcomes.size())));
        return out;
    }
}
