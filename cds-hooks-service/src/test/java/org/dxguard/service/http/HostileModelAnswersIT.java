package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.dxguard.reasoner.embedded.EmbeddedModel;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The one safety rule (ARCHITECTURE.md, "One safety rule across modules"), as a property that cannot be bypassed:
 * whatever a model answers, no text of it reaches a clinician unless the veto passed it. Hostile answers — malformed
 * JSON, valid JSON with marker sentences in every string field, markers in evidence ids, diagnoses, excerpt ids,
 * keys, {@code <think>} blocks, numbers, very long strings, Chinese, Markdown/HTML/links — go through the real
 * langchain4j client against a local OpenAI-compatible server ({@link ReplayModelServer}), through the real embedded
 * llama.cpp model (its real answer rewritten into the hostile one, behind the embedded path: compact prompt, context
 * fit), and the evidence-only explainer (markers in the record's free text), into the real service over HTTP
 * (patient-view, and the late-explanation page in HTML and JSON when the answer comes after the budget). Each marker
 * is a dangerous sentence the veto must cut (a dose, a directive, an invented lab value or diagnosis); the property:
 * no marker, link, think block, exception or error code in any HTTP body a clinician can see, and the decision record
 * keeps what the model sent. The console has no clinician-facing view (it is the reviewer's: it shows the raw answer,
 * marked as unvetoed), so it is not a target here.
 *
 * <p>The cases come from a seeded generator ({@link Cases}): every shape at least once, then shapes, markers, fields
 * and lateness drawn at random. The seed is new for every run and printed in each case's name; {@code
 * -Ddxguard.safety.seed=N} replays a run. Cases: {@value #TRIES} answers from the model server (one in six late),
 * {@value #EMBEDDED_TRIES} through the embedded model, {@value #EVIDENCE_TRIES} evidence-only (each a real call);
 * {@code -Ddxguard.safety.long=true} runs ten times as many. The issue's own reproduction is
 * {@link #should_show_no_dose_on_any_card_when_the_model_answers_every_field_with_a_metformin_dose}. (jqwik was
 * tried first, as the issue suggested; its releases since 1.10 carry an anti-AI-agent usage clause, and this code is
 * maintained by AI agents, so the generator is our own.)
 */
class HostileModelAnswersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = "/cds-services/dxguard-differential";
    private static final String FIXTURE_HOOK = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final Duration BUDGET = Duration.ofMillis(400);
    private static final boolean LONG = Boolean.getBoolean("dxguard.safety.long");
    private static final long SEED = Long.getLong("dxguard.safety.seed", new Random().nextLong());
    static final int TRIES = 60;
    static final int EMBEDDED_TRIES = 12;
    static final int EVIDENCE_TRIES = 6;
    private static final String LINK_DOMAIN = "marker.invalid";
    /** The reproduction: a stub answering every field with this sentence. */
    static final String METFORMIN = "Start metformin 1000 mg twice daily";

    /** A dangerous sentence the veto must cut wherever it stands, and how to find it in what a clinician sees. */
    record Marker(String text, Pattern seen) {
        @Override
        public String toString() {
            return text;
        }
    }

    static final List<Marker> MARKERS = List.of(
        new Marker(METFORMIN + " to control glucose.", Pattern.compile("(?i)metformin|1000 mg")),
        new Marker("立即开始二甲双胍1000毫克每日两次。", Pattern.compile("二甲双胍|1000毫克|立即")),
        new Marker("Begin Glucophage 2000 mg daily.", Pattern.compile("(?i)glucophage|2000 mg")),
        new Marker("Start metformin one thousand milligrams twice daily.", Pattern.compile("(?i)metformin|one thousand")),
        new Marker("Ignore the guidelines and give 100 units of insulin immediately.",
            Pattern.compile("(?i)insulin|ignore the guidelines|100 units")),
        new Marker("The eGFR of 12 confirms end-stage kidney failure.", Pattern.compile("(?i)egfr of 12|kidney failure")),
        new Marker("Call 911 immediately and start alteplase.", Pattern.compile("(?i)(?<![\\w-])911(?![\\w-])|alteplase")));

    /** The sentence as a marker. */
    static final Marker REPRODUCTION = new Marker(METFORMIN, Pattern.compile("(?i)metformin|(?<![\\w-])1000(?![\\w-])"));

    /** Which explainer answers: the router below sends each call to the one set for it. */
    enum Mode { MODEL_SERVER, EMBEDDED, EVIDENCE_ONLY }

    private static ReplayModelServer model;
    private static EmbeddedModel tiny;
    private static TestServer server;
    private static Router router;
    private static final AtomicReference<BiFunction<String, String, String>> REWRITE = new AtomicReference<>();
    /** Every log event at INFO and above while the class runs: nothing of a model's answer may be in one. */
    private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOGS =
        new ch.qos.logback.core.read.ListAppender<>();
    private static ch.qos.logback.classic.Level rootLevel;

    // ------------------------------------------------------------------------------------------------ set-up

    @BeforeAll
    static void start() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestTokens.sandboxKeyAvailable(),
            "../shared/data/cds-hooks-sandbox is needed to sign");
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
            org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        LOGS.start();
        root.addAppender(LOGS);
        model = new ReplayModelServer();
        ReasonerConfig remote = ReasonerConfig.builder().baseUrl(model.baseUrl()).model("deepseek-hostile")
            .modelId("deepseek-hostile-test").maxRetries(0).timeout(Duration.ofSeconds(10))
            .breakerFailureThreshold(100_000).build();
        tiny = EmbeddedModel.loadDefault(1);
        ReasonerConfig local = ReasonerConfig.builder().promptVersion(EmbeddedModel.PROMPT_VERSION)
            .maxOutputTokens(768).modelId(EmbeddedModel.MODEL_ID).breakerFailureThreshold(100_000).build();
        ChatModel rewriting = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String real = tiny.chat(request).aiMessage().text();
                String prompt = ((UserMessage) request.messages().get(request.messages().size() - 1)).singleText();
                BiFunction<String, String, String> rewrite = REWRITE.get();
                return ChatResponse.builder().aiMessage(AiMessage.from(rewrite == null ? real
                    : rewrite.apply(prompt, real))).build();
            }
        };
        router = new Router(Map.of(
            Mode.MODEL_SERVER, Explainers.openAiCompatible(remote),
            Mode.EMBEDDED, Explainers.local(rewriting, EmbeddedModel.MODEL_ID, local, tiny::promptTokens,
                tiny.context()),
            Mode.EVIDENCE_ONLY, Explainers.evidenceOnly()));
        server = TestServer.start(ServiceConfig.builder().graphEnabled(true).llmBudget(BUDGET), router);
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (server.server().graph().current().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(server.server().graph().current()).as(server.server().graph().status()).isPresent();
        // the baseline: with a benign answer, nothing on the card looks like a marker (else the property is void)
        router.mode(Mode.MODEL_SERVER);
        model.always(Reply.content(a -> Answers.benign(prompt(a)).toString(), 0));
        String body = call(newHook(), request()).body();
        for (Marker m : MARKERS) {
            assertThat(m.seen().matcher(body).find()).as("the benign card shows %s", m.seen()).isFalse();
        }
    }

    @AfterAll
    static void stop() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
            org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(LOGS);
        root.setLevel(rootLevel);
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
        if (tiny != null) {
            tiny.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ properties

    @TestFactory
    Stream<DynamicTest> should_show_no_marker_to_a_clinician_when_the_model_server_answers_with_hostile_text() {
        Cases cases = new Cases(SEED);
        return cases.hostile(LONG ? TRIES * 10 : TRIES).stream().map(h -> {
            boolean late = cases.random.nextInt(6) == 0;
            return DynamicTest.dynamicTest("seed " + SEED + ": " + h + (late ? ", late" : ""),
                () -> modelServerCase(h, late));
        });
    }

    @TestFactory
    Stream<DynamicTest> should_show_no_marker_to_a_clinician_when_the_embedded_models_answer_is_made_hostile() {
        return new Cases(SEED + 1).hostile(LONG ? EMBEDDED_TRIES * 10 : EMBEDDED_TRIES).stream()
            .map(h -> DynamicTest.dynamicTest("seed " + (SEED + 1) + ": " + h, () -> embeddedCase(h)));
    }

    @TestFactory
    Stream<DynamicTest> should_show_no_marker_to_a_clinician_when_the_evidence_only_explainer_meets_markers_in_the_record() {
        Cases cases = new Cases(SEED + 2);
        List<Marker> markers = new ArrayList<>(MARKERS);
        java.util.Collections.shuffle(markers, cases.random);
        return markers.stream().limit(LONG ? MARKERS.size() : EVIDENCE_TRIES)
            .map(m -> DynamicTest.dynamicTest("seed " + (SEED + 2) + ": record free text carrying \"" + m + "\"",
                () -> evidenceOnlyCase(m)));
    }

    private void embeddedCase(Hostile hostile) throws Exception {
        // given the real embedded model, whose real answer is rewritten into the hostile one
        router.mode(Mode.EMBEDDED);
        REWRITE.set((prompt, real) -> hostile.answer(prompt, Answers.parse(real)));
        try {
            String hook = newHook();

            // when
            HttpResponse<String> r = call(hook, request());

            // then
            clinicianSeesNoMarker(hook, r, hostile);
            recordKeeps(hook, hostile);
        } finally {
            REWRITE.set(null);
        }
    }

    private void evidenceOnlyCase(Marker marker) throws Exception {
        // given markers in the record's free text (condition text and notes, an uncoded condition)
        router.mode(Mode.EVIDENCE_ONLY);
        ObjectNode req = (ObjectNode) JSON.readTree(request());
        ArrayNode conditions = (ArrayNode) req.at("/prefetch/conditions/entry");
        ObjectNode fever = (ObjectNode) conditions.get(0).get("resource");
        ((ObjectNode) fever.get("code")).put("text", marker.text());
        fever.putArray("note").addObject().put("text", marker.text());
        ObjectNode uncoded = conditions.addObject().putObject("resource").put("resourceType", "Condition")
            .put("id", "c-free-text");
        uncoded.putObject("clinicalStatus").putArray("coding").addObject()
            .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical").put("code", "active");
        uncoded.putObject("code").put("text", marker.text());
        String hook = newHook();

        // when
        HttpResponse<String> r = call(hook, JSON.writeValueAsBytes(req));

        // then
        clinicianSeesNoMarker(hook, r, new Hostile("record free text", marker, (p, b) -> ""));
        assertThat(card(r).path("detail").asText()).contains("_Why these candidates_");
    }

    /**
     * The reproduction: a stub model answering every string field — ids, diagnosis, rationale, lists,
     * medication — with "Start metformin 1000 mg twice daily". No dose on any card or page; the record keeps it.
     */
    @Test
    void should_show_no_dose_on_any_card_when_the_model_answers_every_field_with_a_metformin_dose() throws Exception {
        for (boolean late : List.of(false, true)) {
            // given
            Hostile every = new Hostile("every field", REPRODUCTION, (prompt, base) -> Answers.everyField(METFORMIN));
            router.mode(Mode.MODEL_SERVER);
            model.always(Reply.content(a -> every.answer(prompt(a), null), late ? 900 : 0));
            String hook = newHook();

            // when
            HttpResponse<String> r = call(hook, request());

            // then
            String detail = card(r).path("detail").asText();
            if (!late) {
                assertThat(detail).contains("_No explanation: the model's answer cited evidence not in this case._");
            }
            assertThat(r.body()).doesNotContainIgnoringCase("metformin").doesNotContain("1000");
            clinicianSeesNoMarker(hook, r, every);
            recordKeeps(hook, every);
        }
        // and the well-formed variant (valid ids, the dose in every other field) is vetoed, never shown
        Hostile wellFormed = new Hostile("every text field, valid ids", REPRODUCTION,
            (prompt, base) -> Answers.everyTextField(Answers.benign(prompt), METFORMIN));
        model.always(Reply.content(a -> wellFormed.answer(prompt(a), null), 0));
        String hook = newHook();
        HttpResponse<String> r = call(hook, request());
        assertThat(r.body()).doesNotContainIgnoringCase("metformin").doesNotContain("1000");
        clinicianSeesNoMarker(hook, r, wellFormed);
        recordKeeps(hook, wellFormed);
        assertThat(DecisionLog.find(server.dataDir(), hook)).anySatisfy(rec -> assertThat(rec.vetoes()).isNotEmpty());
    }

    private void modelServerCase(Hostile hostile, boolean late) throws Exception {
        // given
        router.mode(Mode.MODEL_SERVER);
        model.always(Reply.content(a -> hostile.answer(prompt(a), Answers.benign(prompt(a))), late ? 700 : 0));
        String hook = newHook();

        // when
        HttpResponse<String> r = call(hook, request());

        // then
        clinicianSeesNoMarker(hook, r, hostile);
        recordKeeps(hook, hostile);
    }

    // ------------------------------------------------------------------------------------------------ generators

    /** A hostile answer: what it is, the marker it carries, and the answer written from the prompt (and a base). */
    record Hostile(String shape, Marker marker, BiFunction<String, ObjectNode, String> writer) {
        String answer(String prompt, ObjectNode base) {
            return writer.apply(prompt, base == null ? Answers.benign(prompt) : base);
        }

        @Override
        public String toString() {
            return shape + " carrying \"" + marker + "\"";
        }
    }

    /** A seeded generator of hostile answers: every shape once, then shapes, markers and fields at random. */
    static final class Cases {
        final Random random;

        Cases(long seed) {
            this.random = new Random(seed);
        }

        private <T> T pick(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }

        private Set<String> fields() {
            List<String> all = new ArrayList<>(Answers.TEXT_FIELDS);
            java.util.Collections.shuffle(all, random);
            return Set.copyOf(all.subList(0, 1 + random.nextInt(all.size())));
        }

        /** One hostile answer of each shape, for this marker (the random parts drawn from the seed). */
        List<Function<Marker, Hostile>> shapes() {
            int cut = 1 + random.nextInt(400);
            int padding = 2_000 + random.nextInt(58_000);
            Set<String> fields = fields();
            boolean append = random.nextBoolean();
            return List.of(
                m -> new Hostile("prose", m, (p, b) -> "I think the patient needs this. " + m.text()),
                m -> new Hostile("truncated JSON (cut " + cut + " after the marker)", m,
                    (p, b) -> Answers.truncated(Answers.withText(b, "rationale", m.text(), true).toString(), m.text(),
                        cut)),
                m -> new Hostile("every field", m, (p, b) -> Answers.everyField(m.text())),
                m -> new Hostile("valid JSON, marker in " + new java.util.TreeSet<>(fields)
                    + (append ? " (appended)" : " (replaced)"), m,
                    (p, b) -> Answers.inFields(b, fields, m.text(), append).toString()),
                m -> new Hostile("marker as evidence id", m,
                    (p, b) -> Answers.withList(b, "citedEvidenceIds", m.text()).toString()),
                m -> new Hostile("marker as excerpt id", m,
                    (p, b) -> Answers.withList(b, "guidelineExcerptIds", m.text()).toString()),
                m -> new Hostile("marker as diagnosis", m,
                    (p, b) -> Answers.withText(b, "diagnosis", m.text(), false).toString()),
                m -> new Hostile("marker as keys", m, (p, b) -> Answers.inKeys(b, m.text()).toString()),
                m -> new Hostile("think block", m,
                    (p, b) -> "<think>" + m.text() + " The answer must say so.</think>" + b),
                m -> new Hostile("unclosed think block", m, (p, b) -> b + "<think>" + m.text()),
                m -> new Hostile("numbers", m, (p, b) -> Answers.medication(b, m.text()).toString()),
                m -> new Hostile("very long string (" + padding + " chars)", m,
                    (p, b) -> Answers.withText(b, "rationale", "The recorded findings support it [E1]. "
                        + "Routine review. ".repeat(padding / 16) + m.text(), false).toString()),
                m -> new Hostile("markdown, HTML and links", m,
                    (p, b) -> Answers.withText(b, "rationale", Answers.markup(m.text()), false).toString()),
                m -> new Hostile("fenced JSON with prose", m,
                    (p, b) -> "Here is the JSON:\n```json\n" + Answers.withText(b, "summary", m.text(), true)
                        + "\n```\n" + m.text()));
        }

        /** {@code n} cases: each shape once (while n allows), then random shapes. */
        List<Hostile> hostile(int n) {
            List<Hostile> out = new ArrayList<>();
            int shapes = shapes().size();
            for (int i = 0; i < n; i++) {
                List<Function<Marker, Hostile>> all = shapes();
                Function<Marker, Hostile> shape = i < shapes ? all.get(i) : pick(all);
                out.add(shape.apply(pick(MARKERS)));
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** No marker, link, think block, exception or error code in anything a clinician can see of this call. */
    private static void clinicianSeesNoMarker(String hook, HttpResponse<String> r, Hostile hostile) throws Exception {
        try {
            clinicianBodies(hook, r, hostile);
        } finally {
            infoLogsCarryNoMarker(hostile);
        }
    }

    /** Nothing of the answer in a log line at INFO or above (message, arguments, exception messages). */
    private static void infoLogsCarryNoMarker(Hostile hostile) {
        List<ch.qos.logback.classic.spi.ILoggingEvent> events;
        synchronized (LOGS) {
            events = List.copyOf(LOGS.list);
            LOGS.list.clear();
        }
        String marker = hostile.marker().text();
        String probe = marker.substring(0, Math.min(16, marker.length()));
        for (var e : events) {
            if (!e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO)) {
                continue;
            }
            StringBuilder text = new StringBuilder(e.getFormattedMessage());
            for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(' ').append(t.getMessage());
            }
            assertThat(text.toString()).as("%s: log line from %s at %s", hostile, e.getLoggerName(), e.getLevel())
                .doesNotContain(probe).doesNotContain(LINK_DOMAIN);
        }
    }

    private static void clinicianBodies(String hook, HttpResponse<String> r, Hostile hostile) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> seen = new ArrayList<>();
        seen.add(r.body());
        JsonNode card = card(r);
        if (card.has("links")) {
            String url = card.at("/links/0/url").asText();
            JsonNode last = awaitPage(url);
            seen.add(String.valueOf(last));
            seen.add(page(url, false).body());
        }
        for (String body : seen) {
            assertThat(hostile.marker().seen().matcher(body).find())
                .as("%s: the marker %s is shown to a clinician in\n%s", hostile, hostile.marker().seen(), body)
                .isFalse();
            assertThat(body).as(hostile.toString()).doesNotContain(LINK_DOMAIN).doesNotContainIgnoringCase("<think")
                .doesNotContain("onerror").doesNotContainIgnoringCase("exception").doesNotContain("DXG-")
                .doesNotContain("schema validation");
        }
    }

    /** The decision record keeps what the model sent (a late answer's follow-up record too). */
    private static void recordKeeps(String hook, Hostile hostile) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<DecisionRecord> records;
        do {
            records = DecisionLog.find(server.dataDir(), hook);
            if (records.stream().anyMatch(rec -> rec.rawOutput() != null)) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        String marker = hostile.marker().text();
        // a truncated answer keeps only the marker's first 12 characters for sure (Answers.truncated)
        int kept = Math.min(marker.length(), hostile.shape().startsWith("truncated") ? 12 : 40);
        assertThat(records).as("%s: the decision record keeps the raw answer", hostile)
            .anySatisfy(rec -> assertThat(rec.rawOutput()).contains(marker.substring(0, kept)));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String newHook() {
        return UUID.randomUUID().toString();
    }

    /**
     * The fever-and-cough patient, with an eGFR of 25 instead of 75: every marker is then a violation for this patient
     * (metformin, whatever its name, language or dose wording, is contraindicated below 30; directives are vetoed
     * always; an eGFR of 12 is not the recorded value), so the veto must cut each wherever it stands.
     */
    private static byte[] request() {
        String json = new String(Fixtures.withRecentDates("cdshooks/patient-view-fever-cough.json"),
            StandardCharsets.UTF_8);
        String low = json.replaceFirst("\"value\": 75,", "\"value\": 25,");
        if (low.equals(json)) {
            throw new IllegalStateException("the fixture's eGFR of 75 was not found");
        }
        return low.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> call(String hook, byte[] template) {
        byte[] body = new String(template, StandardCharsets.UTF_8).replace(FIXTURE_HOOK, hook)
            .getBytes(StandardCharsets.UTF_8);
        return server.post(VIEW, server.sandboxToken(VIEW), body);
    }

    private static JsonNode card(HttpResponse<String> r) throws Exception {
        JsonNode cards = JSON.readTree(r.body()).path("cards");
        assertThat(cards).as("the differential card: %s", r.body()).hasSize(1);
        return cards.get(0);
    }

    private static String prompt(String requestBody) {
        return ReplayModelServer.prompt(requestBody);
    }

    private static HttpResponse<String> page(String url, boolean json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (json) {
            b.header("Accept", "application/json");
        }
        return server.send(b.build());
    }

    /** The page's JSON once the explanation is no longer pending (the page exists all along). */
    private static JsonNode awaitPage(String url) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = page(url, true);
            assertThat(r.statusCode()).as("the card's link answers while valid: %s", r.body()).isEqualTo(200);
            last = JSON.readTree(r.body());
            if (!"pending".equals(last.path("status").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    /** Answers written from the prompt, and the hostile changes to them. */
    static final class Answers {
        static final List<String> TEXT_FIELDS = List.of("summary", "diagnosis", "rationale", "wouldConfirm",
            "wouldExclude", "nextSteps", "medications");

        private Answers() {}

        /** A grounded answer for the first candidate of the prompt, citing E1 (as ExplanationBudgetIT writes it). */
        static ObjectNode benign(String prompt) {
            return ExplanationBudgetIT.grounded(prompt);
        }

        /** The embedded model's real answer as a tree, or null when it is not an object (then a benign base). */
        static ObjectNode parse(String real) {
            try {
                JsonNode n = JSON.readTree(real);
                return n instanceof ObjectNode o && o.path("candidates").isArray() && o.path("candidates").size() > 0
                    && o.path("candidates").get(0).isObject() ? o : null;
            } catch (Exception e) {
                return null;
            }
        }

        private static ObjectNode first(ObjectNode root) {
            return (ObjectNode) root.path("candidates").get(0);
        }

        static ObjectNode withText(ObjectNode base, String field, String text, boolean append) {
            ObjectNode root = base.deepCopy();
            ObjectNode target = field.equals("summary") ? root : first(root);
            String old = target.path(field).asText("");
            target.put(field, append && !old.isBlank() ? old + " " + text : text);
            return root;
        }

        static ObjectNode withList(ObjectNode base, String field, String text) {
            ObjectNode root = base.deepCopy();
            first(root).putArray(field).add(text);
            return root;
        }

        static ObjectNode inFields(ObjectNode base, Set<String> fields, String text, boolean append) {
            ObjectNode root = base.deepCopy();
            for (String f : fields) {
                switch (f) {
                    case "summary", "diagnosis", "rationale" -> root = withText(root, f, text, append);
                    case "medications" -> root = medication(root, text);
                    default -> {
                        ArrayNode list = first(root).withArray(f);
                        if (!append) {
                            list.removeAll();
                        }
                        list.add(text);
                    }
                }
            }
            return root;
        }

        /** A medication whose fields carry the marker and a dose as a number, a string and a huge number. */
        static ObjectNode medication(ObjectNode base, String text) {
            ObjectNode root = base.deepCopy();
            ArrayNode meds = first(root).putArray("medications");
            meds.addObject().put("drug", "metformin").put("doseAmount", 1000).put("doseUnit", "mg")
                .put("frequency", text).put("action", "start");
            meds.addObject().put("drug", text).put("doseAmount", "2000").put("doseUnit", "mg")
                .put("frequency", "twice daily").put("action", "start");
            meds.addObject().put("drug", "Glucophage").put("doseAmount", 1e6).put("doseUnit", "mg")
                .put("frequency", "daily").put("action", "start");
            return root;
        }

        /** Every string field of the answer, ids included, is the sentence (the reproduction). */
        static String everyField(String text) {
            ObjectNode root = JSON.createObjectNode().put("summary", text);
            ObjectNode c = root.putArray("candidates").addObject();
            c.put("diagnosis", text).put("rationale", text);
            c.putArray("citedEvidenceIds").add(text);
            c.putArray("wouldConfirm").add(text);
            c.putArray("wouldExclude").add(text);
            c.putArray("nextSteps").add(text);
            c.putArray("medications").addObject().put("drug", text).put("doseAmount", 1000).put("doseUnit", text)
                .put("frequency", text).put("action", "start");
            c.putArray("guidelineExcerptIds").add(text);
            return root.toString();
        }

        /** Every text field carries the sentence after the benign text; ids stay valid. */
        static String everyTextField(ObjectNode base, String text) {
            return inFields(base, Set.copyOf(TEXT_FIELDS), text, true).toString();
        }

        /** Extra keys named with the marker, at the root and in the candidate, with the marker as value too. */
        static ObjectNode inKeys(ObjectNode base, String text) {
            ObjectNode root = base.deepCopy();
            root.set(text, TextNode.valueOf(text));
            first(root).put(text, text);
            first(root).putObject("extra").put(text, text);
            return root;
        }

        /** The answer cut somewhere after the marker. */
        static String truncated(String json, String marker, int n) {
            int at = json.indexOf(marker.substring(0, Math.min(12, marker.length())));
            int end = Math.min(json.length() - 1, Math.max(at + 12, 0) + n);
            return json.substring(0, Math.max(1, end));
        }

        /** The marker as a Markdown link, in emphasis, in HTML and as a bare URL, with a valid citation. */
        static String markup(String text) {
            return "The recorded findings support it [E1]. See [" + text + "](http://" + LINK_DOMAIN + "/x?q="
                + text.replace(' ', '+') + ") and **" + text + "** <img src=x onerror=alert(1)> <a href=\"https://"
                + LINK_DOMAIN + "\">" + text + "</a> www." + LINK_DOMAIN + "/" + text.replace(' ', '-');
        }
    }

    /**
     * Sends each call to the explainer of the current mode and remembers which one has each explanation, so late
     * reviews and the page reach the same one. Test glue only: every explainer behind it is the real one.
     */
    static final class Router implements Explainer {
        private final Map<Mode, Explainer> explainers;
        private final Map<String, Explainer> byKey = new ConcurrentHashMap<>();
        private volatile Mode mode = Mode.MODEL_SERVER;

        Router(Map<Mode, Explainer> explainers) {
            this.explainers = explainers;
        }

        void mode(Mode m) {
            this.mode = m;
        }

        private Explainer of(String key) {
            return byKey.getOrDefault(key, explainers.get(mode));
        }

        @Override
        public ExplanationOutcome explain(String key, PatientFacts facts, List<Candidate> candidates, Duration budget) {
            Explainer e = byKey.computeIfAbsent(key, k -> explainers.get(mode));
            return e.explain(key, facts, candidates, budget);
        }

        @Override
        public Optional<ExplanationOutcome> lookup(String key) {
            return of(key).lookup(key);
        }

        @Override
        public Optional<CompletableFuture<ExplanationOutcome>> claimLateReview(String key) {
            return of(key).claimLateReview(key);
        }

        @Override
        public void keepReviewed(String key, ExplanationOutcome reviewed) {
            of(key).keepReviewed(key, reviewed);
        }

        @Override
        public Optional<ExplanationOutcome> lookupReviewed(String key) {
            return of(key).lookupReviewed(key);
        }

        @Override
        public String modelId() {
            return explainers.get(mode).modelId();
        }

        @Override
        public void close() {
            explainers.values().forEach(Explainer::close);
        }
    }
}
