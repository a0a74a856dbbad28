package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;
import org.dxguard.service.cdshooks.Card;
import org.junit.jupiter.api.Test;

/** The differential card's Markdown: every candidate on its own bold line, citations, no internal ids. */
class DifferentialCardTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String G = "urn:dxguard:synthea:symptom";
    private static final Code DYSPNEA = new Code(G, "dyspnea", "Dyspnea");
    private static final Code CHEST_PAIN = new Code(G, "chest-pain", "Chest pain");
    private static final Code RALES = new Code(G, "rales", "Rales");

    private static Evidence ev(Code c) {
        return new Evidence("ev:" + c.code(), c, c.display(), 0.8);
    }

    private static Candidate candidate(String name, double score, int severity, List<Evidence> forIt,
                                       List<Evidence> missing) {
        return new Candidate(Code.snomed("1000" + name.length()), name, score, severity, forIt, missing);
    }

    private static final List<Finding> FINDINGS = List.of(
        new Finding(DYSPNEA, true, null, new FindingSource("DocumentReference/n1", FindingSource.NOTE, NOW, "HPI", 10,
            18, "dyspnoea on exertion for 2 weeks")),
        new Finding(CHEST_PAIN, false, null, new FindingSource("DocumentReference/n1", FindingSource.NOTE, NOW, "HPI",
            40, 50, "Denies chest pain <b>[x](http://e)</b>")));

    private static String detail(List<Candidate> proposed, List<Candidate> doNotMiss, List<Candidate> known) {
        Card card = new DifferentialCard(FINDINGS, NOW).card(proposed, doNotMiss, known, "synthea-3.3.0@abc",
            "_explanation_", null);
        return card.detail();
    }

    @Test
    void should_put_every_candidate_on_its_own_bold_line_when_the_differential_is_long() {
        // given six candidates and one do-not-miss
        List<Candidate> proposed = List.of(
            candidate("Heart failure", 0.62, 2, List.of(ev(DYSPNEA)), List.of(ev(CHEST_PAIN), ev(RALES))),
            candidate("Pneumonia", 0.2, 3, List.of(ev(DYSPNEA)), List.of()),
            candidate("COPD", 0.1, 3, List.of(ev(DYSPNEA)), List.of()),
            candidate("Asthma", 0.04, 4, List.of(ev(DYSPNEA)), List.of()),
            candidate("Anaemia", 0.003, 3, List.of(ev(DYSPNEA)), List.of()),
            candidate("Lung cancer", 0.001, 2, List.of(ev(DYSPNEA)), List.of()));

        // when
        String md = detail(proposed, List.of(candidate("Pulmonary embolism", 0.07, 1, List.of(ev(DYSPNEA)),
            List.of())), List.of(candidate("Chronic kidney disease", 0.3, 3, List.of(), List.of())));

        // then: each candidate is a paragraph whose line starts with its bold name; nothing else starts so
        List<String> bold = md.lines().filter(l -> l.startsWith("**")).toList();
        assertThat(bold).extracting(l -> l.substring(2, l.indexOf("**", 2))).containsExactly("Heart failure",
            "Pneumonia", "COPD", "Asthma", "Anaemia", "Lung cancer", "Pulmonary embolism");
        Matcher m = Pattern.compile("\\n\\n\\*\\*").matcher(md);
        int paragraphs = 0;
        while (m.find()) {
            paragraphs++;
        }
        assertThat(paragraphs).isEqualTo(6); // a blank line before every candidate but the first
        assertThat(md).contains("**Heart failure** — 62 % · severe\n- For: Dyspnea (note of today, HPI: \"dyspnoea on "
            + "exertion for 2 weeks\")\n- Against: Chest pain (note of today, HPI: \"Denies chest pain \\<b\\>\\[x\\]");
        assertThat(md).contains("- Key findings not recorded: Rales\n\n");
        assertThat(md).contains("**Anaemia** — < 1 % · Dyspnea\n\n").contains("**Lung cancer** — < 1 % · severe");
        assertThat(md).contains("_Do not miss").contains("**Pulmonary embolism** — do not miss · 7 % · Dyspnea");
        assertThat(md).contains("Known (on the problem list, not proposed again; may explain the findings): "
            + "Chronic kidney disease");
        assertThat(md).doesNotContain("ev:").doesNotContainPattern("(?<![0-9])0 %").doesNotContain("<b>");
        // a finding is cited where it first appears, not again
        assertThat(md.split("note of today", -1)).hasSize(3);
    }

    @Test
    void should_never_write_zero_percent_when_a_score_is_tiny() {
        assertThat(DifferentialCard.percent(0.0)).isEqualTo("< 1 %");
        assertThat(DifferentialCard.percent(0.0049)).isEqualTo("< 1 %");
        assertThat(DifferentialCard.percent(0.005)).isEqualTo("1 %");
        assertThat(DifferentialCard.percent(1.0)).isEqualTo("100 %");
    }

    @Test
    void should_write_the_cards_own_texts_in_chinese_when_the_locale_is_zh_cn() {
        // given one candidate with a finding from today's note and one stated absent
        List<Candidate> proposed = List.of(
            candidate("Heart failure", 0.62, 2, List.of(ev(DYSPNEA)), List.of(ev(CHEST_PAIN), ev(RALES))));

        // when
        Card card = new DifferentialCard(FINDINGS, NOW, java.util.Locale.SIMPLIFIED_CHINESE).card(proposed,
            List.of(), List.of(), "synthea-3.3.0@abc", "_explanation_", null);

        // then the headings, days and sources are Chinese; names, percentages and quotes are the record's
        assertThat(card.summary()).isEqualTo("鉴别诊断：Heart failure 62%");
        assertThat(card.detail()).contains("**Heart failure** — 62 % · 重症").contains("- 支持：")
            .contains("今天的病历记录").contains("- 不支持：").contains("- 尚未记录的关键表现：")
            .doesNotContain("For:").doesNotContain("today");
    }

    @Test
    void should_name_diseases_and_findings_in_chinese_and_mark_an_english_name_when_the_card_is_zh_cn() {
        // given the graph's Chinese names for two candidates and two findings; "Rales" and "COPD" have none
        java.util.Map<String, String> zh = java.util.Map.of(
            org.dxguard.service.notes.GraphLexicon.nameKey(Code.snomed("100013"), null), "心力衰竭",
            org.dxguard.service.notes.GraphLexicon.nameKey(Code.snomed("10009"), null), "肺炎",
            org.dxguard.service.notes.GraphLexicon.nameKey(DYSPNEA, null), "呼吸困难",
            org.dxguard.service.notes.GraphLexicon.nameKey(CHEST_PAIN, null), "胸痛");
        List<Candidate> proposed = List.of(
            candidate("Heart failure", 0.62, 2, List.of(ev(DYSPNEA)), List.of(ev(CHEST_PAIN), ev(RALES))),
            candidate("Pneumonia", 0.2, 3, List.of(ev(DYSPNEA)), List.of()),
            candidate("COPD", 0.1, 3, List.of(ev(DYSPNEA)), List.of()),
            candidate("Asthma", 0.04, 4, List.of(ev(DYSPNEA)), List.of()));

        // when
        Card card = new DifferentialCard(FINDINGS, NOW, java.util.Locale.SIMPLIFIED_CHINESE, zh).card(proposed,
            List.of(), List.of(), "synthea-3.3.0@abc", "_explanation_", null);

        // then every name with a Chinese name is Chinese, on its bold line; the others are English and marked
        String md = card.detail();
        assertThat(card.summary()).startsWith("鉴别诊断：心力衰竭 62% · 肺炎 20% · COPD（无中文名） 10%");
        assertThat(md).contains("**心力衰竭** — 62 % · 重症\n- 支持：呼吸困难（今天的病历记录")
            .contains("- 不支持：胸痛（今天的病历记录").contains("- 尚未记录的关键表现：Rales（无中文名）")
            .contains("**肺炎** — 20 %").contains("**COPD（无中文名）** — 10 %").contains("**Asthma（无中文名）**");
        assertThat(md).doesNotContain("Heart failure").doesNotContain("Pneumonia").doesNotContain("Dyspnea")
            .doesNotContain("Chest pain");
        // the note is quoted in its own language
        assertThat(md).contains("dyspnoea on exertion for 2 weeks");
    }
}
