package org.dxguard.service.explanations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ExplanationOutcome.Status;
import org.dxguard.safety.ExplanationGuard;
import org.junit.jupiter.api.Test;

/**
 * The card's explanation section in the call's language: the fixed phrases and frames follow the locale, the vetted
 * model text is shown as it was written (issue 20, item 1).
 */
class ExplanationSectionLanguageTest {
    private static final Locale ZH = Locale.forLanguageTag("zh-CN");
    private final ExplanationReview review = new ExplanationReview(new ExplanationGuard(null, null), List::of);

    private static Explanation explanation() {
        return new Explanation(List.of(new CandidateExplanation("社区获得性肺炎", "发热、咳嗽支持该诊断 [E1]。",
            List.of("E1"), List.of(), List.of(), List.of("胸片复查"), List.of(), List.of("ADA-EXC-001"))), "");
    }

    @Test
    void should_say_why_in_chinese_when_the_call_is_chinese_and_the_explanation_is_withheld() {
        // given an explanation the veto withheld, and one still being written
        ShownExplanation withheld = ShownExplanation.none(Status.UNAVAILABLE, Reason.WITHHELD_CONFLICT, "m", "p");
        ShownExplanation pending = ShownExplanation.none(Status.PENDING, Reason.PENDING, "m", "p");

        // when the sections are built for a Chinese call and an English one
        String zhWithheld = review.section(withheld, false, ClinicianPhrases.forLocale(ZH));
        String zhPending = review.section(pending, true, ClinicianPhrases.forLocale(ZH));
        String enWithheld = review.section(withheld, false, ClinicianPhrases.forLocale(Locale.ENGLISH));

        // then each says it in the call's language, and English is as before
        assertThat(zhWithheld).isEqualTo("_AI 解释未显示：其内容与本患者适用的指南相冲突。_");
        assertThat(zhPending).startsWith("_暂无解释：模型仍在撰写").contains("下方链接").doesNotContainPattern("[A-Za-z]{3,}");
        assertThat(enWithheld).isEqualTo("_AI explanation withheld: it conflicts with the guidelines for this "
            + "patient._");
    }

    @Test
    void should_frame_the_vetted_text_in_chinese_when_the_call_is_chinese_and_parts_were_cut() {
        // given a vetted explanation from which the veto cut a part
        ShownExplanation cut = ShownExplanation.vetted(explanation(), null, "deepseek-zh", "differential-v2-zh", true);

        // when
        String zh = review.section(cut, false, ClinicianPhrases.forLocale(ZH));
        String en = review.section(cut, false, ClinicianPhrases.english());

        // then the frame is Chinese, the model's text is as vetted, and nothing English is left in the frame
        assertThat(zh).startsWith("_AI 解释_（deepseek-zh；已按本患者适用的指南核查；与本患者适用指南相冲突的部分已删除）：\n")
            .contains("- 社区获得性肺炎: 发热、咳嗽支持该诊断").contains(" 下一步： 胸片复查").contains("(指南： ADA-EXC-001)")
            .contains("引用的指南摘录：").doesNotContain("checked against").doesNotContain("Next:");
        assertThat(en).startsWith("_AI explanation_ (deepseek-zh; checked against the guidelines for this patient; "
            + "parts that conflicted with the guidelines for this patient were removed):\n")
            .contains(" Next: 胸片复查").contains("(guideline: ADA-EXC-001)").contains("\nGuideline excerpts cited:\n");
    }

    /** ADA-EXC-001, shortened, in English and Chinese. */
    private static org.dxguard.model.GuidelineExcerpt bilingualExcerpt() {
        return new org.dxguard.model.GuidelineExcerpt("ADA-EXC-001", "ada-diabetes", "Metformin and kidney function",
            "Check eGFR before starting metformin and at least once a year.", "FDA Drug Safety Communication (2016-04-08)",
            null, java.util.Map.of("zh", new org.dxguard.model.GuidelineExcerpt.Localized("二甲双胍与肾功能",
                "开始使用二甲双胍前应检测eGFR，用药期间至少每年复查一次。")));
    }

    @Test
    void should_title_cited_excerpts_in_chinese_and_label_an_english_one_when_the_call_is_chinese() {
        // given two cited excerpts, one written in Chinese too and one in English only
        org.dxguard.model.GuidelineExcerpt both = bilingualExcerpt();
        org.dxguard.model.GuidelineExcerpt english = new org.dxguard.model.GuidelineExcerpt("LOCAL-EXC-001", "local",
            "Local protocol", "Our hospital's own protocol for metformin before contrast imaging.", "Local protocol 2026",
            null);
        ExplanationReview withExcerpts = new ExplanationReview(new ExplanationGuard(null, null),
            () -> List.of(both, english));
        Explanation e = new Explanation(List.of(new CandidateExplanation("社区获得性肺炎", "发热、咳嗽支持该诊断 [E1]。",
            List.of("E1"), List.of(), List.of(), List.of(), List.of(), List.of("ADA-EXC-001", "LOCAL-EXC-001"))), "");
        ShownExplanation shown = ShownExplanation.vetted(e, null, "deepseek-zh", "differential-v2-zh", false);

        // when
        String zh = withExcerpts.section(shown, false, ClinicianPhrases.forLocale(ZH));
        String en = withExcerpts.section(shown, false, ClinicianPhrases.english());

        // then the Chinese card names the excerpt in Chinese, the English-only one is labelled, citations stay
        assertThat(zh).contains("- ADA-EXC-001 二甲双胍与肾功能 (FDA Drug Safety Communication (2016-04-08))")
            .contains("- LOCAL-EXC-001 Local protocol （英文原文：该摘录暂无中文版本） (Local protocol 2026)")
            .doesNotContain("Metformin and kidney function");
        assertThat(en).contains("- ADA-EXC-001 Metformin and kidney function (FDA").doesNotContain("二甲双胍与肾功能")
            .contains("- LOCAL-EXC-001 Local protocol (Local protocol 2026)");
        assertThat(ClinicianPhrases.forLocale(ZH).excerptText(both)).startsWith("开始使用二甲双胍前");
    }

    @Test
    void should_show_cited_excerpts_in_chinese_on_the_page_when_the_call_is_chinese() {
        // given a cited excerpt written in English and Chinese
        org.dxguard.model.GuidelineExcerpt x = bilingualExcerpt();

        // when the page's section is written for a Chinese call and an English one
        String zh = ExplanationPage.excerptsHtml(List.of("ADA-EXC-001"), java.util.Map.of("ADA-EXC-001", x),
            ClinicianPhrases.forLocale(ZH));
        String en = ExplanationPage.excerptsHtml(List.of("ADA-EXC-001"), java.util.Map.of("ADA-EXC-001", x),
            ClinicianPhrases.english());

        // then the Chinese page has the Chinese title and text, the citation as written, and no English excerpt text
        assertThat(zh).contains("<h2>引用的指南摘录</h2>").contains(" 二甲双胍与肾功能: 开始使用二甲双胍前应检测eGFR")
            .contains("<em>FDA Drug Safety Communication (2016-04-08)</em>").doesNotContain("Metformin and kidney")
            .doesNotContain("Check eGFR");
        assertThat(en).contains(" Metformin and kidney function: Check eGFR before starting metformin")
            .doesNotContain("二甲双胍");
    }
}
