package org.dxguard.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ask.Answerer;
import org.dxguard.reasoner.ask.Answerers;
import org.dxguard.reasoner.ask.QuestionLanguage;
import org.dxguard.service.ask.AskAnswer;
import org.dxguard.service.ask.AskService;
import org.hl7.fhir.instance.model.api.IBaseResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard ask "QUESTION" [--record FILE]}: Ask dxguard from the command line, for guideline authors and
 * safety reviewers (issue 19). The same answer as {@code POST /ask}: the drugs the question names evaluated by the
 * guideline rules as hypothetical new orders for the patient of the record, the patient's facts, the guideline
 * excerpts retrieved in the question's language; evidence-only without a model server, or the model's answer
 * ({@code DXGUARD_LLM_BASE_URL}) through the veto. Nothing is recorded.
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
    description = {"Ask a question about a patient's record (a FHIR R4 Bundle) and print the answer, its citations and "
        + "the guideline rules' findings. Evidence-only unless DXGUARD_LLM_BASE_URL names a model server (then the "
        + "model's answer, checked by the veto). Exit 0; 1 when the record cannot be read; 2 for usage errors.",
        "Example: dxguard ask \"Can this patient start metformin?\" --record patient.json"})
final class AskCommand implements Callable<Integer> {
    /** The record file could not be read or is not a FHIR Bundle of one patient. */
    static final ErrorCode RECORD_UNREADABLE = ErrorCode.of("DXG-0770", false,
        "--record must name a FHIR R4 JSON Bundle (or resource) of one patient's record; check the path and its content.");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "QUESTION", description = "The question, in English or Chinese.")
    String question;

    @Option(names = "--record", paramLabel = "FILE", description = "The patient's record: a FHIR R4 Bundle (JSON). "
        + "Without it the question is answered from the guidelines alone.")
    Path record;

    @Option(names = "--language", paramLabel = "en|zh", description = "Answer language (default: the question's): "
        + "the model is asked with ask-v1 or ask-v1-zh and an answer in another language is not shown.")
    String language;

    @Option(names = "--guidelines", paramLabel = "DIR", description = "Guideline packages (default: "
        + GuidelineRepository.ENV + " or the packaged defaults).")
    Path guidelines;

    @Option(names = "--json", description = "Print the answer as POST /ask returns it (JSON).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (language != null && QuestionLanguage.normalise(language) == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--language must be en or zh");
        }
        List<IBaseResource> resources = List.of();
        if (record != null) {
            try {
                FhirFacts fhir = FhirFacts.create();
                resources = fhir.resources(fhir.parse(Files.readString(record)));
            } catch (IOException | DxGuardException e) {
                throw new DxGuardException(RECORD_UNREADABLE, "cannot read the record " + record + ": "
                    + (e instanceof DxGuardException d ? d.reason() : e.getClass().getSimpleName()));
            }
        }
        ReasonerConfig config = ReasonerConfig.fromEnvironment(AppEnvironment.variables());
        try (GuidelineRepository repo = GuidelineRepository.resolve(guidelines, false);
             Answerer answerer = Answerers.create(config);
             AskService ask = AskService.offline(repo, answerer)) {
            AskAnswer a = record == null
                ? ask.askFacts(question, language, PatientFacts.builder().asOf(Instant.now()).build())
                : ask.askRecord(question, language, resources);
            if (json) {
                out.println(JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL)
                    .enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(a));
                out.flush();
                return 0;
            }
            out.println(a.answer());
            out.println();
            out.println("explainer: " + a.explainer().kind() + " (" + a.explainer().modelId() + "), language: "
                + a.language());
            out.println("citations:");
            a.citations().forEach(c -> out.println("  " + c.id() + "  " + c.title() + "  (" + c.source() + ")"));
            out.println("rule findings:");
            if (a.ruleFindings().isEmpty()) {
                out.println("  (none)");
            }
            a.ruleFindings().forEach(f -> out.println("  " + f.ruleId() + "  " + f.indicator() + "  " + f.summary()));
            if (!a.withheld().isEmpty()) {
                out.println("withheld:");
                a.withheld().forEach(w -> out.println("  " + w));
            }
            out.flush();
        }
        return 0;
    }
}
