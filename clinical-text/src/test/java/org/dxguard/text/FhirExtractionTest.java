package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.dxguard.model.DxGuardException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class FhirExtractionTest {
    private static final ClinicalText TEXT = ClinicalText.withPackagedLexicon();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static Bundle bundle(Extraction e) {
        return FHIR.newJsonParser().parseResource(Bundle.class, e.bundleJson());
    }

    private static <T extends Resource> List<T> all(Bundle b, Class<T> type) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
            .map(type::cast).toList();
    }

    private static boolean codes(CodeableConcept c, String code) {
        return c.getCoding().stream().anyMatch(x -> code.equals(x.getCode()));
    }

    @Test
    void should_write_a_valid_r4_bundle_when_an_english_note_is_extracted() {
        // given
        String note = Fixtures.text("notes/en-hpi.txt");

        // when
        Extraction e = TEXT.extract(new ExtractRequest(note, Language.EN, "p-1", LocalDate.of(2026, 12, 1)));
        Bundle b = bundle(e);

        // then: HAPI's instance validator finds no error, and the bundle parses back to the same JSON
        assertThat(FhirValidation.errors(e.bundleJson())).isEmpty();
        Bundle again = FHIR.newJsonParser().parseResource(Bundle.class, FHIR.newJsonParser().encodeResourceToString(b));
        assertThat(again.equalsDeep(b)).isTrue();
        assertThat(b.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        List<Condition> conditions = all(b, Condition.class);
        assertThat(conditions).anySatisfy(c -> {
            assertThat(codes(c.getCode(), "44054006")).isTrue(); // type 2 diabetes, history
            assertThat(c.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("confirmed");
        });
        assertThat(conditions).anySatisfy(c -> {
            assertThat(codes(c.getCode(), "59282003")).isTrue(); // "rule out pulmonary embolism"
            assertThat(c.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("provisional");
        });
        assertThat(conditions).noneMatch(c -> codes(c.getCode(), "195967001")); // the mother's asthma
        List<Observation> obs = all(b, Observation.class);
        assertThat(obs).anySatisfy(o -> {
            assertThat(codes(o.getCode(), "29857009")).isTrue(); // "Denies chest pain"
            assertThat(o.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("2667000");
        });
        assertThat(obs).anySatisfy(o -> {
            assertThat(codes(o.getCode(), "49727002")).isTrue(); // cough for three weeks, present since 2026-11-10
            assertThat(o.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("52101004");
            assertThat(o.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-10");
        });
        assertThat(obs).anySatisfy(o -> {
            assertThat(codes(o.getCode(), "85354-9")).isTrue();
            assertThat(o.getComponent()).extracting(c -> c.getValueQuantity().getValue().intValue())
                .containsExactly(150, 90);
        });
        assertThat(obs).anySatisfy(o -> {
            assertThat(codes(o.getCode(), "8310-5")).isTrue();
            assertThat(o.getValueQuantity().getValue().doubleValue()).isEqualTo(38.6);
            assertThat(o.getValueQuantity().getCode()).isEqualTo("Cel");
        });
        List<MedicationStatement> meds = all(b, MedicationStatement.class);
        assertThat(meds).anySatisfy(m -> {
            assertThat(codes(m.getMedicationCodeableConcept(), "6809")).isTrue(); // metformin 500 mg PO BID
            assertThat(m.getStatus()).isEqualTo(MedicationStatement.MedicationStatementStatus.ACTIVE);
            assertThat(m.getDosageFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getValue().intValue())
                .isEqualTo(500);
            assertThat(m.getDosageFirstRep().getTiming().getCode().getCodingFirstRep().getCode()).isEqualTo("BID");
            assertThat(m.getDosageFirstRep().getRoute().getText()).isEqualTo("PO");
        });
        assertThat(meds).anySatisfy(m -> {
            assertThat(codes(m.getMedicationCodeableConcept(), "11289")).isTrue(); // "not taking warfarin"
            assertThat(m.getStatus()).isEqualTo(MedicationStatement.MedicationStatementStatus.NOTTAKEN);
        });
        assertThat(e.conditions()).isEqualTo(conditions.size());
    }

    @Test
    void should_write_a_valid_r4_bundle_with_the_source_span_when_a_chinese_note_is_extracted() {
        // given
        String note = Fixtures.text("notes/zh-hpi.txt");

        // when
        Extraction e = TEXT.extract(new ExtractRequest(note, null, null, null));
        Bundle b = bundle(e);

        // then
        assertThat(FhirValidation.errors(e.bundleJson())).isEmpty();
        assertThat(e.analysis().language()).isEqualTo(Language.ZH);
        Observation chestPain = all(b, Observation.class).stream().filter(o -> codes(o.getCode(), "29857009"))
            .findFirst().orElseThrow();
        assertThat(chestPain.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("2667000"); // 无胸痛
        Extension span = chestPain.getExtensionByUrl("https://dxguard.org/fhir/StructureDefinition/source-span");
        int start = Integer.parseInt(span.getExtensionString("start"));
        int end = Integer.parseInt(span.getExtensionString("end"));
        assertThat(note.substring(start, end)).isEqualTo("胸痛");
        assertThat(span.getExtensionString("negation")).isEqualTo("NEGATED");
        assertThat(chestPain.getNoteFirstRep().getText()).contains("胸痛");
        Condition hypertension = all(b, Condition.class).stream().filter(c -> codes(c.getCode(), "59621000"))
            .findFirst().orElseThrow();
        assertThat(hypertension.getOnsetStringType().getValue()).contains("10年");
        assertThat(hypertension.getSubject().getDisplay()).isEqualTo("病历所述患者");
        MedicationStatement metformin = all(b, MedicationStatement.class).stream()
            .filter(m -> codes(m.getMedicationCodeableConcept(), "6809")).findFirst().orElseThrow();
        assertThat(metformin.getDosageFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getValue().doubleValue())
            .isEqualTo(0.5);
        assertThat(metformin.getDosageFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getCode()).isEqualTo("g");
        assertThat(metformin.getDosageFirstRep().getTiming().getRepeat().getFrequency()).isEqualTo(2);
    }

    @Test
    void should_refute_a_condition_when_the_note_negates_it() {
        // when
        Extraction e = TEXT.extract(ExtractRequest.of("Assessment: no evidence of pneumonia."));

        // then
        Condition c = all(bundle(e), Condition.class).get(0);
        assertThat(c.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("refuted");
        assertThat(c.hasClinicalStatus()).isFalse();
        assertThat(FhirValidation.errors(e.bundleJson())).isEmpty();
    }

    @Test
    void should_reject_empty_binary_and_oversized_text_with_a_coded_error() {
        // given
        byte[] binary = {0x25, 0x50, 0x44, 0x46, 0x00, (byte) 0xff, (byte) 0xfe, 0x01, 0x02};
        String big = "cough ".repeat(180_000);

        // when / then
        assertThatThrownBy(() -> TEXT.extract(ExtractRequest.of("  \n ")))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0800");
        assertThatThrownBy(() -> ClinicalText.decode(binary))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0801");
        assertThatThrownBy(() -> TEXT.extract(ExtractRequest.of("fever\u0000\u0000")))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0801");
        assertThatThrownBy(() -> TEXT.extract(ExtractRequest.of(big)))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0802");
        assertThatThrownBy(() -> ClinicalText.decode(big.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0802");
    }
}
