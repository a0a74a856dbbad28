package org.dxguard.model;

/**
 * A short guideline excerpt, written in dxguard's own words, with its source: what the reasoner may give a model
 * as context and what a model's explanation may cite by {@code id}. Excerpts live in the guideline packages
 * ({@code <package>/excerpts.yaml}); guideline-loader validates them (unique ids, a citation, bounded length).
 *
 * @param id        stable id, unique across packages, e.g. {@code ADA-EXC-003}
 * @param packageId the guideline package it belongs to
 * @param title     a few words
 * @param text      the excerpt (a few sentences)
 * @param citation  the source it summarises
 * @param url       where the source can be read, or null
 * @param translations the excerpt in other languages, by language code ({@code zh}): the same passage in that
 *                  language, written and reviewed with the English one (issue 19: a Chinese question retrieves and
 *                  cites Chinese text); empty when there is none
 */
public record GuidelineExcerpt(String id, String packageId, String title, String text, String citation, String url,
                               java.util.Map<String, Localized> translations) {
    /** The title and text of an excerpt in one other language. */
    public record Localized(String title, String text) {
        public Localized {
            title = Checks.requireText(title, "excerpt translation title").strip();
            text = Checks.requireText(text, "excerpt translation text").strip();
        }
    }

    public GuidelineExcerpt {
        Checks.requireText(id, "excerpt id");
        Checks.requireText(packageId, "excerpt packageId");
        title = Checks.requireText(title, "excerpt title").strip();
        text = Checks.requireText(text, "excerpt text").strip();
        citation = Checks.requireText(citation, "excerpt citation").strip();
        url = Checks.blankToNull(url);
        translations = translations == null ? java.util.Map.of() : java.util.Map.copyOf(translations);
    }

    /** An excerpt in English only. */
    public GuidelineExcerpt(String id, String packageId, String title, String text, String citation, String url) {
        this(id, packageId, title, text, citation, url, java.util.Map.of());
    }

    /** True when the excerpt is written in {@code language} ({@code en} always). */
    public boolean hasLanguage(String language) {
        return "en".equals(language) || translations.containsKey(language);
    }

    /** The title in {@code language}, or the English one when it has no translation there. */
    public String title(String language) {
        Localized l = translations.get(language);
        return l == null ? title : l.title();
    }

    /** The text in {@code language}, or the English one when it has no translation there. */
    public String text(String language) {
        Localized l = translations.get(language);
        return l == null ? text : l.text();
    }
}
