package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.dxguard.model.Allergy;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReasonerFixtures;
import org.junit.jupiter.api.Test;

/** Proves that no direct identifier in any id or free-text field of the facts reaches a prompt. */
class DeidentificationTest {

    private static Properties identifiers() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(ReasonerFixtures.resource("reasoner/deid/identifiers.properties")));
        return p;
    }

    /** Every identifier and every token of four or more characters from it (matched as a whole word). */
    private static List<String> forbidden(Properties ids) {
        List<String> out = new ArrayList<>();
        for (String key : ids.stringPropertyNames()) {
            String v = ids.getProperty(key);
            out.add(v);
            for (String token : v.split("[\\s,()/+-]+")) {
                if (token.length() >= 4 && !token.equalsIgnoreCase("Observation") && !token.equals("Patient")
                    && !token.equalsIgnoreCase("Condition") && !token.equalsIgnoreCase("MedicationRequest")
                    && !token.equalsIgnoreCase("egfr") && !token.equalsIgnoreCase("https")) {
                    out.add(token);
                }
            }
        }
        return out;
    }

    private static PatientFacts riddledFacts(Properties id) {
        String blob = String.join(" ", id.getProperty("name"), id.getProperty("mrn"), id.getProperty("phone"),
            id.getProperty("address"), "born", id.getProperty("birthDate"), id.getProperty("email"));
        return PatientFacts.builder()
            .patientRef(id.getProperty("patientRef"))
            .ageYears(95).sex(Sex.FEMALE).weightKg(61.0).asOf(ReasonerFixtures.AS_OF)
            .condition(new Condition(id.getProperty("conditionId"),
                List.of(new Code(Code.SNOMED, "44054006", "Type 2 diabetes mellitus")),
                "T2DM - " + blob, true, LocalDate.of(1999, 6, 1)))
            .condition(new Condition(id.getProperty("uuid"), List.of(), "Pt " + id.getProperty("name")
                + " fell at home " + id.getProperty("visitDate"), true, LocalDate.of(2025, 2, 14)))
            .condition(new Condition("c3", List.of(new Code(Code.TEXT, id.getProperty("name") + " ssn "
                + id.getProperty("ssn"), id.getProperty("name"))), null, false, null))
            .observation(new Observation(id.getProperty("observationId"), List.of(Code.loinc("33914-3")), 25.0,
                "mL/min/{1.73_m2}", null, null, ReasonerFixtures.AS_OF.minus(Duration.ofDays(30))))
            .observation(new Observation("o2", List.of(new Code(Code.LOINC, "14959-1",
                "Microalbumin/Creatinine [Mass Ratio] in Urine - called " + id.getProperty("phone"))), null, null,
                null, "result phoned to " + blob, ReasonerFixtures.AS_OF.minus(Duration.ofDays(3))))
            .observation(new Observation("o3", List.of(new Code("urn:oid:2.16.840.1.113883.4.1",
                id.getProperty("ssn"), null)), null, null, null, null, ReasonerFixtures.AS_OF))
            .activeMedication(new Medication(id.getProperty("medicationId"),
                List.of(new Code(Code.RXNORM, "860975", "metformin 500 MG Extended Release Oral Tablet")),
                "metformin for " + blob, new Dose(500, "mg", DoseFrequency.TWICE_DAILY, "oral"),
                MedicationStatus.ACTIVE, ReasonerFixtures.AS_OF.minus(Duration.ofDays(400))))
            .draftOrder(new Medication("draft-" + id.getProperty("mrn"), List.of(), "empagliflozin for "
                + id.getProperty("name"), null, MedicationStatus.DRAFT, ReasonerFixtures.AS_OF))
            .allergy(new Allergy(id.getProperty("uuid"), List.of(new Code(Code.SNOMED, "91936005",
                "Allergy to penicillin (reported by " + id.getProperty("email") + ")")), blob, true, true))
            .finding(new Finding(new Code(Code.SNOMED, "267036007", "Dyspnea"), true, id.getProperty("name")))
            .finding(new Finding(new Code(Code.TEXT, id.getProperty("address"), null), false, null))
            .build();
    }

    private static List<Candidate> riddledCandidates(Properties id) {
        Evidence egfr = new Evidence(id.getProperty("evidenceId"), Code.loinc("33914-3"),
            "eGFR below 30 (" + id.getProperty("observationId") + ", " + id.getProperty("visitDate") + ")", 0.8);
        Evidence free = new Evidence("ev-" + id.getProperty("uuid"), new Code(Code.TEXT, id.getProperty("name"), null),
            null, 0.2);
        return List.of(new Candidate(Code.snomed("127013003"), "Diabetic kidney disease", 0.7, 2,
            List.of(egfr, free), List.of(new Evidence("ev-" + id.getProperty("mrn"), Code.loinc("14959-1"),
                "UACR above 30 mg/g, call " + id.getProperty("phone"), 0.5))));
    }

    @Test
    void should_leave_no_direct_identifier_in_the_prompt_when_every_field_is_riddled_with_them() throws IOException {
        // given
        Properties ids = identifiers();
        ChatModelSource source = new ChatModelSource(new dev.langchain4j.model.chat.ChatModel() { },
            "test-model", ReasonerConfig.builder().build());

        // when
        CaseRenderer.RenderedCase rendered = new CaseRenderer().render(riddledFacts(ids), riddledCandidates(ids));
        String prompt = source.prompt(rendered);

        // then
        for (String identifier : forbidden(ids)) {
            assertThat(prompt).as("identifier %s", identifier)
                .doesNotContainPattern("(?i)(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(identifier)
                    + "(?![A-Za-z0-9])");
        }
        assertThat(prompt).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}").doesNotContain("1931").doesNotContain("2025");
        // and the clinical content is still there
        assertThat(prompt)
            .contains("Patient: age 90+, female, weight 61 kg")
            .contains("Type 2 diabetes mellitus (SNOMED CT 44054006), onset about 27 years ago")
            .contains("eGFR: 25 mL/min/1.73m2, 30 days ago")
            .contains("(free-text result withheld)")
            .contains("metformin 500 MG Extended Release Oral Tablet (RxNorm 860975): 500 mg twice daily, oral")
            .contains(CaseRenderer.WITHHELD)
            .contains("present: Dyspnea (SNOMED CT 267036007)")
            .contains("[E1] eGFR below 30")
            .contains("chosen only from: E1, E2, E3");
    }

    @Test
    void should_bucket_age_when_patient_is_older_than_89() {
        assertThat(CaseRenderer.age(89)).isEqualTo("age 89");
        assertThat(CaseRenderer.age(90)).isEqualTo("age 90+");
        assertThat(CaseRenderer.age(117)).isEqualTo("age 90+");
        assertThat(CaseRenderer.age(null)).isEqualTo("age unknown");
    }

    @Test
    void should_make_dates_relative_when_rendering_times() {
        java.time.Instant now = ReasonerFixtures.AS_OF;
        assertThat(CaseRenderer.relative(now.minusSeconds(3600), now)).isEqualTo("today");
        assertThat(CaseRenderer.relative(now.minus(Duration.ofDays(1)), now)).isEqualTo("1 day ago");
        assertThat(CaseRenderer.relative(now.minus(Duration.ofDays(30)), now)).isEqualTo("30 days ago");
        assertThat(CaseRenderer.relative(now.minus(Duration.ofDays(400)), now)).isEqualTo("about 13 months ago");
        assertThat(CaseRenderer.relative(now.minus(Duration.ofDays(3650)), now)).isEqualTo("about 10 years ago");
        assertThat(CaseRenderer.relative(now.plus(Duration.ofDays(2)), now)).isEqualTo("in 2 days");
        assertThat(CaseRenderer.relative(null, now)).isEqualTo("date unknown");
    }

    @Test
    void should_render_the_case_and_candidates_when_facts_are_ordinary() {
        // when
        CaseRenderer.RenderedCase r = new CaseRenderer().render(ReasonerFixtures.dkdPatient(),
            ReasonerFixtures.candidates());

        // then
        assertThat(r.caseText()).contains("Patient: age 67, female, weight 72.5 kg")
            .contains("- eGFR: 25 mL/min/1.73m2, 30 days ago")
            .contains("- HbA1c: 8.1 %, about 3 months ago")
            .doesNotContain("Patient/example-1").doesNotContain("obs-egfr").doesNotContain("med-1");
        assertThat(r.candidatesText())
            .contains("1. Diabetic kidney disease (SNOMED CT 127013003) - score 0.72, severity 2 of 5")
            .contains("[E1] eGFR below 30 mL/min/1.73m2 (LOINC 33914-3); [E2] type 2 diabetes (SNOMED CT 44054006)")
            .contains("[E3] urine albumin/creatinine ratio above 30 mg/g")
            .contains("2. Hypertensive kidney disease")
            .contains("[E4] essential hypertension (SNOMED CT 59621000); [E1] eGFR below 30");
        assertThat(r.evidenceIdsText()).isEqualTo("E1, E2, E3, E4");
        assertThat(r.aliases().resolve("[e4]")).contains("ev-htn");
    }
}
