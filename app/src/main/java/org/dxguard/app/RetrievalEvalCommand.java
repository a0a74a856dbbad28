package org.dxguard.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.reasoner.ask.QuestionRetriever;
import org.dxguard.reasoner.ask.RetrievalEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard reasoner retrieval-eval}: hit@1 and hit@3 of Ask's guideline retrieval on a question set, per
 * language, for the retrieval the service uses or for every variant compared in docs/BENCHMARKS.md.
 */
@Command(name = "retrieval-eval", mixinStandardHelpOptions = true,
    description = {"Measure Ask's guideline retrieval on a question set (TSV: lang, excerpt id, question; default "
        + "bench/ask/retrieval-questions.tsv): hit@1 and hit@3 per language, one name=value per line. Exit 0; 1 when "
        + "the set cannot be read."})
final class RetrievalEvalCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--questions", paramLabel = "FILE", defaultValue = "bench/ask/retrieval-questions.tsv",
        description = "The question set (default ${DEFAULT-VALUE}).")
    Path questions;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "standard",
        description = "standard (what the service uses), zh-instruction, bge-both, minilm-both, zh-over-english, "
            + "or all (default ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--guidelines", paramLabel = "DIR", description = "Guideline packages whose excerpts are searched "
        + "(default: " + GuidelineRepository.ENV + " or the packaged defaults).")
    Path guidelines;

    @Option(names = "--misses", description = "Print every question whose excerpt is not in the top 3.")
    boolean misses;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RetrievalEvaluation.Question> set = RetrievalEvaluation.read(questions);
        List<RetrievalEvaluation.Variant> variants = variant.equalsIgnoreCase("all")
            ? List.of(RetrievalEvaluation.Variant.values())
            : List.of(RetrievalEvaluation.Variant.valueOf(variant.toUpperCase(Locale.ROOT).replace('-', '_')));
        try (GuidelineRepository repo = GuidelineRepository.resolve(guidelines, false)) {
            out.println("questions=" + set.size() + " (" + questions + ")");
            for (RetrievalEvaluation.Variant v : variants) {
                QuestionRetriever r = v.retriever(repo::excerpts);
                r.warmUp();
                long t0 = System.nanoTime();
                List<RetrievalEvaluation.Outcome> outcomes = RetrievalEvaluation.run(r, set, 3);
                double ms = (System.nanoTime() - t0) / 1e6;
                String name = v.name().toLowerCase(Locale.ROOT).replace('_', '-');
                for (Map.Entry<String, RetrievalEvaluation.Figures> e
                    : RetrievalEvaluation.figures(outcomes, ms).entrySet()) {
                    RetrievalEvaluation.Figures f = e.getValue();
                    out.printf(Locale.ROOT, "%s.%s questions=%d hit@1=%.3f hit@3=%.3f ms_per_question=%.1f%n", name,
                        f.language(), f.questions(), f.hit1(), f.hit3(), f.millisPerQuestion());
                }
                if (misses) {
                    outcomes.stream().filter(o -> !o.hit(3)).forEach(o -> out.println("  miss " + name + " "
                        + o.question().language() + " " + o.question().excerptId() + " got " + o.retrieved() + ": "
                        + o.question().text()));
                }
                out.flush();
            }
        }
        return 0;
    }
}
