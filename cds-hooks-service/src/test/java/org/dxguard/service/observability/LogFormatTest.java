package org.dxguard.service.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The production logback.xml (src/main/resources), configured in a private logger context. */
class LogFormatTest {

    @SuppressWarnings("unchecked")
    private static String logWith(String format) throws Exception {
        URL config = LogFormatTest.class.getResource("/logback.xml");
        assertThat(config).as("production logback.xml on the classpath").isNotNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            if (format != null) {
                context.putProperty("DXGUARD_LOG_FORMAT", format);
            }
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(context);
            joran.doConfigure(config);
            assertThat(new ch.qos.logback.core.status.StatusUtil(context)
                .getHighestLevel(0)).as("logback configuration status (WARN/ERROR would be printed to stdout)")
                .isLessThan(ch.qos.logback.core.status.Status.WARN);
            var appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
            assertThat(appenders.hasNext()).as("root logger has an appender").isTrue();
            ((OutputStreamAppender<ILoggingEvent>) appenders.next()).setOutputStream(captured);
            MDC.put(TraceContext.MDC_KEY, "4bf92f3577b34da6a3ce929d0e0e4736");
            context.getLogger("org.dxguard.service.hooks.CdsHooksApi")
                .info("call service={} status={}", "dxguard-medication-sign", 200);
        } finally {
            MDC.remove(TraceContext.MDC_KEY);
            context.stop();
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_write_one_json_object_per_line_with_the_trace_id_when_format_is_json() throws Exception {
        // when
        String out = logWith("json");

        // then
        String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("org.dxguard.service.hooks.CdsHooksApi");
        assertThat(line.path("formattedMessage").asText())
            .isEqualTo("call service=dxguard-medication-sign status=200");
        assertThat(line.path("mdc").path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void should_print_the_trace_id_in_text_lines_when_no_format_is_set() throws Exception {
        // when
        String out = logWith(null);

        // then
        assertThat(out).contains("[4bf92f3577b34da6a3ce929d0e0e4736] - call service=dxguard-medication-sign "
            + "status=200").doesNotStartWith("{");
    }
}
