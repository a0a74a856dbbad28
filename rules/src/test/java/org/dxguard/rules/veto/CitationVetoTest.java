package org.dxguard.rules.veto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Severity;
import org.dxguard.model.Veto;
import org.dxguard.rules.CompiledRuleSet;
import org.dxguard.rules.RuleSetCompiler;
import org.dxguard.rules.RuleSetDefinition;
import org.dxguard.rules.Terminology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * VETO-GRD-004 (a citation attached to text that names another finding of the case) and VETO-GRD-005 (a key finding
 * not reported for the patient cited as support) over the real veto rule base.
 * The case is {@code veto/citation-case.csv}; the sentences and their verdicts {@code veto/citation-sentences.csv}.
 */
class CitationVetoTest {
    private static VetoEngine veto;
    private static List<Candidate> candidates;

    @BeforeAll
    static void setUp() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : Terminology.FILES) {
            files.put(f, java.nio.file.Files.readString(VetoEngineTest.guidelines().resolve("terminology").resolve(f)));
        }
        Terminology t = Terminology.parse(files);
        CompiledRuleSet rules = RuleSetCompiler.compile(RuleSetDefinition.builder().terminology(t)
            .versionLabel("none@1").build());
        veto = VetoEngine.create(rules, t);
        candidates = caseFixture();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = CitationVetoTest.class.getResourceAsStream("/veto/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Candidate> caseFixture() throws IOException {
        Map<String, List<Evidence>> supporting = new LinkedHashMap<>();
        Map<String, List<Evidence>> missing = new LinkedHashMap<>();
        for (Terminology.Row r : Terminology.readCsv("citation-case.csv", fixture("citation-case.csv"),
            "candidate", "list", "id", "label", "code")) {
            Evidence e = new Evidence(r.req("id"), new Code("urn:dxguard:synthea", r.req("code"), r.req("label")),
                r.req("label"), 0.5);
            supporting.computeIfAbsent(r.req("candidate"), k -> new ArrayList<>());
            missing.computeIfAbsent(r.req("candidate"), k -> new ArrayList<>());
            (r.req("list").equals("missing") ? missing : supporting).get(r.req("candidate")).add(e);
        }
        List<Candidate> out = new ArrayList<>();
        supporting.forEach((name, s) -> out.add(new Candidate(new Code("urn:dxguard:synthea", name, name), name, 0.5, 2,
            s, missing.get(name))));
        return out;
    }

    static Stream<Arguments> sentences() throws IOException {
        return Terminology.readCsv("citation-sentences.csv", fixture("citation-sentences.csv"), "cited", "sentence")
            .stream().map(r -> Arguments.of(r.opt("vetoedBy"), r.req("cited"), r.req("sentence"), r.opt("why")));
    }

    private static Claim cites(String claimId, String id, String sentence) {
        return new Claim(claimId, Claim.Kind.EVIDENCE, "candidates[0].rationale#s0", sentence, id, null, false, null,
            null, null);
    }

    private static PatientFacts.Builder patient() {
        return PatientFacts.builder().asOf(Instant.parse("2025-06-01T12:00:00Z")).ageYears(40);
    }

    private static VetoResult review(Claim... claims) {
        return veto.review(patient().build(), candidates, List.of(claims));
    }

    @ParameterizedTest(name = "[{index}] {3}: {2} cites {1} -> [{0}]")
    @MethodSource("sentences")
    void should_reach_the_fixture_verdict_when_a_sentence_cites_evidence(String vetoedBy, String cited, String sentence,
                                                                         String why) {
        // given one sentence citing one id of the case
        Claim claim = cites("c1", cited, sentence);
        // when
        VetoResult r = review(claim);
        // then exactly the expected rules reject it
        assertThat(r.vetoingRules()).as(why).containsExactlyInAnyOrderElementsOf(
            vetoedBy.isBlank() ? List.of() : List.of(vetoedBy.split("\\s+")));
    }

    @Test
    void should_veto_with_VETO_GRD_004_as_critical_when_chills_cites_the_missing_arthralgia() {
        // given the live card: the patient's Chills paired with the id of Arthralgia, a finding the patient lacks
        Claim claim = cites("c1", "ev:arthralgia", "COVID-19 is likely: Chills [ev:arthralgia].");
        // when
        VetoResult r = review(claim);
        // then VETO-GRD-004 rejects it, names both findings and the text, as a critical veto of the dxguard-veto rules
        assertThat(r.allAllowed()).isFalse();
        Veto v = r.vetoes().get(0);
        assertThat(r.vetoes()).hasSize(1);
        assertThat(v.ruleId()).isEqualTo("VETO-GRD-004");
        assertThat(v.ruleVersion()).isEqualTo("1.0.0");
        assertThat(v.guidelineId()).isEqualTo(VetoEngine.GUIDELINE_ID);
        assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(v.citation()).contains("stand for the finding");
        assertThat(v.reason()).contains("ev:arthralgia", "Arthralgia", "'Chills'", "\"Chills\"");
    }

    @Test
    void should_veto_only_the_mismatched_citation_when_one_clause_cites_several_findings() {
        // given one clause citing three ids, one of which stands for a finding the clause does not name
        String s = "Fever and cough [ev:fever][ev:joint-pain][ev:cough] support COVID-19.";
        // when
        VetoResult r = review(cites("c1", "ev:fever", s), cites("c2", "ev:joint-pain", s), cites("c3", "ev:cough", s));
        // then only the joint-pain citation is vetoed (joint pain is present, so VETO-GRD-005 has nothing to say)
        assertThat(r.verdicts()).extracting(v -> v.allowed()).containsExactly(true, false, true);
        assertThat(r.vetoingRules()).containsExactly("VETO-GRD-004");
    }

    @Test
    void should_not_veto_when_the_citation_is_a_structured_field_without_text() {
        // given citedEvidenceIds entries: the span is the bare id, so no text is attached
        Claim structured = new Claim("c1", Claim.Kind.EVIDENCE, "candidates[0].citedEvidenceIds[0]", "ev:arthralgia",
            "ev:arthralgia", null, false, null, null, null);
        // when
        VetoResult r = review(structured);
        // then
        assertThat(r.allAllowed()).isTrue();
    }

    @Test
    void should_list_VETO_GRD_004_and_005_with_their_metadata_when_the_rule_base_is_compiled() {
        // when
        List<String> ids = veto.vetoRuleIds();
        // then the rule is part of the packaged veto rule base (compilation checks @ruleId, @version and the CSV row)
        assertThat(ids).contains("VETO-GRD-001", "VETO-GRD-004", "VETO-GRD-005");
    }

    @Test
    void should_veto_with_VETO_GRD_004_when_the_text_names_a_finding_of_the_record_that_no_candidate_cites() {
        // given a present headache in the patient's record, evidence of no candidate
        PatientFacts facts = patient().finding(Finding.present(new Code("urn:dxguard:synthea", "headache", "Headache")))
            .build();
        // when
        VetoResult r = veto.review(facts, candidates, List.of(cites("c1", "ev:fever", "Headache [ev:fever]")));
        // then
        assertThat(r.vetoingRules()).containsExactly("VETO-GRD-004");
        assertThat(r.vetoes().get(0).reason()).contains("'Headache'");
    }

    @Test
    void should_not_veto_with_VETO_GRD_005_when_the_record_has_the_missing_finding_present() {
        // given arthralgia is missing evidence of COVID-19, but the record says the patient has it
        PatientFacts facts = patient().finding(Finding.present(new Code("urn:dxguard:synthea", "arthralgia",
            "Arthralgia"))).build();
        Claim claim = cites("c1", "ev:arthralgia", "Arthralgia [ev:arthralgia] supports COVID-19.");
        // when
        VetoResult withRecord = veto.review(facts, candidates, List.of(claim));
        VetoResult without = review(claim);
        // then
        assertThat(withRecord.allAllowed()).isTrue();
        assertThat(without.vetoingRules()).containsExactly("VETO-GRD-005");
    }

    @Test
    void should_not_veto_with_VETO_GRD_005_when_the_missing_finding_is_cited_in_a_would_confirm_item() {
        // given the same words as a wouldConfirm item (what would confirm the candidate) and as a rationale sentence
        String s = "Arthralgia [ev:arthralgia] supports it.";
        Claim item = new Claim("c1", Claim.Kind.EVIDENCE, "candidates[0].wouldConfirm[0]#s0", s, "ev:arthralgia", null,
            false, null, null, null);
        Claim rationale = cites("c2", "ev:arthralgia", s);
        // when
        VetoResult r = review(item, rationale);
        // then only the rationale sentence is vetoed
        assertThat(r.verdicts()).extracting(v -> v.allowed()).containsExactly(true, false);
        assertThat(r.vetoes()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("VETO-GRD-005");
            assertThat(v.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(v.reason()).contains("ev:arthralgia", "not reported for this patient");
        });
    }
}
