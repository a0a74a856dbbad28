package org.dxguard.service.hooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dxguard.model.Candidate;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.Indicator;
import org.dxguard.service.cdshooks.Link;
import org.dxguard.service.cdshooks.Source;
import org.dxguard.service.notes.GraphLexicon;

/**
 * The differential card's Markdown (GitHub-flavoured, as CDS Hooks clients render {@code detail}):
 * <ul>
 *   <li>the whole calibrated differential, every candidate on a line of its own that begins with its name in bold
 *       ({@code **Name** — 41 %}), each candidate a paragraph of its own (blank lines between them, so no renderer
 *       runs two together); the {@value #LEADING} leading candidates in detail (a list: what speaks for it, what
 *       against, key findings not yet recorded), the rest on one line each with their supporting findings;</li>
 *   <li>a percentage below 0.5 is written "&lt; 1 %", never "0 %"; severity 1–2 candidates say "severe";</li>
 *   <li>"do not miss" ({@code Differential.doNotMiss()}: severe candidates outside the differential whose calibrated
 *       probability of belonging in it reaches the do-not-miss threshold) as a section of its own, each with that
 *       probability;</li>
 *   <li>diagnoses already on the problem list on a line "Known …" (not re-proposed; they may explain the findings);</li>
 *   <li>evidence by its label, never by its internal {@code ev:} id (the ids stay in the decision record and the
 *       prompt); a finding read from the record is cited the first time it appears ("note of today, HPI: '…'",
 *       de-identified), a finding stated absent ("denies chest pain") is evidence against;</li>
 *   <li>text from the record (quotes) is escaped so that it cannot act as Markdown or HTML;</li>
 *   <li>names of diseases and findings in the call's language: for Chinese, the graph term's Chinese name (its first
 *       Chinese synonym, {@code GraphLexicon#chineseNames}); a term without one keeps its English name, marked as
 *       such ({@code differential.untranslated}), never a made-up translation. The evidence phrases ("note of today")
 *       are in the call's language; quotes stay in the note's own language.</li>
 * </ul>
 */
final class DifferentialCard {
    /** Candidates shown in detail. */
    static final int LEADING = 3;
    /** Evidence items per list. */
    private static final int MAX_EVIDENCE = 6;
    private static final Pattern MARKDOWN = Pattern.compile("([\\\\`*_\\[\\]<>#|~!&])");

    private final Instant asOf;
    private final Set<String> cited = new HashSet<>();
    private final Locale locale;
    private final Map<String, Finding> present = new HashMap<>();
    private final Map<String, Finding> absent = new HashMap<>();
    /** Chinese names by {@code GraphLexicon.nameKey}; null for an English card or when none are known. */
    private final Map<String, String> chineseNames;

    /**
     * @param findings the findings the ranking read, with their sources (graph-coded ones looked up by evidence)
     * @param asOf     the call's time (for "note of today")
     */
    DifferentialCard(List<Finding> findings, Instant asOf) {
        this(findings, asOf, Locale.ENGLISH);
    }

    /** @param locale the language of the card's own texts (headings, "for", "against", days); names stay the graph's */
    DifferentialCard(List<Finding> findings, Instant asOf, Locale locale) {
        this(findings, asOf, locale, null);
    }

    /**
     * @param locale       the language of the card's texts
     * @param chineseNames the graph's Chinese names of diseases and findings ({@code GraphLexicon#chineseNames}), used
     *                     when {@code locale} is Chinese; null: none known, names as the graph's (unmarked)
     */
    DifferentialCard(List<Finding> findings, Instant asOf, Locale locale, Map<String, String> chineseNames) {
        this.asOf = asOf;
        this.locale = locale == null ? Locale.ENGLISH : locale;
        this.chineseNames = "zh".equals(this.locale.getLanguage()) && chineseNames != null ? chineseNames : null;
        for (Finding f : findings) {
            String k = key(f.code().system(), f.code().code(), f.value());
            if (f.present()) {
                if (!present.containsKey(k) || present.get(k).source() == null) {
                    present.put(k, f);
                }
            } else if (!absent.containsKey(k) || absent.get(k).source() == null) {
                absent.put(k, f);
            }
        }
    }

