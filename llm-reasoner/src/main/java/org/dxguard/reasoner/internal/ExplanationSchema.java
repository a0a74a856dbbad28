package org.dxguard.reasoner.internal;

import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import org.dxguard.reasoner.MedicationSuggestion;

/**
 * The JSON schema of the model's answer, built with langchain4j's schema types.
 *
 * <p>Every property is listed in {@code required}: langchain4j's strict mode turns each property that is not
 * required into a nullable union ({@code ["string","null"]}), which is what it does for record components. Only the
 * dose fields, where "no dose" is a real answer, are left out of {@code required} so that they (and only they) are
 * sent as {@code ["number","null"]} / {@code ["string","null"]}.
 */
public final class ExplanationSchema {
    public static final String NAME = "dxguard_differential_explanation";
    /** The per-candidate list of cited guideline excerpt ids: the last property of each candidate. */
    public static final String GUIDELINE_EXCERPT_IDS = "guidelineExcerptIds";

    private ExplanationSchema() {}

    private static JsonArraySchema strings(String description) {
        return JsonArraySchema.builder().description(description).items(JsonStringSchema.builder().build()).build();
    }

    public static JsonObjectSchema root() {
        JsonObjectSchema medication = JsonObjectSchema.builder()
            .addStringProperty("drug", "generic drug name")
            .addProperty("doseAmount", JsonNumberSchema.builder().description("dose per administration, or null").build())
            .addStringProperty("doseUnit", "unit of doseAmount (mg, g, mcg, units), or null")
            .addStringProperty("frequency", "e.g. once daily, twice daily, or null")
            .addProperty("action", JsonEnumSchema.builder()
                .enumValues(MedicationSuggestion.ACTIONS.stream().sorted().toList()).build())
            .required("drug", "action")
            .additionalProperties(false)
            .build();
        JsonObjectSchema candidate = JsonObjectSchema.builder()
            .addStringProperty("diagnosis", "the candidate diagnosis, as listed")
            .addStringProperty("rationale", "why, citing evidence ids like [E1]")
            .addProperty("citedEvidenceIds", strings("evidence ids the rationale relies on"))
            .addProperty("wouldConfirm", strings("findings that would confirm it"))
            .addProperty("wouldExclude", strings("findings that would exclude it"))
            .addProperty("nextSteps", strings("tests to order, referral"))
            .addProperty("medications", JsonArraySchema.builder().items(medication).build())
            // last, and named exactly so: the project's small local model is trained on this key and position
            .addProperty(GUIDELINE_EXCERPT_IDS, strings("ids of the guideline excerpts relied on (may be empty)"))
            .required("diagnosis", "rationale", "citedEvidenceIds", "wouldConfirm", "wouldExclude", "nextSteps",
                "medications", GUIDELINE_EXCERPT_IDS)
            .additionalProperties(false)
            .build();
        return JsonObjectSchema.builder()
            .addStringProperty("summary", "one or two sentences over the whole differential")
            .addProperty("candidates", JsonArraySchema.builder().items(candidate).build())
            .required("summary", "candidates")
            .additionalProperties(false)
            .build();
    }

    public static JsonSchema jsonSchema() {
        return JsonSchema.builder().name(NAME).rootElement(root()).build();
    }

    /** The {@code response_format} to request: the schema, or plain JSON mode for servers without schemas. */
    public static ResponseFormat responseFormat(boolean withSchema) {
        if (!withSchema) {
            return ResponseFormat.JSON;
        }
        return ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(jsonSchema()).build();
    }

    /** Property names, for the validator. */
    static final List<String> CANDIDATE_LISTS = List.of("wouldConfirm", "wouldExclude", "nextSteps");
}
