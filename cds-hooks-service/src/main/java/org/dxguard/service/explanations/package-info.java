/**
 * Explanations that arrive after the card: {@link org.dxguard.service.explanations.ExplanationReview} is the one
 * path from a model outcome to what may be shown (the veto via {@code safety.ExplanationGuard}), used in the call
 * and for late explanations; {@link org.dxguard.service.explanations.LateExplanations} finishes a late explanation in
 * the background, reviews it, keeps it in the explainer's bounded cache, records a follow-up decision record and
 * builds the card's link; {@link org.dxguard.service.explanations.ExplanationPage} serves
 * {@code /explanations/{hookInstance}?t=<capability token>} (HTML, or JSON with {@code Accept: application/json});
 * {@link org.dxguard.service.explanations.CapabilityTokens} signs and checks the token (HMAC-SHA256 with a secret
 * kept in the data directory).
 */
package org.dxguard.service.explanations;
