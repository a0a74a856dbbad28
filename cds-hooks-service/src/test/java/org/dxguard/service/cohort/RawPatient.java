package org.dxguard.service.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dxguard.bench.synthea.DateShift;

/**
 * The oracle's own reading of one Synthea patient Bundle, straight from the JSON with Jackson: it deliberately
 * shares no code with dxguard's FHIR mapper ({@code FactsMapper}) or the rules' fact builder, so that a mapping
 * bug cannot hide itself from the oracle.
 */
record RawPatient(String id, LocalDate birthDate, String gender, List<Cond> conditions, List<Lab> labs,
                  List<Med> activeMeds, List<Allergy> allergies, Double weightKg, List<Instant> dialysisSessions,
                  boolean kidneyTransplant) {
    /** Transplant of kidney (procedure), history of renal transplant (situation). */
    static final Set<String> KIDNEY_TRANSPLANT = Set.of("70536003", "161665007");
    /** Dialysis procedures (SNOMED): renal dialysis, hemodialysis, peritoneal dialysis, dialysis procedure. */
    static final Set<String> DIALYSIS_PROCEDURE = Set.of("265764009", "302497006", "71192002", "108241001",
        "238318009", "68341005");
    static final Set<String> EGFR_LOINC = Set.of("33914-3", "62238-1", "98979-8", "48642-3", "48643-1");
    static final Set<String> GLUCOSE_LOINC = Set.of("2339-0", "2345-7");
    private static final ObjectMapper JSON = new ObjectMapper();

    RawPatient {
        conditions = List.copyOf(conditions);
        labs = List.copyOf(labs);
        activeMeds = List.copyOf(activeMeds);
        allergies = List.copyOf(allergies);
        dialysisSessions = List.copyOf(dialysisSessions);
    }

    /** An active (clinicalStatus active/recurrence/relapse) Condition. */
    record Cond(String code, String display) {}

    /** A numeric Observation of one LOINC code. */
    record Lab(String loinc, double value, String unit, Instant at) {}

    /** An active or on-hold MedicationRequest, kept whole so that a renewal can copy it. */
    record Med(String id, String rxnorm, String display, JsonNode resource) {
        String lower() {
            return display.toLowerCase(Locale.ROOT);
        }
    }

    /** An AllergyIntolerance that is not resolved/inactive/refuted. */
    record Allergy(String system, String code, String display, boolean highCriticality) {}

    static RawPatient read(Path bundleFile) throws IOException {
        return of(JSON.readTree(bundleFile.toFile()));
    }

    static RawPatient of(JsonNode bundle) {
        String id = null;
        LocalDate birth = null;
        String gender = "unknown";
        List<Cond> conditions = new ArrayList<>();
        List<Lab> labs = new ArrayList<>();
        List<Med> meds = new ArrayList<>();
        List<Allergy> allergies = new ArrayList<>();
        Lab weight = null;
        List<Instant> dialysis = new ArrayList<>();
        boolean transplant = false;
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            switch (r.path("resourceType").asText()) {
                case "Patient" -> {
                    id = r.path("id").asText();
                    birth = r.hasNonNull("birthDate") ? LocalDate.parse(r.get("birthDate").asText()) : null;
                    gender = r.path("gender").asText("unknown");
                }
                case "Condition" -> {
                    String status = r.at("/clinicalStatus/coding/0/code").asText();
                    if (Set.of("active", "recurrence", "relapse").contains(status)) {
                        for (JsonNode c : r.at("/code/coding")) {
                            conditions.add(new Cond(c.path("code").asText(), c.path("display").asText()));
                        }
                    }
                }
                case "Observation" -> {
                    String status = r.path("status").asText();
                    if (status.equals("entered-in-error") || status.equals("cancelled")) {
                        break;
                    }
                    Instant at = instant(r.path("effectiveDateTime").asText(null));
                    addLab(labs, r.at("/code/coding/0/code").asText(), r.path("valueQuantity"), at);
                    for (JsonNode comp : r.path("component")) {
                        addLab(labs, comp.at("/code/coding/0/code").asText(), comp.path("valueQuantity"), at);
                    }
                    if (r.at("/code/coding/0/code").asText().equals("29463-7") && r.has("valueQuantity") && at != null
                        && (weight == null || at.isAfter(weight.at()))) {
                        weight = new Lab("29463-7", r.at("/valueQuantity/value").asDouble(),
                            r.at("/valueQuantity/unit").asText(), at);
                    }
                }
                case "MedicationRequest" -> {
                    String status = r.path("status").asText();
                    if (status.equals("active") || status.equals("on-hold")) {
                        JsonNode coding = r.at("/medicationCodeableConcept/coding/0");
                        String display = coding.path("display").asText(r.at("/medicationCodeableConcept/text").asText());
                        meds.add(new Med(r.path("id").asText(), coding.path("code").asText(), display, r));
                    }
                }
                case "AllergyIntolerance" -> {
                    String clinical = r.at("/clinicalStatus/coding/0/code").asText("active");
                    String verification = r.at("/verificationStatus/coding/0/code").asText("");
                    if (!clinical.equals("active") || verification.equals("refuted")
                        || verification.equals("entered-in-error")) {
                        break;
                    }
                    boolean high = "high".equals(r.path("criticality").asText());
                    for (JsonNode c : r.at("/code/coding")) {
                        allergies.add(new Allergy(c.path("system").asText(), c.path("code").asText(),
                            c.path("display").asText(), high));
                    }
                }
                case "Procedure" -> {
                    transplant |= KIDNEY_TRANSPLANT.contains(r.at("/code/coding/0/code").asText());
                    if (DIALYSIS_PROCEDURE.contains(r.at("/code/coding/0/code").asText())
                        && !r.path("status").asText().equals("entered-in-error")
                        && !r.path("status").asText().equals("not-done")) {
                        Instant at = instant(r.hasNonNull("performedDateTime") ? r.get("performedDateTime").asText()
                            : r.at("/performedPeriod/start").asText(null));
                        if (at != null) {
                            dialysis.add(at);
                        }
                    }
                }
                default -> { }
            }
        }
        if (id == null) {
            throw new IllegalArgumentException("bundle has no Patient");
        }
        Double kg = weight == null ? null : "kg".equals(weight.unit()) ? weight.value() : null;
        transplant |= conditions.stream().anyMatch(c -> KIDNEY_TRANSPLANT.contains(c.code()));
        return new RawPatient(id, birth, gender, conditions, labs, meds, allergies, kg, dialysis, transplant);
    }

    private static void addLab(List<Lab> labs, String loinc, JsonNode quantity, Instant at) {
        if (quantity.isMissingNode() || !quantity.has("value") || at == null) {
            return;
        }
        if (EGFR_LOINC.contains(loinc) || GLUCOSE_LOINC.contains(loinc)) {
            labs.add(new Lab(loinc, quantity.get("value").asDouble(), quantity.path("unit").asText(""), at));
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
            : OffsetDateTime.parse(text).toInstant();
    }

    /** The same patient with its birth date and lab times moved {@code days} forward (see {@link DateShift}). */
    RawPatient shiftedBy(long days) {
        return new RawPatient(id, birthDate == null ? null : birthDate.plusDays(days), gender, conditions,
            labs.stream().map(l -> new Lab(l.loinc(), l.value(), l.unit(), l.at().plus(java.time.Duration.ofDays(days))))
                .toList(), activeMeds, allergies, weightKg,
            dialysisSessions.stream().map(t -> t.plus(java.time.Duration.ofDays(days))).toList(), kidneyTransplant);
    }

    /** Age in whole years on the day of {@code at}, or -1 when the birth date is missing. */
    int ageAt(Instant at) {
        return birthDate == null ? -1 : Period.between(birthDate, LocalDate.ofInstant(at, ZoneOffset.UTC)).getYears();
    }

    /** The most recent eGFR of any of the accepted LOINC codes. */
    Optional<Lab> latestEgfr() {
        return labs.stream().filter(l -> EGFR_LOINC.contains(l.loinc())).max(Comparator.comparing(Lab::at));
    }

    List<Lab> glucose() {
        return labs.stream().filter(l -> GLUCOSE_LOINC.contains(l.loinc())).toList();
    }

    /** The latest dialysis procedure at or before {@code asOf}, if any. */
    Optional<Instant> lastDialysis(Instant asOf) {
        return dialysisSessions.stream().filter(t -> !t.isAfter(asOf)).max(Comparator.naturalOrder());
    }

    boolean hasCondition(Set<String> snomed) {
        return conditions.stream().anyMatch(c -> snomed.contains(c.code()));
    }

    Optional<Cond> firstCondition(Set<String> snomed) {
        return conditions.stream().filter(c -> snomed.contains(c.code())).findFirst();
    }
}