    /**
     * @param proposed          the differential without the known diagnoses, most likely first
     * @param doNotMiss         severe candidates shown apart, with their calibrated probability as score
     * @param known             candidates already on the problem list
     * @param knowledgeVersion  the knowledge base version (the card's source)
     * @param explanation       the explanation section (vetted text and fixed phrases only)
     */
    Card card(List<Candidate> proposed, List<Candidate> doNotMiss, List<Candidate> known, String knowledgeVersion,
              String explanation, Link link) {
        String top = proposed.stream().limit(3).map(c -> name(c) + " " + percent(c.score()).replace(" ", ""))
            .collect(Collectors.joining(" · "));
        StringBuilder md = new StringBuilder();
        for (int i = 0; i < proposed.size(); i++) {
            Candidate c = proposed.get(i);
            if (i < LEADING) {
                detailed(md, c, false);
            } else {
                compact(md, c, false);
            }
        }
        if (!doNotMiss.isEmpty()) {
            md.append(t("differential.do-not-miss-heading")).append("\n\n");
            for (Candidate c : doNotMiss) {
                compact(md, c, true);
            }
        }
        if (!known.isEmpty()) {
            md.append(t("differential.known", "names", known.stream().map(this::name)
                .collect(Collectors.joining(t("differential.list-separator")))) ).append("\n\n");
        }
        md.append(explanation);
        String label = "dxguard knowledge base " + (knowledgeVersion.length() > 70
            ? knowledgeVersion.substring(0, 70) + "…" : knowledgeVersion);
        Card.Builder card = Card.builder()
            .summary(Card.fitSummary(t("differential.summary", "top", top)))
            .detail(md.toString())
            .indicator(Indicator.INFO)
            .source(Source.of(label, null));
        if (link != null) {
            card.link(link);
        }
        return card.build();
    }

    private void detailed(StringBuilder md, Candidate c, boolean doNotMiss) {
        md.append(headline(c, doNotMiss)).append('\n');
        List<String> against = new ArrayList<>();
        List<String> notYet = new ArrayList<>();
        for (Evidence e : c.missing()) {
            Finding no = absent.get(key(e));
            if (no != null) {
                against.add(cite(e, no));
            } else {
                notYet.add(label(e));
            }
        }
        if (!c.supporting().isEmpty()) {
            md.append(t("differential.for", "items", items(c.supporting().stream().limit(MAX_EVIDENCE)
                .map(e -> cite(e, present.get(key(e)))).toList()))).append('\n');
        }
        if (!against.isEmpty()) {
            md.append(t("differential.against", "items", items(against))).append('\n');
        }
        if (!notYet.isEmpty()) {
            md.append(t("differential.not-recorded", "items", items(notYet))).append('\n');
        }
        md.append('\n');
    }

    private void compact(StringBuilder md, Candidate c, boolean doNotMiss) {
        md.append(headline(c, doNotMiss));
        if (!c.supporting().isEmpty()) {
            md.append(" · ").append(items(c.supporting().stream().limit(MAX_EVIDENCE).map(this::label).toList()));
        }
        md.append("\n\n");
    }

    private String headline(Candidate c, boolean doNotMiss) {
        return t("differential.headline", "name", name(c), "doNotMiss", doNotMiss, "percent", percent(c.score()),
            "severe", c.severity() <= 2 && !doNotMiss);
    }

    /** The candidate's name in the card's language (see the class comment). */
    private String name(Candidate c) {
        return localized(GraphLexicon.nameKey(c.disease(), null), c.name());
    }

    /** The evidence's label in the card's language. */
    private String label(Evidence e) {
        String id = e.id();
        int eq = id.indexOf('=');
        return localized(GraphLexicon.nameKey(e.finding(), eq < 0 ? null : id.substring(eq + 1)), e.label());
    }

    private String localized(String key, String english) {
        if (chineseNames == null) {
            return english;
        }
        String zh = chineseNames.get(key);
        return zh != null ? zh : t("differential.untranslated", "name", english);
    }

