package org.dxguard.guidelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Instant;
import java.util.Objects;
import org.dxguard.guidelines.internal.ScenarioParser;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;

/**
 * The patient of a guideline scenario ({@code given}: age, sex, weight, pregnancy, conditions, labs with dates and
 * units, medications and drafts with doses, allergies; see guidelines/README.md), read exactly as scenarios are, for
 * other files that describe patients the same way (the safety suites).
 */
public final class Scenarios {
    /** The moment a scenario without {@code asOf} describes. */
    public static final Instant DEFAULT_AS_OF = ScenarioParser.DEFAULT_AS_OF;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Scenarios() {}

    /**
     * The facts of a {@code given} block (YAML or JSON text of the mapping; empty or null for a patient with no
     * data) as of {@code asOf}.
     *
     * @param file the file it came from, and {@code name} the case, for error messages
     * @throws org.dxguard.model.DxGuardException {@link GuidelineErrors} naming the file, the case and the field
     */
    public static PatientFacts given(String file, String name, String given, Instant asOf) {
        Objects.requireNonNull(asOf, "asOf must not be null");
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("name", name);
        scenario.put("asOf", asOf.toString());
        JsonNode givenNode;
        try {
            givenNode = given == null || given.isBlank() ? JSON.createObjectNode() : YAML.readTree(given);
        } catch (JsonProcessingException e) {
            throw new DxGuardException(GuidelineErrors.SCENARIO_INVALID, file + " :: " + name
                + ": 'given' is not valid YAML: " + e.getOriginalMessage(), e);
        }
        scenario.set("given", givenNode);
        scenario.set("expect", JSON.createObjectNode().put("silent", true));
        try {
            return ScenarioParser.parse("-", file, JSON.writeValueAsString(scenario)).get(0).given();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scenario of " + name, e);
        }
    }
}
