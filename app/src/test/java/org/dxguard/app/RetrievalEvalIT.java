package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.testing.RepoPaths;
import org.junit.jupiter.api.Test;

/**
 * Ask's guideline retrieval on the question set of bench/ask (issue 19: at least 60 questions, English and Chinese,
 * each with the excerpt that answers it), through the real embedding models and the packaged excerpts.
 */
class RetrievalEvalIT {
    private static final Path QUESTIONS = RepoPaths.repo("bench/ask/retrieval-questions.tsv");

    @Test
    void should_put_the_answering_excerpt_in_the_top_3_for_most_questions_in_both_languages_when_retrieving() {
        // given the question set and the packaged excerpts

        // when
        CliRun run = CliRun.of("reasoner", "retrieval-eval", "--questions", QUESTIONS.toString(), "--misses");

        // then the set is large enough, and each language finds the answering excerpt in its top 3 at least 80 % of
        // the time (the measured figures are in docs/BENCHMARKS.md)
        System.out.println(run.out());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("questions=(6\\d|[7-9]\\d|\\d{3,})");
        assertThat(hit3(run.out(), "standard.en")).isGreaterThanOrEqualTo(0.8);
        assertThat(hit3(run.out(), "standard.zh")).isGreaterThanOrEqualTo(0.8);
    }

    private static double hit3(String out, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + " questions=\\d+ hit@1=[0-9.]+ hit@3=([0-9.]+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