    private String t(String key, Object... params) {
        return ServiceTexts.format(key, locale, params);
    }

    /** "41 %", "< 1 %" below 0.5 % (never "0 %"). */
    static String percent(double score) {
        double p = score * 100;
        return p < 0.5 ? "< 1 %" : Math.round(p) + " %";
    }

    private String items(List<String> items) {
        return String.join(t("differential.list-separator"), items);
    }

    /** The evidence's label, with where it was read the first time it appears on the card. */
    private String cite(Evidence e, Finding f) {
        String label = label(e);
        if (f == null || f.source() == null || !cited.add(key(e) + (f.present() ? "+" : "-"))) {
            return label;
        }
        String where = where(f.source());
        return where == null ? label : t("differential.cited", "label", label, "where", where);
    }

    /** "note of today, HPI: "cough for three weeks"", "measured today: Body temperature 38.6 °C". */
    String where(FindingSource s) {
        String day = day(s.date());
        String quote = s.quote() == null ? null : "\"" + escape(s.quote()) + "\"";
        return switch (s.kind()) {
            case FindingSource.NOTE, FindingSource.REPORT -> t("differential.source." + s.kind(),
                "day", day == null ? "" : day, "dated", day != null)
                + (s.section() == null ? "" : t("differential.comma") + escape(section(s.section())))
                + (quote == null ? "" : t("differential.quote-colon") + quote);
            case FindingSource.VISIT_REASON -> t("differential.source.visit-reason")
                + (quote == null ? "" : t("differential.quote-colon") + quote);
            case FindingSource.MEASURED -> {
                String value = measured(s);
                yield t("differential.source.measured", "day", day == null ? "" : day, "dated", day != null)
                    + (value == null ? "" : t("differential.quote-colon") + escape(value));
            }
            default -> null;
        };
    }

    /** A note section's label ("HPI") in the card's language (现病史); a label without a message stays as written. */
    private String section(String label) {
        String key = "differential.section." + label;
        return ServiceTexts.MESSAGES.has(key) ? t(key) : label;
    }

    /**
     * A measured value as the card shows it: its name in the card's language (a Chinese card: the result kind's name by
     * LOINC code, {@link org.dxguard.rules.ResultNames}; a code without one keeps the record's display, marked as
     * untranslated), the value as recorded and the unit as clinicians read it ({@code Cel} → {@code °C}). A source
     * without its parts shows its quote.
     */
    private String measured(FindingSource s) {
        FindingSource.Measured m = s.measured();
        if (m == null) {
            return s.quote();
        }
        String english = m.code().display() != null ? m.code().display() : "LOINC " + m.code().code();
        String name = english;
        if ("zh".equals(locale.getLanguage())) {
            String zh = org.dxguard.rules.ResultNames.packaged().name(m.code(), locale.toLanguageTag());
            name = zh != null ? zh : t("differential.untranslated", "name", english);
        }
        String unit = ClinicianText.ucum(m.unit());
        return (name + " " + m.valueText() + (unit == null || unit.isBlank() ? "" : " " + unit))
            .replace('"', '\'').replace('`', '\'');
    }

    private String day(Instant date) {
        if (date == null) {
            return null;
        }
        long days = Duration.between(date.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC)
            .toInstant(), asOf.atOffset(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant()).toDays();
        if (days >= 0 && days < 14) {
            return t("differential.day", "days", days);
        }
        return date.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** Record text as Markdown text: every character Markdown or inline HTML could interpret is escaped. */
    static String escape(String s) {
        return MARKDOWN.matcher(s.replaceAll("[\\r\\n\\t]+", " ")).replaceAll("\\\\$1");
    }

    private static String key(Evidence e) {
        String id = e.id();
        int eq = id.indexOf('=');
        return key(e.finding().system(), e.finding().code(), eq < 0 ? null : id.substring(eq + 1));
    }

    private static String key(String system, String code, String value) {
        return system + "|" + code + (value == null ? "" : "=" + value).toLowerCase(Locale.ROOT);
    }
}
