package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScrubberTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "seen 2024-03-05 for review | seen [date] for review",
        "born 14/02/1931 | born [date]",
        "on 3 March 2021 | on [date]",
        "call +1 (617) 555-0142 | call [redacted]",
        "ssn 078-05-1120 | [redacted]",
        "mail jo@example.org now | mail [redacted] now",
        "see https://ehr.example.org/p/1 | see [redacted]",
        "ref Patient/abc | ref [redacted]",
        "MRN: 00482913 | [redacted]",
        "id 9f1c2e7a-5b3d-4c8e-a1f0-6d2b7e9c4a10 | id [redacted]"})
    void should_replace_identifier_shapes_when_text_contains_them(String input, String expected) {
        assertThat(Scrubber.scrub(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "eGFR below 30 mL/min/1.73m2",
        "HbA1c 6.5 - 7.0 %",
        "urine albumin/creatinine ratio above 30 mg/g",
        "Type 2 diabetes mellitus",
        "eGFR 15-29",
        "IU/L"})
    void should_keep_clinical_text_when_it_has_no_identifier_shape(String input) {
        assertThat(Scrubber.scrub(input)).isEqualTo(input);
        assertThat(Scrubber.isClean(input)).isTrue();
    }
}
