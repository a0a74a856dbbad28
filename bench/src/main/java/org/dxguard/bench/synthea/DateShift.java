package org.dxguard.bench.synthea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Moves every FHIR date and dateTime of a record forward by whole days, so that a cohort generated with "today" =
 * {@link CohortGenerator#REFERENCE_TIME} is called as if today were its reference day: the study's figures then do
 * not drift with the wall clock (the service takes "now" from the system clock).
 */
public final class DateShift {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");

    /** Elements that hold identifiers, codes or text, never a date, whatever they look like. */
    private static final Set<String> NOT_DATES = Set.of("id", "reference", "code", "system", "display", "text",
        "value", "fullUrl");

    private DateShift() {}

    /** Whole days from the cohort's reference day to today (UTC). */
    public static long daysToToday() {
        return ChronoUnit.DAYS.between(LocalDate.ofInstant(CohortGenerator.REFERENCE_TIME, ZoneOffset.UTC),
            LocalDate.now(ZoneOffset.UTC));
    }

    /** Shifts, in place, every string value of {@code node} that is a FHIR date or dateTime. */
    public static void shift(JsonNode node, long days) {
        if (node instanceof ObjectNode o) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(o.properties());
            for (Map.Entry<String, JsonNode> f : fields) {
                if (NOT_DATES.contains(f.getKey())) {
                    continue;
                }
                if (f.getValue().isTextual()) {
                    String shifted = shift(f.getValue().asText(), days);
                    if (shifted != null) {
                        o.set(f.getKey(), TextNode.valueOf(shifted));
                    }
                } else {
                    shift(f.getValue(), days);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    String shifted = shift(a.get(i).asText(), days);
                    if (shifted != null) {
                        a.set(i, TextNode.valueOf(shifted));
                    }
                } else {
                    shift(a.get(i), days);
                }
            }
        }
    }

    /** The shifted value, or null when {@code text} is not a full date or dateTime. */
    public static String shift(String text, long days) {
        if (DATE.matcher(text).matches()) {
            return LocalDate.parse(text).plusDays(days).toString();
        }
        if (DATE_TIME.matcher(text).matches()) {
            return OffsetDateTime.parse(text).plusDays(days).toString();
        }
        return null;
    }
}
