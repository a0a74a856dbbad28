package org.dxguard.rules.veto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.Observation;
import org.junit.jupiter.api.Test;

class ResultKindsTest {
    private static final String CSV = """
        kind,type,loinc,unit,units,low,high,names_en,names_zh
        GLUCOSE,lab,2339-0,mg/dl,mmol/l=18.016,70,140,glucose|blood sugar|sugar,血糖|葡萄糖
        POTASSIUM,lab,2823-3,mmol/l,,3.5,5.1,potassium|K+,血钾
        """;

    @Test
    void should_find_kind_by_loinc_before_display_when_code_is_listed() {
        // given
        ResultKinds kinds = ResultKinds.parse(CSV);
        // when
        Set<String> found = kinds.kindsOf(observation(new Code(Code.LOINC, "2823-3", "Glucose")));
        // then: the LOINC code decides, the display is not read
        assertThat(found).containsExactly("POTASSIUM");
    }

    @Test
    void should_find_kind_by_whole_word_of_display_when_code_is_not_listed() {
        // given
        ResultKinds kinds = ResultKinds.parse(CSV);
        // when / then
        assertThat(kinds.kindsOf(observation(new Code("urn:local", "x1", "Fasting blood sugar (lab)"))))
            .containsExactly("GLUCOSE");
        assertThat(kinds.kindsOf(observation(new Code("urn:local", "x2", "Serum potassium, level")))).containsExactly("POTASSIUM");
        assertThat(kinds.kindsOf(observation(new Code("urn:local", "x3", "Sugarcane exposure")))).isEmpty();
        assertThat(kinds.kindsOf(observation(new Code("urn:local", "x4", "Hyperglucosemia index")))).isEmpty();
        assertThat(kinds.kindsOf(observation(new Code("urn:local", "x5", null)))).isEmpty();
    }

    @Test
    void should_find_chinese_name_inside_display_when_display_is_chinese() {
        // given
        ResultKinds kinds = ResultKinds.parse(CSV);
        // when
        Set<String> found = kinds.kindsOf(observation(new Code("urn:local", "x6", "空腹血糖测定")));
        // then: Han text has no word boundaries, a name matches as a substring
        assertThat(found).containsExactly("GLUCOSE");
    }

    @Test
    void should_match_as_the_per_name_regex_did_when_names_are_compiled_once() throws IOException {
        // given: the packaged table and displays of every shape (the oracle is the regex each call compiled before
        // issue 21: a Han name as a substring, any other between characters that are neither letters nor digits)
        String csv;
        try (InputStream in = ResultKinds.class.getResourceAsStream("/org/dxguard/rules/veto/reference/result-kinds.csv")) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ResultKinds kinds = ResultKinds.parse(csv);
        List<String> displays = List.of("Glucose [Mass/volume] in Blood", "Hemoglobin A1c/Hemoglobin.total in Blood",
            "Body temperature", "Heart rate", "Respiratory rate", "Oxygen saturation in Arterial blood",
            "Systolic blood pressure", "Diastolic blood pressure", "Creatinine [Mass/volume] in Serum or Plasma",
            "Potassium [Moles/volume] in Serum or Plasma", "Estimated glomerular filtration rate", "Pain severity",
            "Tobacco smoking status", "Body mass index (BMI) [Ratio]", "Leukocytes [#/volume] in Blood",
            "Chest X-ray", "CT of chest", "TSH", "eGFR (CKD-EPI)", "HbA1c%", "temp.", "血糖（空腹）", "糖化血红蛋白",
            "体温", "Sugar-free", "x-ray of the hand", "Urine albumin/creatinine ratio", "(HR)", "HR\nrest", "");
        for (String display : displays) {
            // when
            Set<String> found = kinds.kindsOf(observation(new Code("urn:local", "x", display)));
            // then
            assertThat(found).as(display).isEqualTo(oracle(csv, display));
        }
    }

    private static Set<String> oracle(String csv, String display) {
        Set<String> out = new LinkedHashSet<>();
        String d = " " + display.toLowerCase(Locale.ROOT) + " ";
        ResultKinds kinds = ResultKinds.parse(csv);
        for (String line : csv.lines().toList()) {
            if (line.startsWith("#") || line.startsWith("kind,") || line.isBlank()) {
                continue;
            }
            ResultKinds.Kind k = kinds.kind(line.substring(0, line.indexOf(',')));
            for (String n : k.names()) {
                if (n.matches(".*\\p{IsHan}.*") ? d.contains(n) : d.matches("(?s).*[^\\p{L}\\p{N}]"
                    + java.util.regex.Pattern.quote(n) + "[^\\p{L}\\p{N}].*")) {
                    out.add(k.id());
                }
            }
        }
        return out;
    }

    private static Observation observation(Code code) {
        return new Observation("o1", List.of(code), 5.0, "mmol/L", null, null, Instant.parse("2026-12-01T00:00:00Z"));
    }
}
