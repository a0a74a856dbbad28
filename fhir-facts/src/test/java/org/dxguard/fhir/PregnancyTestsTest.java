package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.dxguard.model.PregnancyStatus;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;

/** Qualitative pregnancy tests (hCG, guidelines/terminology/pregnancy-tests.csv) decide "pregnant" (issue 15). */
class PregnancyTestsTest {
    private static final Instant AS_OF = Fixtures.AS_OF;
    private static final CodeableConcept POSITIVE =
        new CodeableConcept(new Coding("http://snomed.info/sct", "10828004", "Positive"));
    private static final CodeableConcept NEGATIVE =
        new CodeableConcept(new Coding("http://loinc.org", "LA6577-6", "Negative"));

    private static Observation test(String id, String loinc, Type value, Integer daysAgo) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        o.setValue(value);
        if (daysAgo != null) {
            o.setEffective(new DateTimeType(Date.from(AS_OF.minus(Duration.ofDays(daysAgo)))));
        }
        return o;
    }

    private static FhirFacts.Mapped map(IBaseResource... resources) {
        return Fixtures.FHIR.map(List.of(resources), List.of(), AS_OF);
    }

    @Test
    void should_be_pregnant_when_a_urine_hcg_test_was_positive_10_days_ago() {
        // when
        FhirFacts.Mapped m = map(test("hcg-1", "2106-3", POSITIVE, 10));
        // then
        assertThat(m.facts().pregnancy()).isEqualTo(PregnancyStatus.PREGNANT);
        assertThat(m.notes()).isEmpty();
    }

    @Test
    void should_be_not_pregnant_when_a_negative_test_is_more_recent_than_the_positive_one_or_the_condition() {
        // given a positive serum test 60 days ago, an active pregnancy condition 50 days ago, a negative test 5 days ago
        Condition pregnancy = new Condition();
        pregnancy.setId("cond-preg");
        pregnancy.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "77386006", "Pregnancy")));
        pregnancy.setOnset(new DateTimeType(Date.from(AS_OF.minus(Duration.ofDays(50)))));
        // when
        FhirFacts.Mapped ended = map(test("hcg-1", "2118-8", POSITIVE, 60), pregnancy,
            test("hcg-2", "80384-1", NEGATIVE, 5));
        FhirFacts.Mapped before = map(test("hcg-1", "2118-8", POSITIVE, 60), test("hcg-2", "80384-1", NEGATIVE, 70));
        // then
        assertThat(ended.facts().pregnancy()).isEqualTo(PregnancyStatus.NOT_PREGNANT);
        assertThat(before.facts().pregnancy()).as("the negative test came before the positive one")
            .isEqualTo(PregnancyStatus.PREGNANT);
    }

    @Test
    void should_count_a_positive_test_for_300_days_and_not_one_day_more() {
        // when / then
        assertThat(map(test("hcg-1", "2110-5", POSITIVE, 300)).facts().pregnancy()).isEqualTo(PregnancyStatus.PREGNANT);
        assertThat(map(test("hcg-1", "2110-5", POSITIVE, 301)).facts().pregnancy()).isEqualTo(PregnancyStatus.UNKNOWN);
    }

    @Test
    void should_read_result_words_in_english_and_chinese_when_the_result_is_text() {
        // when / then
        assertThat(map(test("hcg-1", "2112-1", new StringType("阳性"), 3)).facts().pregnancy())
            .isEqualTo(PregnancyStatus.PREGNANT);
        assertThat(map(test("hcg-1", "2112-1", new StringType(" Negative "), 3)).facts().pregnancy())
            .isEqualTo(PregnancyStatus.NOT_PREGNANT);
    }

    @Test
    void should_not_guess_and_note_it_when_a_result_is_neither_positive_nor_negative_or_undated() {
        // given a weakly positive text, a number on a qualitative test, and an undated positive test
        List<IBaseResource> record = new ArrayList<>(List.of(
            test("hcg-weak", "2106-3", new StringType("weakly positive"), 2),
            test("hcg-number", "80385-8", new Quantity().setValue(25).setUnit("m[IU]/mL"), 2),
            test("hcg-undated", "2106-3", POSITIVE, null)));
        // when
        FhirFacts.Mapped m = Fixtures.FHIR.map(record, List.of(), AS_OF);
        // then the pregnancy stays unknown, and each result is named in a note
        assertThat(m.facts().pregnancy()).isEqualTo(PregnancyStatus.UNKNOWN);
        assertThat(m.notes()).containsExactly(
            "UNUSABLE_VALUE Observation/hcg-weak: pregnancy test (LOINC 2106-3) result 'weakly positive' is not read as "
                + "positive or negative: not used to decide pregnancy",
            "UNUSABLE_VALUE Observation/hcg-number: pregnancy test (LOINC 80385-8) result '25.0 m[IU]/mL' is not read "
                + "as positive or negative: not used to decide pregnancy",
            "UNUSABLE_VALUE Observation/hcg-undated: pregnancy test (LOINC 2106-3) has no date: not used to decide "
                + "pregnancy");
    }

    @Test
    void should_read_the_terminology_given_at_each_call_when_an_author_changes_the_value_sets() {
        // given a mapper over the terminology that is loaded now (as the service's, which follows reloads)
        String header = "loinc,display,source\n";
        String conditions = "system,code,tag,display\nSNOMED,77386006,PREGNANCY,Pregnancy\n";
        java.util.concurrent.atomic.AtomicReference<org.dxguard.rules.Terminology> loaded =
            new java.util.concurrent.atomic.AtomicReference<>(org.dxguard.rules.Terminology.parse(java.util.Map.of(
                "pregnancy-tests.csv", header + "2106-3,Choriogonadotropin [Presence] in Urine,test\n",
                "conditions.csv", conditions)));
        FhirFacts fhir = FhirFacts.create(loaded::get);
        Condition pregnancy = new Condition();
        pregnancy.setId("cond-preg");
        pregnancy.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "77386006", "Pregnancy")));
        List<IBaseResource> record = List.of(test("hcg-1", "2106-3", POSITIVE, 10));
        assertThat(fhir.map(record, List.of(), AS_OF).facts().pregnancy()).isEqualTo(PregnancyStatus.PREGNANT);
        assertThat(fhir.map(List.of(pregnancy), List.of(), AS_OF).facts().pregnancy())
            .isEqualTo(PregnancyStatus.PREGNANT);

        // when the author removes the test and the pregnancy code, and the guidelines are reloaded
        loaded.set(org.dxguard.rules.Terminology.parse(java.util.Map.of("pregnancy-tests.csv", header,
            "conditions.csv", "system,code,tag,display\n")));

        // then the next mapping reads neither as pregnancy evidence
        assertThat(fhir.map(record, List.of(), AS_OF).facts().pregnancy()).isEqualTo(PregnancyStatus.UNKNOWN);
        assertThat(fhir.map(List.of(pregnancy), List.of(), AS_OF).facts().pregnancy())
            .isEqualTo(PregnancyStatus.UNKNOWN);
    }

    @Test
    void should_list_only_well_formed_loinc_codes_when_the_value_set_is_read() {
        // when
        var codes = FhirFacts.pregnancyTestCodesRead();
        // then every code has a valid LOINC mod-10 check digit
        assertThat(codes).contains("2106-3", "2118-8").hasSize(6);
        assertThat(codes).allSatisfy(c -> assertThat(luhn(c.replace("-", ""))).as(c).isTrue());
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
