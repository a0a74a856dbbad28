package org.dxguard.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dxguard.model.Claim;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Severity;
import org.dxguard.model.Veto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionRecordExplanationTest {
    private static DecisionDraft draft(String hookInstance) {
        return new DecisionDraft("dxguard-differential", "https://ehr.example.org", Instant.parse("2026-01-01T00:00:00Z"),
            hookInstance.getBytes(StandardCharsets.UTF_8)).request("patient-view", hookInstance);
    }

    @Test
    void should_store_model_claims_and_vetoes_and_verify_chain_when_explanation_was_reviewed(@TempDir Path dir)
        throws Exception {
        // given
        Claim claim = new Claim("c1", Claim.Kind.MEDICATION, "candidates[0].medications[0]", "metformin 500 mg bid",
            "metformin", "start", false, new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null), null, null);
        Veto veto = new Veto("c1", "ADA-MET-001", "1.0.0", "ada-diabetes", "FDA 2016", "https://fda.example",
            Severity.CRITICAL, "Metformin is contraindicated at eGFR 25");
        DecisionDraft d = draft("h-1").explanationReviewed("deepseek-test", "differential-v1", "{\"summary\":\"x\"}",
            List.of(claim), List.of(new ClaimVerdict(claim, List.of(veto))), "dxguard-veto@1.0.0#abc",
            "withheld: AI explanation withheld: conflicts with ADA-MET-001 (ada-diabetes)");
        // when
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(draft("h-0").toRecord(200, null));
            log.append(d.toRecord(200, null));
        }
        // then
        Path file = dir.resolve("audit/decisions.jsonl");
        assertThat(DecisionLog.verify(file)).hasValueSatisfying(last -> {
            assertThat(last.modelId()).isEqualTo("deepseek-test");
            assertThat(last.promptVersion()).isEqualTo("differential-v1");
            assertThat(last.rawOutput()).isEqualTo("{\"summary\":\"x\"}");
            assertThat(last.claims()).containsExactly(claim);
            assertThat(last.vetoes()).containsExactly(veto);
            assertThat(last.explanation()).startsWith("withheld: ");
        });
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).doesNotContain("modelId").doesNotContain("claims").doesNotContain("vetoes");
        assertThat(DecisionLog.find(dir, "h-1")).singleElement()
            .satisfies(r -> assertThat(r.vetoes()).extracting(Veto::ruleId).containsExactly("ADA-MET-001"));
    }
}
