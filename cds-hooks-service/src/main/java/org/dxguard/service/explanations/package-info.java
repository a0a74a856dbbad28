/**
 * What a clinician may see of a model's explanation, and the one place that decides it (ARCHITECTURE.md, "One
 * safety rule across modules"): {@link org.dxguard.service.explanations.ExplanationReview} is the one path from a
 * model outcome to what may be shown (the veto via {@code safety.ExplanationGuard}), used in the call and for late
 * explanations; its {@link org.dxguard.service.explanations.ShownExplanation} (vetted text or a reason key, never raw
 * output or a precise reason) and the product's fixed phrases
 * ({@link org.dxguard.service.explanations.ClinicianPhrases}: {@code phrases.properties} and its Chinese
 * {@code phrases_zh.properties}, chosen by the call's locale) are all a card, the explanation page or its JSON are
 * built from. {@link org.dxguard.service.explanations.LateExplanations}
 * finishes a late explanation in the background, reviews it, keeps what may be shown for the link's lifetime, records
 * a follow-up decision record and builds the card's link; {@link org.dxguard.service.explanations.ExplanationPage}
 * serves {@code /explanations/{hookInstance}?t=<capability token>} (HTML, or JSON with
 * {@code Accept: application/json}); {@link org.dxguard.service.explanations.CapabilityTokens} signs and checks the
 * token (HMAC-SHA256 over the hook instance, the calling issuer and the expiry, with a secret kept in the data
 * directory).
 */
package org.dxguard.service.explanations;
