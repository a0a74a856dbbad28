package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dialysis and kidney transplants coded in CPT, HCPCS and ICD-10-PCS (guidelines/terminology/dialysis-procedures.csv). */
class DialysisValueSetTest {
    private static final Instant AS_OF = Fixtures.AS_OF;

    private static Procedure procedure(String id, String system, String code, int daysAgo) {
        Procedure p = new Procedure();
        p.setId(id);
        p.setStatus(Procedure.ProcedureStatus.COMPLETED);
        p.setCode(new CodeableConcept(new Coding(system, code, null)));
        p.setPerformed(new DateTimeType(Date.from(AS_OF.minus(Duration.ofDays(daysAgo)))));
        return p;
    }

    private static List<Condition> dialysis(IBaseResource... record) {
        return Fixtures.FHIR.toFacts(List.of(record), List.of(), AS_OF).conditions().stream()
            .filter(c -> c.hasCode(Code.SNOMED, "105502003")).toList();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "http://www.ama-assn.org/go/cpt, 90935",
        "http://www.ama-assn.org/go/cpt, 90947",
        "http://www.ama-assn.org/go/cpt, 90999",
        "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets, G0257",
        "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets, S9339",
        "http://www.cms.gov/Medicare/Coding/ICD10, 5A1D70Z",
        "http://hl7.org/fhir/sid/icd-10-pcs, 5a1d90z",
        "http://www.cms.gov/Medicare/Coding/ICD10, 5A1D00Z",
        "http://snomed.info/sct, 233580005"})
    void should_be_on_dialysis_for_30_days_when_a_dialysis_procedure_is_coded_in_any_listed_system(String system,
                                                                                                  String code) {
        // when: the session 30 days ago counts, 31 days ago not (5A1D00Z is matched by the 5A1D* prefix row)
        List<Condition> recent = dialysis(procedure("hd-1", system, code, 30));
        List<Condition> old = dialysis(procedure("hd-1", system, code, 31));
        // then
        assertThat(recent).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("Procedure/hd-1"));
        assertThat(old).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "http://www.ama-assn.org/go/cpt, 50360",
        "http://www.cms.gov/Medicare/Coding/ICD10, 0TY10Z0",
        "http://snomed.info/sct, 175902000"})
    void should_not_be_on_dialysis_when_a_kidney_transplant_follows_the_last_session(String system, String code) {
        // when: hemodialysis (CPT 90935) 10 days ago, a transplant 5 days ago
        List<Condition> conditions = dialysis(procedure("hd-1", "http://www.ama-assn.org/go/cpt", "90935", 10),
            procedure("tx-1", system, code, 5));
        // then
        assertThat(conditions).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "http://www.ama-assn.org/go/cpt, 90997",
        "http://www.ama-assn.org/go/cpt, 90935x",
        "http://snomed.info/sct, 10848006",
        "http://www.cms.gov/Medicare/Coding/ICD10, 5A1C00Z",
        "http://hl7.org/fhir/sid/icd-10-cm, 5A1D70Z"})
    void should_not_be_on_dialysis_when_the_procedure_is_not_in_the_value_set(String system, String code) {
        // when / then: hemoperfusion, a malformed code, PD catheter removal, another root operation, a wrong system
        assertThat(dialysis(procedure("p-1", system, code, 3))).isEmpty();
    }
}
