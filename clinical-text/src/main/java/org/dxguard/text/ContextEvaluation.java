package org.dxguard.text;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import org.dxguard.model.DxGuardException;

/**
 * The NegEx/ConText test-set evaluation (what {@code dxguard text context --file TSV} prints): for each row
 * (line number, condition, sentence, negation, temporality, experiencer) classify the condition in its sentence with
 * {@link ClinicalText#context} and compare. Negated is the positive class of precision/recall/F1; "possible" counts
 * as affirmed (the test set annotates only Affirmed/Negated); "Not particular" temporality is hypothetical; "Family
 * member"/"Other" experiencers are other.
 *
 * <p>{@link Split}: the rows are split by blocks of {@value #BLOCK} line numbers (reports stay together): blocks
 * whose index is 2 mod 3 are the held-out third, the others the tuning two thirds.
 */
public final class ContextEvaluation {
    static final int BLOCK = 60;

    /** Which rows to evaluate. */
    public enum Split {
        ALL, TUNE, HOLDOUT;

        IntPredicate lines() {
            return switch (this) {
                case ALL -> l -> true;
                case TUNE -> l -> (l - 1) / BLOCK % 3 != 2;
                case HOLDOUT -> l -> (l - 1) / BLOCK % 3 == 2;
            };
        }
    }

    /** One test-set row with our classification. */
    public record Row(int line, String condition, String sentence, String negation, String temporality,
                      String experiencer, Context predicted) {
        public boolean negationCorrect() {
            return negated(negation) == (predicted.negation() == Negation.NEGATED);
        }

        public boolean temporalityCorrect() {
            return ContextEvaluation.temporality(temporality) == predicted.temporality();
        }

        public boolean experiencerCorrect() {
            return ContextEvaluation.experiencer(experiencer) == predicted.experiencer();
        }
    }

    /** The figures; {@link #toLines()} gives the {@code name=value} lines. */
    public record Report(int sentences, double negationAccuracy, double negationPrecision, double negationRecall,
                         double negationF1, double temporalityAccuracy, double experiencerAccuracy, int notFound,
                         List<Row> rows) {
        public List<String> toLines() {
            return List.of("sentences=" + sentences, "negation_accuracy=" + f(negationAccuracy),
                "negation_precision=" + f(negationPrecision), "negation_recall=" + f(negationRecall),
                "negation_f1=" + f(negationF1), "temporality_accuracy=" + f(temporalityAccuracy),
                "experiencer_accuracy=" + f(experiencerAccuracy), "condition_not_found=" + notFound);
        }

        private static String f(double v) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
    }

    private ContextEvaluation() {}

    public static Report run(ClinicalText text, Path tsv, Split split) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DxGuardException(TextErrors.INVALID_EVALUATION_FILE, "cannot read " + tsv + ": " + e.getMessage(), e);
        }
        List<Row> rows = new ArrayList<>();
        int notFound = 0;
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            String[] c = l.split("\t", -1);
            if (c.length < 6) {
                throw new DxGuardException(TextErrors.INVALID_EVALUATION_FILE, tsv + " line " + (i + 1) + " has "
                    + c.length + " columns, 6 expected");
            }
            int line;
            try {
                line = Integer.parseInt(c[0].strip());
            } catch (NumberFormatException e) {
                throw new DxGuardException(TextErrors.INVALID_EVALUATION_FILE, tsv + " line " + (i + 1)
                    + ": first column is not a line number");
            }
            if (!split.lines().test(line)) {
                continue;
            }
            Context ctx = text.context(c[2], c[1]);
            if (!ctx.found()) {
                notFound++;
            }
            rows.add(new Row(line, c[1], c[2], c[3].strip(), c[4].strip(), c[5].strip(), ctx));
        }
        if (rows.isEmpty()) {
            throw new DxGuardException(TextErrors.INVALID_EVALUATION_FILE, tsv + " has no rows for split " + split);
        }
        int negOk = 0, tp = 0, fp = 0, fn = 0, tempOk = 0, expOk = 0;
        for (Row r : rows) {
            boolean gold = negated(r.negation());
            boolean pred = r.predicted().negation() == Negation.NEGATED;
            negOk += gold == pred ? 1 : 0;
            tp += gold && pred ? 1 : 0;
            fp += !gold && pred ? 1 : 0;
            fn += gold && !pred ? 1 : 0;
            tempOk += r.temporalityCorrect() ? 1 : 0;
            expOk += r.experiencerCorrect() ? 1 : 0;
        }
        int n = rows.size();
        double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double rc = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        return new Report(n, (double) negOk / n, p, rc, p + rc == 0 ? 0 : 2 * p * rc / (p + rc), (double) tempOk / n,
            (double) expOk / n, notFound, rows);
    }

    static boolean negated(String gold) {
        return gold.toLowerCase(Locale.ROOT).startsWith("neg");
    }

    static Temporality temporality(String gold) {
        String g = gold.toLowerCase(Locale.ROOT);
        return g.startsWith("hist") ? Temporality.HISTORICAL : g.startsWith("rec") ? Temporality.RECENT
            : Temporality.HYPOTHETICAL;
    }

    static Experiencer experiencer(String gold) {
        return gold.toLowerCase(Locale.ROOT).startsWith("pat") ? Experiencer.PATIENT : Experiencer.OTHER;
    }

    /**
     * {@code [--split all|tune|holdout] [--errors] FILE}: prints the {@code name=value} lines (and with
     * {@code --errors} every misclassified row) to standard output.
     */
    public static void main(String[] args) {
        Split split = Split.ALL;
        boolean errors = false;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--split" -> split = Split.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--errors" -> errors = true;
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) {
            System.err.println("usage: ContextEvaluation [--split all|tune|holdout] [--errors] FILE");
            System.exit(2);
        }
        Report r = run(ClinicalText.withPackagedLexicon(), file, split);
        print(r, errors, System.out);
    }

    public static void print(Report r, boolean errors, PrintStream out) {
        if (errors) {
            for (Row row : r.rows()) {
                if (!row.negationCorrect() || !row.temporalityCorrect() || !row.experiencerCorrect()) {
                    out.println(row.line() + "\t" + row.condition() + "\tgold=" + row.negation() + "/"
                        + row.temporality() + "/" + row.experiencer() + "\tours=" + row.predicted().negation() + "/"
                        + row.predicted().temporality() + "/" + row.predicted().experiencer() + "\tcues="
                        + row.predicted().cues() + "\t" + row.sentence());
                }
            }
        }
        r.toLines().forEach(out::println);
    }
}
