package org.dxguard.bench.synthea;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DateShiftTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_move_dates_and_date_times_only_when_a_record_is_shifted() throws Exception {
        // given
        JsonNode record = JSON.readTree("""
            {"resourceType":"Bundle","entry":[
              {"resource":{"resourceType":"Patient","id":"2026-01-01","birthDate":"1950-02-28"}},
              {"resource":{"resourceType":"Observation","effectiveDateTime":"2026-05-03T19:13:55+00:00",
                "issued":"2026-05-03T19:13:55.123Z","valueQuantity":{"value":25,"unit":"mL/min"},
                "code":{"coding":[{"code":"33914-3"}],"text":"eGFR 2026"}}}]}""");

        // when
        DateShift.shift(record, 181);

        // then
        assertThat(record.at("/entry/0/resource/id").asText()).isEqualTo("2026-01-01");
        assertThat(record.at("/entry/0/resource/birthDate").asText()).isEqualTo("1950-08-28");
        assertThat(record.at("/entry/1/resource/effectiveDateTime").asText()).isEqualTo("2026-10-31T19:13:55Z");
        assertThat(record.at("/entry/1/resource/issued").asText()).isEqualTo("2026-10-31T19:13:55.123Z");
        assertThat(record.at("/entry/1/resource/code/coding/0/code").asText()).isEqualTo("33914-3");
        assertThat(record.at("/entry/1/resource/code/text").asText()).isEqualTo("eGFR 2026");
        assertThat(record.at("/entry/1/resource/valueQuantity/value").asInt()).isEqualTo(25);
    }
}
