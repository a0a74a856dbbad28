package org.dxguard.fhir;

import java.util.Locale;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.PregnancyStatus;

/** Codes that say "pregnant" or "not pregnant". Package-private. */
final class PregnancyCodes {
    /** SNOMED CT: pregnancy (77386006) and descendants seen in EHR and Synthea data. */
    static final Set<String> SNOMED_PREGNANCY_CONDITIONS = Set.of(
        "77386006",   // Pregnancy (finding) / Patient currently pregnant
        "72892002",   // Normal pregnancy (Synthea)
        "47200007",   // High risk pregnancy
        "16356006",   // Multiple pregnancy
        "65147003",   // Twin pregnancy
        "237240001",  // Teenage pregnancy
        "34801009",   // Ectopic pregnancy
        "102872000",  // Pregnancy on oral contraceptive
        "169560008",  // Pregnant - urine test confirms
        "169561007",  // Pregnant - blood test confirms
        "169562000",  // Pregnant - vaginal examination confirms
        "169563005",  // Pregnant - on history
        "169564004",  // Pregnant - on abdominal palpation
        "169565003"); // Pregnant - planned
    /** ICD-10 / ICD-10-CM prefixes: Z33.1 pregnant state, Z34 supervision of normal pregnancy, O09 high risk. */
    static final Set<String> ICD10_PREGNANCY_PREFIXES = Set.of("Z33.1", "Z331", "Z34", "O09");
    /** LOINC pregnancy status observations. */
    static final Set<String> LOINC_STATUS = Set.of("82810-3", "11449-6");
    /** LOINC qualitative pregnancy tests (hCG [Presence]): guidelines/terminology/pregnancy-tests.csv. */
    static final Set<String> LOINC_TESTS = ValueSetFiles.rows("pregnancy-tests.csv").stream()
        .map(r -> r.get("loinc")).filter(java.util.Objects::nonNull)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
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

    static boolean isPregnancyCondition(Code code) {
        if (Code.SNOMED.equals(code.system())) {
            return SNOMED_PREGNANCY_CONDITIONS.contains(code.code());
        }
        if (code.system().startsWith("http://hl7.org/fhir/sid/icd-10")) {
            String c = code.code().toUpperCase(Locale.ROOT);
            return ICD10_PREGNANCY_PREFIXES.stream().anyMatch(c::startsWith);
        }
        return false;
    }

    /** Whether the observation is one of the listed pregnancy tests. */
    static boolean isPregnancyTest(org.dxguard.model.Observation o) {
        // one set look-up per code of the observation (was: every listed test against every code; issue 21)
        for (Code c : o.codes()) {
            if (Code.LOINC.equals(c.system()) && c.code() != null && LOINC_TESTS.contains(c.code())) {
                return true;
            }
        }
        return false;
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

    /** The status an answer code says, or null when it is not a known answer. */
    static PregnancyStatus answer(Code answer) {
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
            if (SNOMED_PREGNANCY_CONDITIONS.contains(c)) {
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
