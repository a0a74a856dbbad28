/**
 * Guideline packages: the author-facing format, validation, scenario tests and hot reload.
 *
 * <p>Entry points: {@link org.dxguard.guidelines.GuidelineRepository} (load packaged defaults or a directory,
 * optionally watched; {@code engine()} always answers with the active, validated rule set) and
 * {@link org.dxguard.guidelines.GuidelineCommands} ({@code validate}, {@code test}, {@code export} for the CLI).
 * The format is documented for authors in {@code guidelines/README.md}; internals live in {@code internal}.
 */
package org.dxguard.guidelines;
