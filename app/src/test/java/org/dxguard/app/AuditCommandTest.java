package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dxguard.service.audit.DecisionDraft;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.FeedbackRequest;
import org.dxguard.service.cdshooks.Indicator;
import org.dxguard.service.cdshooks.Source;
import org.dxguard.service.feedback.FeedbackStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static void decide(Path dir, String hookInstance, String cardUuid, String ruleId) {
        DecisionDraft d = new DecisionDraft("dxguard-medication-sign", "iss", Instant.now(),
            hookInstance.getBytes(StandardCharsets.UTF_8)).traceId(TRACE);
        d.request("order-sign", hookInstance);
        d.cardFromRule(cardUuid, ruleId);
        d.cardsReturned(List.of(Card.builder().uuid(cardUuid).summary("Metformin contraindicated")
            .indicator(Indicator.CRITICAL).source(Source.of("FDA", null)).build()));
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(d.toRecord(200, null));
        }
    }

    @Test
    void should_report_override_rate_per_rule_when_feedback_names_its_cards(@TempDir Path dir) {
        // given two metformin cards, one overridden, one accepted
        decide(dir, "h1", "card-1", "ADA-MET-001");
        decide(dir, "h2", "card-2", "ADA-MET-001");
        try (FeedbackStore store = FeedbackStore.open(dir)) {
            store.record("dxguard-medication-sign", "iss", new FeedbackRequest(List.of(
                new FeedbackRequest.Entry("card-1", FeedbackRequest.Outcome.OVERRIDDEN, List.of(), null, null,
                    Instant.parse("2026-01-01T00:00:00Z")),
                new FeedbackRequest.Entry("card-2", FeedbackRequest.Outcome.ACCEPTED, List.of("s"), null, null,
                    Instant.parse("2026-01-01T00:00:00Z")))));
        }

        // when
        CliRun stats = CliRun.of("audit", "stats", "--data-dir", dir.toString());

        // then
        assertThat(stats.code()).isZero();
        assertThat(stats.out()).contains("decisions=2")
            .contains("rule=ADA-MET-001 cards=2 accepted=1 overridden=1 override_rate=0.50 vetoes=0");
    }

    @Test
    void should_show_the_record_of_a_hook_instance(@TempDir Path dir) {
        decide(dir, "3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21", "card-9", "ADA-MET-002");

        CliRun show = CliRun.of("audit", "show", "3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21", "--data-dir", dir.toString());

        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("\"ruleId\" : \"ADA-MET-002\"").contains("\"hash\"")
            .contains("\"traceId\" : \"" + TRACE + "\"");
        assertThat(CliRun.of("audit", "show", "no-such-instance", "--data-dir", dir.toString()).code()).isEqualTo(1);
    }

    @Test
    void should_show_the_question_facts_findings_and_withheld_phrases_when_the_decision_is_an_ask_answer(
        @TempDir Path dir) {
        // given an Ask answer's record, with the rules' data notes
        String decisionId = "5d1e2c3b-4a59-4687-9e8f-0a1b2c3d4e5f";
        DecisionRecord.Ask ask = new DecisionRecord.Ask("Can this patient start metformin?", "en", List.of("metformin"),
            List.of("ADA-EXC-001"), List.of(new DecisionRecord.AskFact("F1", "eGFR", "25 mL/min/1.73m2", "2026-12-01")),
            List.of(new DecisionRecord.AskFinding("ADA-MET-001", "1.1.0", "critical", "metformin",
                "Metformin contraindicated: eGFR 25")), "model", List.of("A sentence was withheld."));
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(new DecisionRecord(0, decisionId, "dxguard-ask", "ask", "iss", Instant.now(), 1200, 200,
                "00", "rules-1", List.of(), List.of(), null, null, null, "replay", "ask-v1",
                "Double the insulin dose tonight.", null, null, null, "filtered", null, TRACE,
                List.of("DERIVED_VALUE Observation/cr-1: eGFR from creatinine"), ask));
        }

        // when
        CliRun show = CliRun.of("audit", "show", decisionId, "--data-dir", dir.toString());

        // then the whole decision is shown: question, retrieved excerpts, facts, findings, raw output, notes
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("\"question\" : \"Can this patient start metformin?\"")
            .contains("\"retrievedExcerptIds\" : [ \"ADA-EXC-001\" ]").contains("\"label\" : \"eGFR\"")
            .contains("\"ruleId\" : \"ADA-MET-001\"").contains("\"rawOutput\" : \"Double the insulin dose tonight.\"")
            .contains("A sentence was withheld.").contains("DERIVED_VALUE Observation/cr-1");
    }

    @Test
    void should_fail_verify_naming_the_line_when_log_was_edited(@TempDir Path dir) throws Exception {
        decide(dir, "h1", "card-1", "ADA-MET-001");
        decide(dir, "h2", "card-2", "ADA-MET-001");
        assertThat(CliRun.of("audit", "verify", "--data-dir", dir.toString()).out()).contains("intact: 2 records");

        Path log = dir.resolve("audit/decisions.jsonl");
        Files.writeString(log, Files.readString(log).replace("card-2", "card-X"));
        CliRun verify = CliRun.of("audit", "verify", "--data-dir", dir.toString());

        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.err()).contains("DXG-0602").contains("line 2");
    }
}
