package org.dxguard.service.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.bench.synthea.DateShift;
import org.dxguard.bench.synthea.DraftOrders;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.service.TestServer;
import org.dxguard.service.cohort.AlertOracle.Judgement;
import org.dxguard.service.cohort.AlertOracle.Verdict;
import org.dxguard.service.hooks.PrefetchTemplates;

/**
 * Sends realistic order-sign calls for each patient of a Synthea cohort to a real dxguard service and judges every
 * card with the {@link AlertOracle}:
 * <ul>
 *   <li>renewal: each active diabetes or cardiovascular MedicationRequest re-signed as a draft (same RxNorm code
 *       and dosage, new id), one call per distinct RxNorm code;</li>
 *   <li>new metformin: for a type 2 diabetic not taking metformin, metformin 500 mg twice daily (RxNorm 861007).</li>
 * </ul>
 * and two further orders that clinicians write for such patients and that the rules have an opinion on:
 * <ul>
 *   <li>new empagliflozin 10 mg daily (RxNorm 1545658) for a type 2 diabetic with chronic kidney disease or heart
 *       failure not taking an SGLT2 inhibitor (ADA/KDIGO organ protection);</li>
 *   <li>new clarithromycin 500 mg twice daily (RxNorm 197517) for a patient with active sinusitis.</li>
 * </ul>
 * Every date of the record is moved forward by {@link DateShift#daysToToday()} days (the prefetch sent, and the
 * oracle's reading alike), so the calls happen on the cohort's reference day whatever the wall clock says.
 */
final class CohortStudy {
    static final String SIGN = "/cds-services/dxguard-medication-sign";
    static final String METFORMIN_RXNORM = "861007";
    static final String METFORMIN_DISPLAY = "metformin hydrochloride 500 MG Oral Tablet";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE_ID = Pattern.compile("Rule `([A-Za-z0-9._-]+)`");

    /** One card as returned, with the oracle's verdict for its rule. */
    record CardSeen(String patient, Draft draft, String ruleId, String indicator, String summary, List<String> basedOn,
                    Verdict verdict, String oracleFacts, boolean noProblemCall) {}

    /** A rule the oracle expected for a call but no card carried. */
    record Missed(String patient, Draft draft, String ruleId, String oracleFacts) {}

    /** One order-sign call and what came of it. */
    record Call(String patient, Draft draft, boolean noProblem, int cards) {}

    /**
     * @param profile patient counts by characteristic (type 2 diabetes, metformin, insulin, CKD, eGFR band at the
     *                time of the study), for the report
     */
    record Result(List<Call> calls, List<CardSeen> cards, List<Missed> missed, Set<String> patients,
                  Set<String> noProblemPatients, Map<String, Integer> profile, Set<String> judgedRules,
                  Set<String> expectedRules) {}

    private CohortStudy() {}

