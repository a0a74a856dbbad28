package org.dxguard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.dxguard.model.Code;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OrderValueSetTest {
    private static final Terminology PACKAGED = TestData.terminology();
    private static final String CPT = "http://www.ama-assn.org/go/cpt";

    @ParameterizedTest
    @ValueSource(strings = {"CT Abdomen W contrast IV", "CT abdomen and pelvis with contrast", "CT Chest W contr IV",
        "CTA chest", "CT abdomen without contrast, followed by contrast", "CT Abd+Pelvis WO and W contrast IV",
        "上腹部增强CT", "胸部CT增强扫描", "冠状动脉CT血管造影", "头颅CT平扫+增强"})
    void should_find_iodinated_contrast_when_the_text_names_a_contrast_ct(String text) {
        // given: the packaged imaging.csv

        // when
        var match = PACKAGED.iodinatedContrastStudy(List.of(), text);

        // then
        assertThat(match).as(text).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CT Head WO contrast", "CT abdomen without contrast", "CT chest non-contrast",
        "头颅CT平扫", "MRI brain with and without contrast", "MR angiography head", "Ultrasound abdomen with contrast",
        "腹部增强磁共振", "Hemoglobin A1c", "contract review", "Chest X-ray"})
    void should_find_no_iodinated_contrast_when_the_study_gives_none(String text) {
        // given: the packaged imaging.csv

        // when
        var match = PACKAGED.iodinatedContrastStudy(List.of(), text);

        // then
        assertThat(match).as(text).isEmpty();
    }

    @Test
    void should_find_iodinated_contrast_when_the_cpt_code_is_listed() {
        // given
        List<Code> ct = List.of(new Code(CPT, "74177", null));
        List<Code> plain = List.of(new Code(CPT, "74176", null));

        // when / then
        assertThat(PACKAGED.iodinatedContrastStudy(ct, null)).contains("74177");
        assertThat(PACKAGED.iodinatedContrastStudy(plain, null)).isEmpty();
    }

    @Test
    void should_reject_the_table_when_a_kind_is_unknown() {
        // given
        String csv = "kind,value\nmodalities,ct\n";

        // when / then
        assertThatThrownBy(() -> Terminology.parse(Map.of("imaging.csv", csv)))
            .hasMessageContaining("DXG-0203").hasMessageContaining("imaging.csv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Laparoscopic cholecystectomy surgery", "Surgical procedure", "腹腔镜胆囊切除手术",
        "Operation: inguinal hernia repair"})
    void should_find_a_surgical_procedure_when_the_text_names_one(String text) {
        // when / then
        assertThat(PACKAGED.surgicalProcedure(List.of(), text)).as(text).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Referral to general surgery", "Surgery consult", "外科会诊", "CT abdomen with contrast"})
    void should_find_no_surgical_procedure_when_the_order_is_a_referral_or_a_study(String text) {
        // when / then
        assertThat(PACKAGED.surgicalProcedure(List.of(), text)).as(text).isEmpty();
    }

    @Test
    void should_find_a_surgical_procedure_when_the_category_code_is_surgical_procedure() {
        // given: FHIR servicerequest-category "Surgical procedure" among the codes, a text naming no surgery
        List<Code> codes = List.of(new Code(Code.SNOMED, "387713003", "Surgical procedure"));

        // when / then
        assertThat(PACKAGED.surgicalProcedure(codes, "Laparoscopic cholecystectomy")).contains("387713003");
    }
}
