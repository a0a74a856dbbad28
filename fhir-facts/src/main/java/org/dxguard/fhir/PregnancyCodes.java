package org.dxguard.fhir;

import java.util.Locale;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.rules.Terminology;

/**
 * Answer codes and words that say "pregnant" or "not pregnant", and the LOINC pregnancy-status observations. Which
 * conditions say "pregnant" (the {@code PREGNANCY} value set of {@code guidelines/terminology/conditions.csv}) and
 * which tests are pregnancy tests ({@code pregnancy-tests.csv}) are data read from the loaded {@link Terminology}.
 * Package-private.
 */
final class PregnancyCodes {
    /** LOINC pregnancy status observations. */
    static final Set<String> LOINC_STATUS = Set.of("82810-3", "11449-6");
    /** Answer codes of a qualitative result: SNOMED CT qualifier values and LOINC answers (answer list LL360-9). */
    private static final Set<String> POSITIVE_CODES = Set.of(
        Code.SNOMED + "|10828004",   // Positive (qualifier value)
        Code.SNOMED + "|260373001",  // Detected (qualifier value)
        Code.LOINC + "|LA6576-8");   // Positive
    private static final Set<String> NEGATIVE_CODES = Set.of(
        Code.SNOMED + "|260385009",  // Negative (qualifier value)
        Code.SNOMED + "|260415000",  // Not detected (qualifier value)
        Code.LOINC + "|LA6577-6");   // Negative
    /** Result words, compared whole (lower case, trimmed): "weakly positive" or "equivocal" are not read. */
    private static final Set<String> POSITIVE_WORDS = Set.of("positive", "pos", "detected", "阳性");
    private static final Set<String> NEGATIVE_WORDS = Set.of("negative", "neg", "not detected", "阴性");

    private PregnancyCodes() {}

    /**
     * The LOINC code by which the observation is a pregnancy test, or null; of two such codes the one that sorts
     * first (the order in which {@link Terminology#pregnancyTestCodes()} lists them). One set look-up per code of
     * the observation, not a walk of every listed test per observation (issue 21: this ran for each of a realistic
     * record's hundred Observations).
     */
    static String testCode(org.dxguard.model.Observation o, Terminology terminology) {
        Set<String> tests = terminology.pregnancyTestCodes();
        String found = null;
        for (Code c : o.codes()) {
            if (Code.LOINC.equals(c.system()) && tests.contains(c.code())
                && (found == null || c.code().compareTo(found) < 0)) {
                found = c.code();
            }
        }
        return found;
    }

    /**
     * What a pregnancy test's result says: PREGNANT for a positive (or detected) answer code or word, NOT_PREGNANT for
     * a negative (or not detected) one, null when it says neither (a number, another word, no value): never guessed.
     */
    static PregnancyStatus testResult(org.dxguard.model.Observation o) {
        if (o.valueCode() != null) {
            String key = o.valueCode().system() + "|" + o.valueCode().code();
            if (POSITIVE_CODES.contains(key)) {
                return PregnancyStatus.PREGNANT;
            }
            if (NEGATIVE_CODES.contains(key)) {
                return PregnancyStatus.NOT_PREGNANT;
            }
        }
        if (o.value() != null || o.valueText() == null) {
            return null;
        }
        String word = o.valueText().strip().toLowerCase(Locale.ROOT);
        return POSITIVE_WORDS.contains(word) ? PregnancyStatus.PREGNANT
            : NEGATIVE_WORDS.contains(word) ? PregnancyStatus.NOT_PREGNANT : null;
    }

    /**
     * The status an answer code says, or null when it is not a known answer: LOINC answers, SNOMED CT "not pregnant"
     * and "unknown", and any code of the {@code PREGNANCY} value set.
     */
    static PregnancyStatus answer(Code answer, Terminology terminology) {
        String c = answer.code();
        if (Code.LOINC.equals(answer.system())) {
            return switch (c) {
                case "LA15173-0" -> PregnancyStatus.PREGNANT;
                case "LA26683-5" -> PregnancyStatus.NOT_PREGNANT;
                case "LA4489-6" -> PregnancyStatus.UNKNOWN;
                default -> null;
            };
        }
        if (Code.SNOMED.equals(answer.system())) {
            if (terminology.isPregnancyCondition(answer)) {
                return PregnancyStatus.PREGNANT;
            }
            return switch (c) {
                case "60001007" -> PregnancyStatus.NOT_PREGNANT;  // Not pregnant
                case "261665006" -> PregnancyStatus.UNKNOWN;      // Unknown
                default -> null;
            };
        }
        return null;
    }
}
