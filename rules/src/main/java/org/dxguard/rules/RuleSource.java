package org.dxguard.rules;

import java.util.Objects;

/**
 * One DRL file: {@code path} as authors see it in errors (e.g. {@code ada-diabetes/rules/metformin.drl}) and its text.
 * {@code guidelineId} is the package it belongs to.
 */
public record RuleSource(String guidelineId, String path, String text) {
    public RuleSource {
        Objects.requireNonNull(guidelineId, "guidelineId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }
}
