package org.dxguard.text.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dxguard.model.Code;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.Language;
import org.dxguard.text.Lexicon;
import org.dxguard.text.Term;
import org.dxguard.text.TermKind;
import org.dxguard.text.TextAnalysis;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Text processing cost per note (issue 18: p95 per 2 KB note ≤ 5 ms): {@link ClinicalText#analyze} of a 2 KB English
 * and a 2 KB Chinese note (sections, sentences, mentions with ConText, measurements, medications), with the packaged
 * lexicon and with 20,000 more terms (the size of a large graph vocabulary). Sample mode: JMH prints p0.95.
 * <pre>
 * ./mvnw -q -pl clinical-text -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
 * java -cp clinical-text/target/test-classes:clinical-text/target/classes:$(cat clinical-text/target/bench-cp.txt) \
 *     org.openjdk.jmh.Main TextBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TextBenchmark {
    @Param({"en", "zh"})
    public String language;

    @Param({"packaged", "large"})
    public String lexicon;

    private ClinicalText text;
    private String note;

    @Setup
    public void setUp() throws IOException {
        Lexicon.Builder b = Lexicon.packaged().toBuilder();
        if (lexicon.equals("large")) {
            for (int i = 0; i < 20_000; i++) {
                b.add(Term.builder("synthetic:" + i, TermKind.FINDING).code(Code.of("urn:bench", "t" + i))
                    .en("synthetic finding " + Integer.toString(i, 36) + " of the left side")
                    .zh("合成症状" + Integer.toString(i, 36)).build());
            }
        }
        text = ClinicalText.builder().lexicon(b.build()).build();
        try (InputStream in = TextBenchmark.class.getResourceAsStream("/fixtures/notes/bench-" + language
            + "-2k.txt")) {
            note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public TextAnalysis analyze() {
        return text.analyze(note, Language.parse(language));
    }
}
