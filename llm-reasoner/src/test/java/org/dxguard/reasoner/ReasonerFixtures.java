package org.dxguard.reasoner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Evidence;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;

/** Shared test data: a patient with reduced kidney function and two ranked candidates. */
public final class ReasonerFixtures {
    public static final Instant AS_OF = Instant.parse("2026-11-29T12:00:00Z");
    private static final JsonMapper JSON = new JsonMapper();

    private ReasonerFixtures() {}

    public static PatientFacts dkdPatient() {
        return PatientFacts.builder()
            .patientRef("Patient/example-1")
            .ageYears(67).sex(Sex.FEMALE).weightKg(72.5).asOf(AS_OF)
            .condition(new Condition("cond-1", List.of(new Code(Code.SNOMED, "44054006", "Type 2 diabetes mellitus")),
                null, true, LocalDate.of(2015, 3, 1)))
            .condition(new Condition("cond-2", List.of(new Code(Code.SNOMED, "59621000", "Essential hypertension")),
                null, true, null))
            .observation(new Observation("obs-egfr", List.of(Code.loinc("33914-3")), 25.0, "mL/min/{1.73_m2}",
                null, null, AS_OF.minus(Duration.ofDays(30))))
            .observation(new Observation("obs-a1c", List.of(new Code(Code.LOINC, "4548-4", "Hemoglobin A1c")), 8.1,
                "%", null, null, AS_OF.minus(Duration.ofDays(90))))
            .activeMedication(new Medication("med-1", List.of(new Code(Code.RXNORM, "860975",
                "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet")), null,
                new Dose(500, "mg", DoseFrequency.TWICE_DAILY, "oral"), MedicationStatus.ACTIVE,
                AS_OF.minus(Duration.ofDays(800))))
            .build();
    }

    public static Evidence egfrLow() {
        return new Evidence("ev-egfr-low", Code.loinc("33914-3"), "eGFR below 30 mL/min/1.73m2", 0.8);
    }

    public static List<Candidate> candidates() {
        Evidence t2dm = new Evidence("ev-t2dm", Code.snomed("44054006"), "type 2 diabetes", 0.6);
        Evidence uacr = new Evidence("ev-uacr-high", Code.loinc("14959-1"), "urine albumin/creatinine ratio above 30 mg/g", 0.7);
        Evidence htn = new Evidence("ev-htn", Code.snomed("59621000"), "essential hypertension", 0.5);
        return List.of(
            new Candidate(new Code(Code.SNOMED, "127013003", "Diabetic kidney disease"), "Diabetic kidney disease",
                0.72, 2, List.of(egfrLow(), t2dm), List.of(uacr)),
            new Candidate(new Code(Code.SNOMED, "38481006", "Hypertensive renal disease"), "Hypertensive kidney disease",
                0.41, 3, List.of(htn, egfrLow()), List.of()));
    }

    /** A test resource as text. */
    public static String resource(String path) {
        try (InputStream in = ReasonerFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole recorded chat-completion body of a reply fixture. */
    public static String reply(String name) {
        return resource("reasoner/replies/" + name);
    }

    /** Only what the model wrote ({@code choices[0].message.content}) in a reply fixture. */
    public static String replyContent(String name) {
        try {
            JsonNode root = JSON.readTree(reply(name));
            return root.path("choices").path(0).path("message").path("content").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
