package org.dxguard.text.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dxguard.graph.DdxplusEvaluation;
import org.dxguard.graph.DdxplusNotes;
import org.dxguard.graph.GraphConfig;
import org.dxguard.graph.GraphTerm;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.model.Code;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.Language;
import org.dxguard.text.Lexicon;
import org.dxguard.text.Term;
import org.dxguard.text.TermKind;

/**
 * The differential from notes on DDXPlus (docs/BENCHMARKS.md, "Differential from notes"): learns the DDXPlus graph
 * from the training rows in a fresh embedded Neo4j, builds the clinical-text lexicon from the graph's vocabulary,
 * then for each language and renderer writes every test patient's note, reads its findings and ranks them (open
 * world). Prints {@code name=value} lines.
 *
 * <p>{@code main(ddxplusDir, split)}: split {@code final} = train on even rows, test on odd rows (the figures we
 * report); {@code tune} = train on rows 0, 4, 8 … and test on rows 2, 6, 10 … (inside the even half; used while
 * developing the analyser on renderer A).
 */
public final class NotesDifferential {
    private NotesDifferential() {}

    /** The graph's findings and diseases as clinical-text terms (what the service will feed the analyser). */
    public static Lexicon lexicon(List<GraphTerm> vocabulary) {
        Lexicon.Builder b = Lexicon.packaged().toBuilder();
        int i = 0;
        for (GraphTerm g : vocabulary) {
            if (g.synonyms().isEmpty()) {
                continue;
            }
            TermKind kind = switch (g.kind()) {
                case "disease" -> TermKind.DISEASE;
                case "antecedent" -> g.label() != null && g.label().toLowerCase(Locale.ROOT).matches(
                    ".*\\b(family|mother)\\b.*") ? TermKind.FAMILY_HISTORY : TermKind.HISTORY;
                default -> TermKind.FINDING;
            };
            List<Code> codes = new ArrayList<>();
            codes.add(Code.of(g.code().system(), g.code().code()));
            codes.addAll(g.codes());
            b.add(new Term("graph:" + (i++) + ":" + g.code().code() + (g.value() == null ? "" : "=" + g.value()), kind,
                codes, g.value(), g.synonyms().get(0), null, g.synonyms(), g.implies()));
        }
        return b.build();
    }

    public static List<String> run(Path ddxplus, String split, List<String> languages, List<DdxplusNotes.Style> styles)
        throws IOException {
        Path tmp = Files.createTempDirectory("dxguard-notes");
        List<String> lines = Files.readAllLines(ddxplus.resolve("patients_dev.csv"), StandardCharsets.UTF_8);
        List<String> train = new ArrayList<>(List.of(lines.get(0)));
        List<String> test = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            int row = i - 1;
            if (split.equals("tune")) {
                if (row % 4 == 0) {
                    train.add(lines.get(i));
                } else if (row % 4 == 2) {
                    test.add(lines.get(i));
                }
            } else {
                (row % 2 == 0 ? train : test).add(lines.get(i));
            }
        }
        Path tr = tmp.resolve("train.csv");
        Path te = tmp.resolve("test.csv");
        Files.write(tr, train, StandardCharsets.UTF_8);
        Files.write(te, test, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (KnowledgeGraph g = KnowledgeGraph.connect(GraphConfig.builder().dataDir(tmp.resolve("graph"))
            .loadDefaultOnFirstStart(false).build())) {
            g.imports().importDdxplus(ddxplus, tr);
            ClinicalText text = ClinicalText.builder().lexicon(lexicon(g.vocabulary())).build();
            out.add("split=" + split);
            out.add("lexicon_terms=" + text.lexicon().size());
            for (String lang : languages) {
                for (DdxplusNotes.Style style : styles) {
                    DdxplusEvaluation.NotesReport r = DdxplusEvaluation.runNotes(g, ddxplus, te,
                        (note, l) -> text.analyze(note, Language.parse(l)).findings(), lang, style);
                    out.addAll(r.toLines());
                }
            }
        } finally {
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return out;
    }

    /** {@code DDXPLUS_DIR [final|tune] [en,zh] [A,B]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../../shared/data/ddxplus");
        String split = args.length > 1 ? args[1] : "final";
        List<String> langs = List.of((args.length > 2 ? args[2] : "en,zh").split(","));
        List<DdxplusNotes.Style> styles = new ArrayList<>();
        for (String s : (args.length > 3 ? args[3] : "A,B").split(",")) {
            styles.add(DdxplusNotes.Style.valueOf(s.trim()));
        }
        run(dir, split, langs, styles).forEach(System.out::println);
    }
}
