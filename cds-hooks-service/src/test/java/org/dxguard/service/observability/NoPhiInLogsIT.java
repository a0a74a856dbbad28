package org.dxguard.service.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.hooks.PrefetchTemplates;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Everything logged at INFO and above (by every logger, third-party ones included) while real Synthea patients go
 * through order-sign, patient-view and feedback must not carry their identifiers, names, birth dates, addresses,
 * phone numbers or lab values.
 */
class NoPhiInLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String VIEW = "/cds-services/dxguard-differential";
    /** The prefetch each service asks for (its discovery), as the EHR answers it. */
    private static final Prefetch SIGN_PREFETCH = Prefetch.of(PrefetchTemplates.medicationSafety());
    private static final Prefetch VIEW_PREFETCH = Prefetch.of(PrefetchTemplates.differential());

    /** What identifies this patient or is a value tied to them, as it appears in the bundle. */
    private static Set<String> phi(Path bundle) throws Exception {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : JSON.readTree(bundle.toFile()).path("entry")) {
            JsonNode r = e.path("resource");
            switch (r.path("resourceType").asText()) {
                case "Patient" -> {
                    out.add(r.path("id").asText());
                    out.add(r.path("birthDate").asText());
                    for (JsonNode name : r.path("name")) {
                        out.add(name.path("family").asText());
                        name.path("given").forEach(g -> out.add(g.asText()));
                    }
                    for (JsonNode a : r.path("address")) {
                        a.path("line").forEach(l -> out.add(l.asText()));
                        out.add(a.path("city").asText());
                    }
                    r.path("telecom").forEach(t -> out.add(t.path("value").asText()));
                    r.path("identifier").forEach(i -> out.add(i.path("value").asText()));
                }
                case "Observation" -> {
                    String v = r.at("/valueQuantity/value").asText();
                    if (v.contains(".") && v.length() >= 4) {
                        out.add(v); // e.g. an eGFR of 58.3: with its decimals it is this patient's value
                    }
                }
                default -> { }
            }
        }
        out.removeIf(s -> s == null || s.length() < 4);
        return out;
    }

    /**
     * The PHI string as a whole token: a lab value of 5.03 is not found inside a build timestamp's
     * {@code 05:48:05.032Z}, a name is not found inside a longer word.
     */
    private static java.util.regex.Pattern asToken(String s) {
        return java.util.regex.Pattern.compile("(?<![A-Za-z0-9.])" + java.util.regex.Pattern.quote(s)
            + "(?![A-Za-z0-9]|\\.[0-9])");
    }

    private static String everything(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }

    @Test
    void should_log_no_patient_identifiers_names_dates_or_values_at_info_when_synthea_patients_are_served()
        throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        // given three Synthea patients (the cohort SyntheaCallsIT uses) and every log event at INFO captured
        List<Path> patients = SyntheaCohort.cohort(12, 42).subList(0, 3);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Set<String> phi = new LinkedHashSet<>();
        root.setLevel(Level.INFO);
        root.addAppender(logs);
        try (TestServer server = TestServer.start()) {
            for (Path file : patients) {
                phi.addAll(phi(file));
                SyntheaRequests patient = SyntheaRequests.from(file);

                // when the EHR signs an order, opens the chart and overrides every card
                HttpResponse<String> sign = server.post(SIGN, server.sandboxToken(SIGN),
                    patient.orderSign("861007", "metformin hydrochloride 500 MG Oral Tablet", 500, 2, SIGN_PREFETCH));
                HttpResponse<String> view = server.post(VIEW, server.sandboxToken(VIEW), patient.patientView(VIEW_PREFETCH));
                assertThat(sign.statusCode()).isEqualTo(200);
                assertThat(view.statusCode()).isEqualTo(200);
                for (JsonNode card : JSON.readTree(sign.body()).path("cards")) {
                    String fb = "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText() + "\",\"outcome\":"
                        + "\"overridden\",\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}";
                    String path = SIGN + "/feedback";
                    assertThat(server.post(path, server.sandboxToken(path), fb.getBytes(StandardCharsets.UTF_8))
                        .statusCode()).isEqualTo(200);
                }
            }
        } finally {
            root.detachAppender(logs);
            root.setLevel(rootLevel);
        }

        // then: the calls were logged (so the scan saw them), with their trace ids, and without PHI
        assertThat(phi).as("PHI strings taken from the bundles").hasSizeGreaterThan(patients.size() * 3);
        List<ILoggingEvent> calls = logs.list.stream()
            .filter(e -> e.getFormattedMessage().startsWith("call service=")).toList();
        assertThat(calls).hasSize(patients.size() * 2)
            .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey(TraceContext.MDC_KEY));
        for (ILoggingEvent e : logs.list) {
            if (!e.getLevel().isGreaterOrEqual(Level.INFO)) {
                continue;
            }
            String text = everything(e);
            for (String s : phi) {
                assertThat(text).as("log line from %s at %s", e.getLoggerName(), e.getLevel())
                    .doesNotContainPattern(asToken(s));
            }
        }
    }
}
