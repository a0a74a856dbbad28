/**
 * Claim extraction from model output, for the veto.
 *
 * <p>Entry points: {@link org.dxguard.reasoner.claims.ClaimExtractor#standard()} then
 * {@link org.dxguard.reasoner.claims.ClaimExtractor#extract} (structured explanation) or
 * {@link org.dxguard.reasoner.claims.ClaimExtractor#extractText} (plain text) → {@link org.dxguard.model.Claim}s;
 * after {@code org.dxguard.rules.veto.VetoEngine} has judged them,
 * {@link org.dxguard.reasoner.claims.ExplanationFilter#apply} keeps the safe parts or withholds the explanation.
 * {@link org.dxguard.reasoner.claims.ExplanationReader} reads recorded answers for safety review.
 *
 * <p>Data: {@code reasoner/claims/drug-synonyms.csv} (brand, abbreviation, misspelling and Chinese drug names),
 * {@code reasoner/claims/diagnoses.csv}, and {@code guidelines/terminology/ingredients.csv} copied in at build time.
 */
package org.dxguard.reasoner.claims;
