/**
 * Clinical text in English and Chinese: sections, sentences, lexicon mentions with ConText (negation, temporality,
 * experiencer), measured values, medication statements, free-text de-identification and text → FHIR R4.
 *
 * <p>Entry point: {@link org.dxguard.text.ClinicalText} ({@link org.dxguard.text.ClinicalText#builder()} with a
 * {@link org.dxguard.text.Lexicon}). Results are records: {@link org.dxguard.text.TextAnalysis} (with
 * {@link org.dxguard.text.TextAnalysis#findings()} for the differential), {@link org.dxguard.text.Extraction} (FHIR
 * Bundle JSON), {@link org.dxguard.text.Deidentified}. Errors: {@link org.dxguard.text.TextErrors} (DXG-0800..0849).
 * The NegEx/ConText test-set evaluation: {@link org.dxguard.text.ContextEvaluation}. Trigger lists, section headings,
 * lexicon, measurement names and thresholds are data files under {@code org/dxguard/text/}.
 */
package org.dxguard.text;