    /** Runs the study over the given Synthea bundles, labelling patients {@code label#index}. */
    static Result run(TestServer server, List<Path> bundles, String label) throws IOException {
        List<Call> calls = new ArrayList<>();
        List<CardSeen> cards = new ArrayList<>();
        List<Missed> missed = new ArrayList<>();
        Set<String> patients = new LinkedHashSet<>();
        Set<String> noProblemPatients = new LinkedHashSet<>();
        Map<String, Integer> profile = new java.util.TreeMap<>();
        Set<String> judgedRules = new java.util.TreeSet<>();
        Set<String> expectedRules = new java.util.TreeSet<>();
        int index = 0;
        long shiftDays = DateShift.daysToToday();
        for (Path file : bundles) {
            String who = label + "#" + String.format(Locale.ROOT, "%03d", index++);
            patients.add(who);
            RawPatient raw = RawPatient.read(file).shiftedBy(shiftDays);
            SyntheaRequests requests = SyntheaRequests.from(file);
            profile(raw, Instant.now()).forEach(k -> profile.merge(k, 1, Integer::sum));
            boolean allCallsNoProblem = true;
            int patientCalls = 0;
            ObjectNode base = (ObjectNode) JSON.readTree(requests.orderSign(METFORMIN_RXNORM, METFORMIN_DISPLAY, 500, 2,
                Prefetch.of(PrefetchTemplates.medicationSafety())));
            DateShift.shift(base.path("prefetch"), shiftDays);
            for (ObjectNode draftJson : drafts(raw, base)) {
                Draft draft = Draft.of(kind(draftJson.path("id").asText()), draftJson);
                ObjectNode body = base.deepCopy();
                body.put("hookInstance", UUID.randomUUID().toString());
                ((ObjectNode) body.at("/context/draftOrders/entry/0")).set("resource", draftJson);
                Instant before = Instant.now();
                HttpResponse<String> response = server.post(SIGN, server.sandboxToken(SIGN),
                    JSON.writeValueAsBytes(body));
                Instant after = Instant.now();
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("order-sign for " + who + " answered " + response.statusCode()
                        + ": " + response.body());
                }
                Map<String, Judgement> judged = AlertOracle.judge(raw, draft, before, after);
                boolean noProblem = AlertOracle.noProblem(raw, draft, after, judged);
                allCallsNoProblem &= noProblem;
                patientCalls++;
                Set<String> fired = new LinkedHashSet<>();
                JsonNode returned = JSON.readTree(response.body()).path("cards");
                for (JsonNode card : returned) {
                    String detail = card.path("detail").asText();
                    Matcher m = RULE_ID.matcher(detail);
                    String rule = m.find() ? m.group(1) : "(no rule id)";
                    fired.add(rule);
                    Judgement j = judged.get(rule);
                    cards.add(new CardSeen(who, draft, rule, card.path("indicator").asText(),
                        card.path("summary").asText(), basedOn(detail),
                        j == null ? Verdict.UNDECIDABLE : j.verdict(),
                        j == null ? "rule unknown to the oracle" : j.facts(), noProblem));
                }
                judgedRules.addAll(judged.keySet());
                judged.forEach((rule, j) -> {
                    if (j.verdict() == Verdict.SHOULD_FIRE) {
                        expectedRules.add(rule);
                    }
                    if (j.verdict() == Verdict.SHOULD_FIRE && !fired.contains(rule)) {
                        missed.add(new Missed(who, draft, rule, j.facts()));
                    }
                });
                calls.add(new Call(who, draft, noProblem, returned.size()));
            }
            if (patientCalls > 0 && allCallsNoProblem) {
                noProblemPatients.add(who);
            }
        }
        return new Result(calls, cards, missed, patients, noProblemPatients, profile, judgedRules, expectedRules);
    }

    /** The characteristics of one patient that the report counts. */
    static List<String> profile(RawPatient raw, Instant asOf) {
        List<String> out = new ArrayList<>();
        Set<String> ingredients = new LinkedHashSet<>();
        raw.activeMeds().forEach(m -> ingredients.addAll(DrugKnowledge.ingredients(m.display())));
        if (type2Diabetic(raw)) {
            out.add("type 2 diabetes");
        }
        if (ingredients.contains("metformin")) {
            out.add("on metformin");
        }
        if (ingredients.stream().anyMatch(i -> i.startsWith("insulin"))) {
            out.add("on insulin");
        }
        if (raw.hasCondition(AlertOracle.CKD)) {
            out.add("chronic kidney disease (condition)");
        }
        out.add(raw.latestEgfr().map(e -> AlertOracle.ageDays(e, asOf) > 365 ? "latest eGFR older than 365 days"
            : e.value() < 30 ? "recent eGFR < 30" : e.value() < 45 ? "recent eGFR 30-45"
            : e.value() < 60 ? "recent eGFR 45-60" : "recent eGFR >= 60").orElse("no eGFR on record"));
        return out;
    }

    /**
     * The drafts this patient gets: renewals of diabetes/cardiovascular medications, and new metformin for T2D
     * (the draft of {@code newMetforminCall}, an order-sign call built by {@link SyntheaRequests}).
     */
    static List<ObjectNode> drafts(RawPatient raw, ObjectNode newMetforminCall) {
        List<ObjectNode> out = new ArrayList<>();
        Set<String> renewed = new LinkedHashSet<>();
        int k = 0;
        for (RawPatient.Med med : raw.activeMeds()) {
            if (!DrugKnowledge.isDiabetesOrCardiovascular(med.display()) || !renewed.add(med.rxnorm())) {
                continue;
            }
            ObjectNode draft = med.resource().deepCopy();
            draft.remove(List.of("meta", "identifier", "encounter", "requester", "text"));
            draft.put("id", "renew-" + (++k));
            draft.put("status", "draft");
            draft.put("authoredOn", Instant.now().toString());
            draft.putObject("subject").put("reference", "Patient/" + raw.id());
            out.add(draft);
        }
        if (type2Diabetic(raw) && raw.activeMeds().stream()
            .noneMatch(m -> DrugKnowledge.ingredients(m.display()).contains("metformin"))) {
            out.add(((ObjectNode) newMetforminCall.at("/context/draftOrders/entry/0/resource")).deepCopy());
        }
        if (type2Diabetic(raw) && (raw.hasCondition(AlertOracle.CKD) || raw.hasCondition(AlertOracle.HEART_FAILURE))
            && raw.activeMeds().stream().noneMatch(m -> DrugKnowledge.inAny(DrugKnowledge.ingredients(m.display()),
                DrugKnowledge.SGLT2I))) {
            out.add(DraftOrders.newOrder(raw.id(), "new-sglt2", "1545658", "empagliflozin 10 MG Oral Tablet", 10,
                1));
        }
        if (raw.hasCondition(SINUSITIS)) {
            out.add(DraftOrders.newOrder(raw.id(), "new-clarithromycin", "197517",
                "clarithromycin 500 MG Oral Tablet", 500, 2));
        }
        return out;
    }

    static final Set<String> SINUSITIS = Set.of("40055000", "444814009", "75498004", "36971009");

    private static String kind(String draftId) {
        return draftId.startsWith("renew-") ? Draft.RENEWAL : draftId.equals("new-sglt2") ? Draft.NEW_SGLT2
            : draftId.equals("new-clarithromycin") ? Draft.NEW_CLARITHROMYCIN : Draft.NEW_METFORMIN;
    }

    /** Active type 2 diabetes (SNOMED 44054006) or an active complication "due to type 2 diabetes mellitus". */
    static boolean type2Diabetic(RawPatient raw) {
        return raw.hasCondition(AlertOracle.TYPE2_DIABETES) || raw.conditions().stream()
            .anyMatch(c -> c.display().toLowerCase(Locale.ROOT).contains("due to type 2 diabetes"));
    }

    private static List<String> basedOn(String detail) {
        int at = detail.indexOf("**Based on:**");
        if (at < 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : detail.substring(at).split("\n")) {
            if (line.startsWith("- ")) {
                lines.add(line.substring(2));
            } else if (!lines.isEmpty()) {
                break;
            }
        }
        return lines;
    }
}
