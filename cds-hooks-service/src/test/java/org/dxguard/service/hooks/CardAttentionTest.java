package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.dxguard.service.Fixtures;
import org.dxguard.service.audit.DecisionDraft;
import org.dxguard.service.auth.MutableClock;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardAttentionTest {
    private final CdsJson json = CdsJson.create();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private Path dataDir;
    private ShownCards memory;
    private CardAttention attention;

    @BeforeEach
    void open() throws Exception {
        dataDir = Files.createTempDirectory("dxguard-attention");
        memory = ShownCards.open(dataDir, clock);
        attention = new CardAttention(CardPolicy.defaults(), memory);
    }

    @AfterEach
    void close() {
        memory.close();
    }

    private HookCall call(String hookInstance) {
        CdsRequest request;
        try {
            ObjectNode body = (ObjectNode) json.mapper().readTree(Fixtures.bytes("cdshooks/order-sign-request.json"));
            body.put("hookInstance", hookInstance);
            request = json.parseRequest(json.mapper().writeValueAsBytes(body), List.of(Hook.ORDER_SIGN));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new HookCall("dxguard-medication-sign", request, PatientFacts.builder().patientRef("Patient/pat-dkd-1")
            .build(), "https://sandbox.cds-hooks.org", System.nanoTime(),
            new DecisionDraft.FollowUp(hookInstance, "s", "order-sign", "i", "x", "1", null), null, null);
    }

    private static RuleFinding finding(String rule, Severity severity, SuggestedAction action, String... facts) {
        return new RuleFinding(rule, "1.0.0", "ada-diabetes", "cite", null, severity,
            "Metformin is contraindicated at eGFR 25 (below 30)", null, List.of(facts), action, false);
    }

    private static final String EGFR = "Observation/egfr-1 eGFR 25 mL/min/{1.73_m2} (2026-12-04, 3 days old)";
    private static final String ACTIVE_MET = "MedicationRequest/met-1 active metformin (RxNorm 861007) 1000 mg/day";

    @Test
    void should_show_a_finding_about_the_draft_every_time_when_the_order_is_signed() {
        // given a finding that matched the draft order of the call
        RuleFinding f = finding("ADA-MET-001", Severity.CRITICAL, new SuggestedAction(
            SuggestedAction.Kind.CANCEL_ORDER, "Cancel", "draft-metformin-1", null, null),
            "MedicationRequest/draft-metformin-1 draft metformin 2000 mg/day", EGFR);

        // when the same order is signed twice
        CardAttention.Picked first = attention.forOrder(List.of(f), call("11111111-1111-4111-8111-111111111111"));
        attention.shown(first, List.of(), call("11111111-1111-4111-8111-111111111111"));
        CardAttention.Picked second = attention.forOrder(List.of(f), call("22222222-2222-4222-8222-222222222222"));

        // then it interrupts both times, unchanged
        assertThat(first.findings()).containsExactly(f);
        assertThat(second.findings()).containsExactly(f);
    }

    @Test
    void should_tell_a_standing_problem_once_as_info_then_withhold_it_when_unrelated_orders_are_signed() {
        // given a finding about an active medication only
        RuleFinding f = finding("ADA-MET-001", Severity.CRITICAL, null, ACTIVE_MET, EGFR);

        // when two unrelated orders are signed
        HookCall one = call("11111111-1111-4111-8111-111111111111");
        CardAttention.Picked first = attention.forOrder(List.of(f), one);
        attention.shown(first, List.of(), one);
        CardAttention.Picked second = attention.forOrder(List.of(f), call("22222222-2222-4222-8222-222222222222"));

        // then the first tells it as information, the second withholds it (and says why, without PHI)
        assertThat(first.findings()).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.summary()).startsWith("Medication review: ");
        });
        assertThat(second.findings()).isEmpty();
        assertThat(second.withheld()).singleElement().asString().startsWith("ADA-MET-001: standing problem")
            .doesNotContain("pat-dkd-1");
    }

    @Test
    void should_interrupt_again_when_a_fact_of_a_standing_problem_is_new() {
        // given the standing problem was shown in the review
        RuleFinding f = finding("ADA-MET-001", Severity.CRITICAL, null, ACTIVE_MET, EGFR);
        HookCall review = call("11111111-1111-4111-8111-111111111111");
        attention.shown(attention.forReview(List.of(f), review), List.of(), review);

        // when a day later the same eGFR is one day older (not new), then a new eGFR arrives
        clock.advance(Duration.ofDays(1));
        RuleFinding older = finding("ADA-MET-001", Severity.CRITICAL, null, ACTIVE_MET,
            EGFR.replace("3 days old", "4 days old"));
        RuleFinding newer = finding("ADA-MET-001", Severity.CRITICAL, null, ACTIVE_MET,
            "Observation/egfr-2 eGFR 22 mL/min/{1.73_m2} (2026-12-08, from today)");

        // then the unchanged one is withheld on an unrelated order, the new one interrupts
        assertThat(attention.forOrder(List.of(older), call("22222222-2222-4222-8222-222222222222")).findings())
            .isEmpty();
        assertThat(attention.forOrder(List.of(newer), call("33333333-3333-4333-8333-333333333333")).findings())
            .singleElement().extracting(RuleFinding::severity).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void should_show_the_review_once_within_the_window_and_again_after_it() {
        // given
        RuleFinding f = finding("ADA-MET-003", Severity.WARNING, null, ACTIVE_MET, EGFR);
        HookCall first = call("11111111-1111-4111-8111-111111111111");
        attention.shown(attention.forReview(List.of(f), first), List.of(), first);

        // when: 23 h later, and 25 h later
        clock.advance(Duration.ofHours(23));
        CardAttention.Picked within = attention.forReview(List.of(f), call("22222222-2222-4222-8222-222222222222"));
        clock.advance(Duration.ofHours(2));
        CardAttention.Picked after = attention.forReview(List.of(f), call("33333333-3333-4333-8333-333333333333"));

        // then
        assertThat(within.findings()).isEmpty();
        assertThat(after.findings()).containsExactly(f);
    }

    @Test
    void should_show_the_card_again_when_the_ehr_repeats_the_same_call() {
        // given a review shown by one call
        RuleFinding f = finding("ADA-MET-003", Severity.WARNING, null, ACTIVE_MET, EGFR);
        HookCall call = call("11111111-1111-4111-8111-111111111111");
        attention.shown(attention.forReview(List.of(f), call), List.of(), call);

        // when the EHR sends the same hook instance again (it lost the answer)
        CardAttention.Picked again = attention.forReview(List.of(f), call);

        // then the card is not suppressed by its own earlier answer
        assertThat(again.findings()).containsExactly(f);
    }

    @Test
    void should_remember_what_was_shown_when_the_memory_is_reopened() throws Exception {
        // given
        RuleFinding f = finding("ADA-MET-003", Severity.WARNING, null, ACTIVE_MET, EGFR);
        HookCall first = call("11111111-1111-4111-8111-111111111111");
        attention.shown(attention.forReview(List.of(f), first), List.of(), first);
        memory.close();

        // when the memory is opened again (a restart)
        memory = ShownCards.open(dataDir, clock);
        attention = new CardAttention(CardPolicy.defaults(), memory);

        // then the card is still known, and the file holds no patient id, rule id or value
        assertThat(attention.forReview(List.of(f), call("22222222-2222-4222-8222-222222222222")).findings())
            .isEmpty();
        assertThat(Files.readString(memory.file())).doesNotContain("pat-dkd-1").doesNotContain("ADA-MET")
            .doesNotContain("egfr")
            // the value as a token: the HMACs are base64url of a random per-data-dir secret, so "25" inside one is
            // chance (about 2 % of runs failed here before: 3 HMACs of ~24 characters)
            .doesNotContainPattern("(?<![A-Za-z0-9_-])25(?![A-Za-z0-9_-])");
    }

    @Test
    void should_show_every_finding_every_time_when_the_policy_is_the_one_before_issue_16() {
        // given
        CardAttention before = CardAttention.everyFindingEveryTime();
        RuleFinding f = finding("ADA-MET-001", Severity.CRITICAL, null, ACTIVE_MET, EGFR);

        // when / then
        assertThat(before.forOrder(List.of(f), call("11111111-1111-4111-8111-111111111111")).findings())
            .containsExactly(f);
        assertThat(before.forOrder(List.of(f), call("22222222-2222-4222-8222-222222222222")).findings())
            .containsExactly(f);
    }

    @Test
    void should_ignore_a_torn_line_when_the_memory_file_ends_mid_record() throws Exception {
        // given a record and a torn line after a crash
        RuleFinding f = finding("ADA-MET-003", Severity.WARNING, null, ACTIVE_MET, EGFR);
        HookCall first = call("11111111-1111-4111-8111-111111111111");
        attention.shown(attention.forReview(List.of(f), first), List.of(), first);
        memory.close();
        Files.writeString(memory.file(), "s1 17", java.nio.file.StandardOpenOption.APPEND);

        // when
        memory = ShownCards.open(dataDir, clock);
        attention = new CardAttention(CardPolicy.defaults(), memory);

        // then the good record is kept, the torn one dropped
        assertThat(attention.forReview(List.of(f), call("22222222-2222-4222-8222-222222222222")).findings())
            .isEmpty();
        assertThat(Files.readString(memory.file())).doesNotContain("s1 17\n").endsWith("\n");
    }

    @Test
    void should_leave_out_ages_when_comparing_facts() {
        // given / when / then
        assertThat(CardAttention.facts(finding("R", Severity.INFO, null, EGFR)))
            .isEqualTo(CardAttention.facts(finding("R", Severity.INFO, null, EGFR.replace("3 days", "9 days"))))
            .isNotEqualTo(CardAttention.facts(finding("R", Severity.INFO, null, EGFR.replace("25", "24"))));
    }
}
