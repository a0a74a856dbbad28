package org.dxguard.service.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.bench.synthea.DateShift;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.service.TestServer;
import org.dxguard.service.cohort.AlertOracle.Judgement;
import org.dxguard.service.cohort.AlertOracle.Verdict;
import org.dxguard.service.hooks.MedicationReviewService;
import org.dxguard.service.hooks.PrefetchTemplates;

/**
 * Alert burden (issue 16, item 4): one visit per Synthea patient, the same order-sign calls as {@link CohortStudy}
 * (renewals, new metformin, new empagliflozin, new clarithromycin), optionally preceded by opening the chart
 * (patient-view medication review). Counts interruptive cards (warning, critical) per 100 order-sign calls, which of
 * them concern the order being signed, repeats of the same card to the same patient, and audits every card with
 * the independent {@link AlertOracle}.
 *
 * <p>"Concerns the draft" is the oracle's judgement, not the service's: a card's rule should fire for this call's
 * draft but not for the same patient with no draft (a neutral order the oracle knows nothing about); a "standing"
 * card's rule should fire either way. Cards the oracle judges false or cannot decide are counted apart.
 */
final class AlertBurdenStudy {
    static final String SIGN = CohortStudy.SIGN;
    static final String REVIEW = "/cds-services/" + MedicationReviewService.ID;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE_ID = Pattern.compile("Rule `([A-Za-z0-9._-]+)`");
    /** The same patient with nothing drafted: what the oracle expects whatever is ordered. */
    /** The seed of the {@link Mix#REPLAY} drafts: patient {@code i} draws with {@code REPLAY_SEED + i}. */
    static final long REPLAY_SEED = 16_000;
    static final Draft NO_DRAFT = new Draft("chart opened", "", "(no order)", Set.of(), null, null);

    /** Why a card was shown, by the oracle. */
    enum Cause { DRAFT, STANDING, FALSE, UNDECIDABLE }

    /** One card as returned. */
    record Shown(String patient, String hook, String ruleId, String indicator, String summary, Cause cause) {
        boolean interruptive() {
            return !indicator.equals("info");
        }

        /** The same card: same rule and the same text (an info "Medication review:" retelling counts as the same). */
        String sameCardKey() {
            return patient + "|" + ruleId + "|" + summary.replaceFirst("^Medication review: ", "");
        }
    }

    /**
     * @param missedDraft    rules the oracle expects because of a call's draft, with no card on that call
     * @param missedStanding standing problems (the oracle expects them with no draft) never shown to the patient
     *                       during the visit, on any call, in any form
     */
    record Result(String mode, int patients, int signCalls, int reviewCalls, List<Shown> cards, int missedDraft,
                  int missedStanding, List<String> missedDetails) {
        List<Shown> interruptiveOnSign() {
            return cards.stream().filter(c -> c.hook().equals("order-sign") && c.interruptive()).toList();
        }

        long count(List<Shown> cards, Cause cause) {
            return cards.stream().filter(c -> c.cause() == cause).count();
        }

        /** Repeats of the same card to the same patient (a card shown n times counts n - 1). */
        Map<String, Integer> repeatsByPatient() {
            Map<String, Integer> seen = new HashMap<>();
            Map<String, Integer> repeats = new TreeMap<>();
            for (Shown c : cards) {
                if (seen.merge(c.sameCardKey(), 1, Integer::sum) > 1) {
                    repeats.merge(c.patient(), 1, Integer::sum);
                }
            }
            return repeats;
        }

        Set<String> patientsWithCards() {
            Set<String> out = new LinkedHashSet<>();
            cards.forEach(c -> out.add(c.patient()));
            return out;
        }
    }

    /**
     * Which orders each patient's visit signs: {@link #COHORT} those of {@link CohortStudy} (renewals of diabetes
     * and cardiovascular drugs, new metformin, new empagliflozin, new clarithromycin); {@link #REPLAY} those of
     * {@code bench replay} ({@link org.dxguard.bench.synthea.DraftOrders}: renewals of up to three of any active
     * medication, so unrelated orders too, the same new orders plus glyburide, a metformin escalation and
     * acetaminophen when nothing else is drafted), drawn with a seed per patient.
     */
    enum Mix { COHORT, REPLAY }

