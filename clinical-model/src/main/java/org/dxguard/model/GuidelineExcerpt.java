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
 */
public record GuidelineExcerpt(String id, String packageId, String title, String text, String citation, String url) {
    public GuidelineExcerpt {
        Checks.requireText(id, "excerpt id");
        Checks.requireText(packageId, "excerpt packageId");
        title = Checks.requireText(title, "excerpt title").strip();
        text = Checks.requireText(text, "excerpt text").strip();
        citation = Checks.requireText(citation, "excerpt citation").strip();
        url = Checks.blankToNull(url);
    }
}
