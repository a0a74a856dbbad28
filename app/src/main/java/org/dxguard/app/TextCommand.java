package org.dxguard.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.ContextEvaluation;
import org.dxguard.text.ExtractRequest;
import org.dxguard.text.Extraction;
import org.dxguard.text.Language;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard text}: clinical text jobs (module clinical-text): read a note into FHIR, and measure ConText on the
 * NegEx/ConText test-set format.
 */
@Command(name = "text", mixinStandardHelpOptions = true,
    description = "Clinical text (English and Chinese): extract FHIR from a note, evaluate ConText on a test set.",
    subcommands = {TextCommand.Extract.class, TextCommand.Context.class})
public final class TextCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Read a note (UTF-8 text, at most 1 MB) and print a FHIR R4 Bundle (collection) of Conditions, "
            + "Observations and MedicationStatements, each with its source span (see clinical-text/README.md)."})
    static final class Extract implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The note (UTF-8 plain text).")
        Path file;

        @Option(names = "--language", paramLabel = "en|zh", description = "Language of the note (default: detected).")
        String language;

        @Option(names = "--patient", paramLabel = "ID", description = "Patient id for the subject references.")
        String patient;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Date of the note (stated durations become "
            + "onset dates).")
        LocalDate date;

        @Override
        public Integer call() {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "cannot read " + file + ": " + e.getMessage(), e);
            }
            Extraction x = ClinicalText.withPackagedLexicon().extract(new ExtractRequest(ClinicalText.decode(bytes),
                Language.parse(language), patient, date));
            spec.commandLine().getOut().println(x.bundleJson());
            return 0;
        }
    }

    @Command(name = "context", mixinStandardHelpOptions = true,
        description = {"Classify each condition of a NegEx/ConText test-set file (line number, condition, sentence, "
            + "negation, temporality, experiencer) and print sentences, negation accuracy/precision/recall/F1 "
            + "(Negated) and temporality and experiencer accuracy, one name=value per line."})
    static final class Context implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "TSV", description = "Test-set file.")
        Path file;

        @Option(names = "--split", defaultValue = "all", paramLabel = "all|tune|holdout",
            description = "Rows: all (default), or the tuning / held-out blocks of 60 line numbers (block index 2 mod 3 "
                + "held out).")
        String split;

        @Option(names = "--errors", description = "Also print every misclassified row.")
        boolean errors;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--file " + file + " does not exist");
            }
            ContextEvaluation.Split s;
            try {
                s = ContextEvaluation.Split.valueOf(split.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--split must be all, tune or holdout");
            }
            ContextEvaluation.Report r = ContextEvaluation.run(ClinicalText.withPackagedLexicon(), file, s);
            PrintWriter out = spec.commandLine().getOut();
            if (errors) {
                for (ContextEvaluation.Row row : r.rows()) {
                    if (!row.negationCorrect() || !row.temporalityCorrect() || !row.experiencerCorrect()) {
                        out.println(row.line() + "\t" + row.condition() + "\tgold=" + row.negation() + "/"
                            + row.temporality() + "/" + row.experiencer() + "\tours=" + row.predicted().negation() + "/"
                            + row.predicted().temporality() + "/" + row.predicted().experiencer());
                    }
                }
            }
            r.toLines().forEach(out::println);
            return 0;
        }
    }
}