    /**
     * The service under study: a {@link TestServer} of this build, or any running dxguard (e.g. {@code bin/dxguard
     * serve} of an older commit, trusting the HL7 sandbox key, as {@code serve} does by default) at a base URL.
     */
    interface Target {
        /** The cards of a POST to {@code path}; fails on any status but 200. */
        JsonNode cards(String path, ObjectNode body, String who) throws IOException;

        static Target of(TestServer server) {
            return (path, body, who) -> check(path, who, server.post(path, server.sandboxToken(path),
                JSON.writeValueAsBytes(body)));
        }

        static Target at(java.net.URI base) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            return (path, body, who) -> {
                String url = base.toString().replaceAll("/+$", "") + path;
                java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + org.dxguard.service.auth.TestTokens.sandboxToken(url))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
                try {
                    return check(path, who, client.send(request, HttpResponse.BodyHandlers.ofString()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException(url);
                }
            };
        }

        private static JsonNode check(String path, String who, HttpResponse<String> response) throws IOException {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " for " + who + " answered " + response.statusCode() + ": "
                    + response.body());
            }
            return JSON.readTree(response.body()).path("cards");
        }
    }

    private AlertBurdenStudy() {}

    static Result run(TestServer server, List<Path> bundles, String mode, boolean openChart) throws IOException {
        return run(Target.of(server), bundles, mode, openChart, Mix.COHORT);
    }

    static Result run(Target server, List<Path> bundles, String mode, boolean openChart, Mix mix)
        throws IOException {
        List<Shown> cards = new ArrayList<>();
        List<String> missedDetails = new ArrayList<>();
        int signCalls = 0;
        int reviewCalls = 0;
        int missedDraft = 0;
        int missedStanding = 0;
        long shiftDays = DateShift.daysToToday();
        int index = 0;
        for (Path file : bundles) {
            int patientIndex = index++;
            String who = "#" + String.format(Locale.ROOT, "%03d", patientIndex);
            RawPatient raw = RawPatient.read(file).shiftedBy(shiftDays);
            SyntheaRequests requests = SyntheaRequests.from(file);
            ObjectNode base = (ObjectNode) JSON.readTree(requests.orderSign(CohortStudy.METFORMIN_RXNORM,
                CohortStudy.METFORMIN_DISPLAY, 500, 2, Prefetch.of(PrefetchTemplates.medicationSafety())));
            DateShift.shift(base.path("prefetch"), shiftDays);
            List<ObjectNode> drafts = mix == Mix.COHORT ? CohortStudy.drafts(raw, base)
                : requests.drafts(new java.util.Random(REPLAY_SEED + patientIndex)).stream()
                    .map(org.dxguard.bench.synthea.DraftOrders.Draft::resource).toList();
            if (drafts.isEmpty()) {
                continue; // nothing is ordered for this patient: no visit in this study
            }
            Map<String, String> standing = new LinkedHashMap<>(); // rule -> oracle facts
            Set<String> delivered = new LinkedHashSet<>();
            if (openChart) {
                ObjectNode view = base.deepCopy();
                view.put("hook", "patient-view");
                view.put("hookInstance", UUID.randomUUID().toString());
                ((ObjectNode) view.get("context")).remove("draftOrders");
                Instant before = Instant.now();
                JsonNode returned = post(server, REVIEW, view, who);
                Map<String, Judgement> none = AlertOracle.judge(raw, NO_DRAFT, before, Instant.now());
                reviewCalls++;
                for (JsonNode card : returned) {
                    String rule = rule(card);
                    delivered.add(rule);
                    cards.add(new Shown(who, "patient-view", rule, card.path("indicator").asText(),
                        card.path("summary").asText(), cause(none.get(rule), none.get(rule))));
                }
            }
            for (ObjectNode draftJson : drafts) {
                Draft draft = Draft.of(draftJson.path("id").asText(), draftJson);
                ObjectNode body = base.deepCopy();
                body.put("hookInstance", UUID.randomUUID().toString());
                ((ObjectNode) body.at("/context/draftOrders/entry/0")).set("resource", draftJson);
                Instant before = Instant.now();
                JsonNode returned = post(server, SIGN, body, who);
                Instant after = Instant.now();
                signCalls++;
                Map<String, Judgement> judged = AlertOracle.judge(raw, draft, before, after);
                Map<String, Judgement> none = AlertOracle.judge(raw, NO_DRAFT, before, after);
                Set<String> fired = new LinkedHashSet<>();
                for (JsonNode card : returned) {
                    String rule = rule(card);
                    fired.add(rule);
                    delivered.add(rule);
                    cards.add(new Shown(who, "order-sign", rule, card.path("indicator").asText(),
                        card.path("summary").asText(), cause(judged.get(rule), none.get(rule))));
                }
                for (Map.Entry<String, Judgement> e : judged.entrySet()) {
                    Judgement n = none.get(e.getKey());
                    boolean expected = e.getValue().verdict() == Verdict.SHOULD_FIRE;
                    boolean standingRule = n != null && n.verdict() == Verdict.SHOULD_FIRE;
                    if (expected && standingRule) {
                        standing.putIfAbsent(e.getKey(), n.facts());
                    } else if (expected && !fired.contains(e.getKey())) {
                        missedDraft++;
                        missedDetails.add(who + " " + draft + ": " + e.getKey() + " (" + e.getValue().facts() + ")");
                    }
                }
            }
            for (Map.Entry<String, String> s : standing.entrySet()) {
                if (!delivered.contains(s.getKey())) {
                    missedStanding++;
                    missedDetails.add(who + " standing " + s.getKey() + " never shown (" + s.getValue() + ")");
                }
            }
        }
        return new Result(mode, bundles.size(), signCalls, reviewCalls, cards, missedDraft, missedStanding,
            missedDetails);
    }

    private static Cause cause(Judgement withDraft, Judgement withoutDraft) {
        if (withDraft == null || withDraft.verdict() == Verdict.UNDECIDABLE) {
            return Cause.UNDECIDABLE;
        }
        if (withDraft.verdict() == Verdict.SHOULD_NOT_FIRE) {
            return Cause.FALSE;
        }
        return withoutDraft != null && withoutDraft.verdict() == Verdict.SHOULD_FIRE ? Cause.STANDING : Cause.DRAFT;
    }

    private static String rule(JsonNode card) {
        Matcher m = RULE_ID.matcher(card.path("detail").asText());
        return m.find() ? m.group(1) : "(no rule id)";
    }

    private static JsonNode post(Target server, String path, ObjectNode body, String who) throws IOException {
        return server.cards(path, body, who);
    }

    /** Before and after side by side, as Markdown. */
    static String markdown(Result before, Result after, String cohort, String command) {
        StringBuilder md = new StringBuilder();
        md.append("Cohort: ").append(cohort).append(". Command: `").append(command).append("`\n\n");
        md.append("| measure | ").append(before.mode()).append(" | ").append(after.mode()).append(" |\n");
        md.append("|---|---|---|\n");
        row(md, "patients with at least one order / order-sign calls", before.patients() + " / " + before.signCalls(),
            after.patients() + " / " + after.signCalls());
        row(md, "patient-view medication reviews", before.reviewCalls(), after.reviewCalls());
        row(md, "**interruptive cards (warning + critical) on order-sign**", before.interruptiveOnSign().size(),
            after.interruptiveOnSign().size());
        row(md, "**per 100 order-sign calls**", per100(before), per100(after));
        row(md, "… concerning the order being signed (oracle)", share(before), share(after));
        row(md, "… about a standing problem (oracle)", before.count(before.interruptiveOnSign(), Cause.STANDING),
            after.count(after.interruptiveOnSign(), Cause.STANDING));
        row(md, "… false / undecidable (oracle)", before.count(before.interruptiveOnSign(), Cause.FALSE) + " / "
            + before.count(before.interruptiveOnSign(), Cause.UNDECIDABLE), after.count(after.interruptiveOnSign(),
            Cause.FALSE) + " / " + after.count(after.interruptiveOnSign(), Cause.UNDECIDABLE));
        row(md, "info cards on order-sign", infoOnSign(before), infoOnSign(after));
        row(md, "cards in the medication review (patient-view)", review(before), review(after));
        row(md, "**repeats of the same card to the same patient** (all hooks)", repeats(before), repeats(after));
        row(md, "all cards: true (draft + standing) / false / undecidable", audit(before), audit(after));
        row(md, "missed: draft alerts / standing problems never shown", before.missedDraft() + " / "
            + before.missedStanding(), after.missedDraft() + " / " + after.missedStanding());
        md.append("\nInterruptive cards on order-sign by rule (before → after):\n\n| rule | before | after |\n|---|---|---|\n");
        Map<String, int[]> byRule = new TreeMap<>();
        before.interruptiveOnSign().forEach(c -> byRule.computeIfAbsent(c.ruleId(), k -> new int[2])[0]++);
        after.interruptiveOnSign().forEach(c -> byRule.computeIfAbsent(c.ruleId(), k -> new int[2])[1]++);
        byRule.forEach((rule, n) -> md.append("| ").append(rule).append(" | ").append(n[0]).append(" | ")
            .append(n[1]).append(" |\n"));
        // patient-view cards by rule and indicator (issue 16, fifth session: the omission checks are patient-view only)
        Map<String, int[]> reviewByRule = new TreeMap<>();
        before.cards().stream().filter(c -> c.hook().equals("patient-view")).forEach(c ->
            reviewByRule.computeIfAbsent(c.ruleId() + " (" + c.indicator() + ")", k -> new int[2])[0]++);
        after.cards().stream().filter(c -> c.hook().equals("patient-view")).forEach(c ->
            reviewByRule.computeIfAbsent(c.ruleId() + " (" + c.indicator() + ")", k -> new int[2])[1]++);
        if (!reviewByRule.isEmpty()) {
            md.append("\nMedication review (patient-view) cards by rule (before → after):\n\n| rule | before | after |\n"
                + "|---|---|---|\n");
            reviewByRule.forEach((rule, n) -> md.append("| ").append(rule).append(" | ").append(n[0]).append(" | ")
                .append(n[1]).append(" |\n"));
        }
        List<String> missed = new ArrayList<>(after.missedDetails());
        if (!missed.isEmpty()) {
            md.append("\nMissed after (").append(missed.size()).append("):\n");
            missed.stream().limit(40).forEach(m -> md.append("- ").append(m).append('\n'));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Object before, Object after) {
        md.append("| ").append(name).append(" | ").append(before).append(" | ").append(after).append(" |\n");
    }

    static String per100(Result r) {
        return r.signCalls() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f",
            100.0 * r.interruptiveOnSign().size() / r.signCalls());
    }

    static String share(Result r) {
        List<Shown> i = r.interruptiveOnSign();
        long draft = r.count(i, Cause.DRAFT);
        return i.isEmpty() ? "n/a (0 cards)" : String.format(Locale.ROOT, "%d (%.0f %%)", draft, 100.0 * draft / i.size());
    }

    private static long infoOnSign(Result r) {
        return r.cards().stream().filter(c -> c.hook().equals("order-sign") && !c.interruptive()).count();
    }

    private static long review(Result r) {
        return r.cards().stream().filter(c -> c.hook().equals("patient-view")).count();
    }

    static String repeats(Result r) {
        Map<String, Integer> rep = r.repeatsByPatient();
        int total = rep.values().stream().mapToInt(Integer::intValue).sum();
        int withCards = r.patientsWithCards().size();
        int max = rep.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return String.format(Locale.ROOT, "%d (%.2f per patient with a card, %d patients, max %d)", total,
            withCards == 0 ? 0.0 : (double) total / withCards, rep.size(), max);
    }

    private static String audit(Result r) {
        return (r.count(r.cards(), Cause.DRAFT) + r.count(r.cards(), Cause.STANDING)) + " / "
            + r.count(r.cards(), Cause.FALSE) + " / " + r.count(r.cards(), Cause.UNDECIDABLE);
    }
}
