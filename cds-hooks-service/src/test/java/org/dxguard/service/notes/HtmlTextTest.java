package org.dxguard.service.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void should_keep_lines_and_drop_markup_scripts_and_comments_when_a_note_is_html() {
        // given
        String html = "<html><head><title>Note of Mr X</title><style>p{color:red}</style></head><body>"
            + "<h2>HPI</h2><p>Cough for 3 weeks, T 38.5&nbsp;&deg;C.<br>Denies chest pain &amp; fever.</p>"
            + "<script>alert('x')</script><!-- hidden: Mr X --><ul><li>PMH: asthma</li><li>FH: mother &lt;60</li></ul>"
            + "<table><tr><td>BP</td><td>120/80</td></tr></table>&#x54B3;&#22013; &bogus;</body></html>";

        // when
        String text = HtmlText.toText(html);

        // then
        assertThat(text).isEqualTo("HPI\nCough for 3 weeks, T 38.5 °C.\nDenies chest pain & fever.\nPMH: asthma\n"
            + "FH: mother <60\nBP 120/80\n咳嗽 &bogus;");
        assertThat(text).doesNotContain("alert").doesNotContain("hidden").doesNotContain("Note of Mr X");
    }

    @Test
    void should_drop_an_unclosed_tag_when_the_html_is_cut_short() {
        assertThat(HtmlText.toText("Dyspnoea <b>since</b> Monday <img src=x onerror=alert(1)")).isEqualTo(
            "Dyspnoea since Monday");
        assertThat(HtmlText.isHtml("text/html; charset=utf-8")).isTrue();
        assertThat(HtmlText.isHtml("application/xhtml+xml")).isTrue();
        assertThat(HtmlText.isHtml("text/plain")).isFalse();
    }
}
