package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ConText cases in English and Chinese: sentence | phrase | negation | temporality | experiencer. */
class ContextTest {
    private static final ClinicalText TEXT = ClinicalText.withPackagedLexicon();

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
        "Extremities reveal no peripheral cyanosis or edema.|edema|NEGATED|RECENT|PATIENT",
        "Patient denies fever, chills, night sweats or weight loss.|weight loss|NEGATED|RECENT|PATIENT",
        "Fever ruled out.|fever|NEGATED|RECENT|PATIENT",
        "No increase in the effusion.|effusion|AFFIRMED|RECENT|PATIENT",
        "Gram negative rods grew.|rods|AFFIRMED|RECENT|PATIENT",
        "Denies fever but reports a dry cough.|dry cough|AFFIRMED|RECENT|PATIENT",
        "Possible pneumonia in the right lower lobe.|pneumonia|POSSIBLE|RECENT|PATIENT",
        "Cannot rule out pulmonary embolism.|pulmonary embolism|POSSIBLE|RECENT|PATIENT",
        "History of DVT, on warfarin.|DVT|AFFIRMED|HISTORICAL|PATIENT",
        "She presents with a two-day history of fever.|fever|AFFIRMED|RECENT|PATIENT",
        "Return to the ED if he develops chest pain.|chest pain|AFFIRMED|HYPOTHETICAL|PATIENT",
        "Mother with breast cancer.|breast cancer|AFFIRMED|HISTORICAL|OTHER",
        "PAST MEDICAL HISTORY: hypertension and gout.|gout|AFFIRMED|HISTORICAL|PATIENT",
        "Former smoker, quit in 1998.|smoker|NEGATED|HISTORICAL|PATIENT",
        "The abdomen is non-tender.|tender|NEGATED|RECENT|PATIENT",
        "3天前无明显诱因出现发热。|发热|AFFIRMED|RECENT|PATIENT",
        "无发热、咳嗽、咳痰。|咳痰|NEGATED|RECENT|PATIENT",
        "咳嗽，不伴发热。|发热|NEGATED|RECENT|PATIENT",
        "咳嗽，不伴发热。|咳嗽|AFFIRMED|RECENT|PATIENT",
        "否认高血压、糖尿病病史。|糖尿病|NEGATED|HISTORICAL|PATIENT",
        "病理征(-)。|病理征|NEGATED|RECENT|PATIENT",
        "考虑社区获得性肺炎。|肺炎|POSSIBLE|RECENT|PATIENT",
        "肺栓塞待排。|肺栓塞|POSSIBLE|RECENT|PATIENT",
        "既往曾患肺结核。|肺结核|AFFIRMED|HISTORICAL|PATIENT",
        "母亲患有高血压。|高血压|AFFIRMED|HISTORICAL|OTHER",
        "如出现胸痛，随时就诊。|胸痛|AFFIRMED|HYPOTHETICAL|PATIENT",
        "无发热，咳嗽3天。|咳嗽|AFFIRMED|RECENT|PATIENT"})
    void should_classify_the_phrase_when_cues_surround_it(String sentence, String phrase, Negation negation,
                                                          Temporality temporality, Experiencer experiencer) {
        // when
        Context c = TEXT.context(sentence, phrase);

        // then
        assertThat(c.found()).isTrue();
        assertThat(c.negation()).as("negation, cues %s", c.cues()).isEqualTo(negation);
        assertThat(c.temporality()).as("temporality, cues %s", c.cues()).isEqualTo(temporality);
        assertThat(c.experiencer()).as("experiencer, cues %s", c.cues()).isEqualTo(experiencer);
    }
}
