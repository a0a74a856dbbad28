package org.dxguard.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One checkable statement found in a model's output, for the veto. {@code field} says where it was found
 * ({@code candidates[0].rationale#s1} = second sentence of the first candidate's rationale,
 * {@code candidates[0].medications[1]}, {@code summary#s0}, {@code text#s3} for plain-text output);
 * {@code span} is the text it was read from (audit only).
 *
 * <p>What {@code subject} holds depends on {@code kind}: {@link Kind#MEDICATION} the normalised ingredient
 * ({@code metformin}, {@code insulin} when the type is not named); {@link Kind#DIAGNOSIS} the diagnosis as named
 * (mapped to the candidate's name when it names a candidate); {@link Kind#EVIDENCE} the cited evidence id;
 * {@link Kind#GUIDELINE_EXCERPT} the cited guideline excerpt id ({@link GuidelineExcerpt#id()});
 * {@link Kind#LAB_VALUE} the lab kind ({@code EGFR}, {@code HBA1C}, {@code GLUCOSE}, {@code CREATININE},
 * {@code POTASSIUM}, {@code UACR}) with {@code value}/{@code unit} as quoted; {@link Kind#DIRECTIVE} the
 * directive wording; {@link Kind#RESULT} a stated result of a test, vital sign, imaging study or examination that
 * the veto must find in the case (subject = the result kind of {@code result-kinds.csv}, e.g. {@code TSH},
 * {@code TEMPERATURE}, {@code CT}; {@code value}/{@code unit} when a number is quoted, {@code action} the qualitative
 * reading: {@code normal}, {@code high}, {@code low}, {@code positive}, {@code negative} or {@code stated}, an
 * imaging or examination result that is described);
 * {@link Kind#FINDING} a finding (symptom, sign) stated as present for the patient (subject = the finding as
 * written); {@link Kind#INSTRUCTION} an order rather than a suggestion (subject {@code medication:<ingredient>}: an
 * imperative or time-bound medication change, "Stop furosemide today", "今晚把胰岛素加倍", with {@code action}
 * {@code timed} or {@code imperative}, {@code unit} the change — start, stop or change — and {@code dose} the dose
 * read for it; subject {@code patient}, action {@code addressed}: an instruction addressed to the patient, "You should
 * drink three litres"); {@link Kind#DOSE} a dose that could not be tied to a
 * drug (subject = the dose as written, {@code dose} as read). {@code action} (medications only) is one of
 * {@link #ACTIONS}: {@code mention} is a drug
 * named without a recommendation. {@code negated} marks "do not start metformin": not a recommendation to start.
 * {@code release} is {@code ER} when the text names an extended-release form (ER, XR, SR, 缓释), else null.
 */
public record Claim(String id, Kind kind, String field, String span, String subject, String action, boolean negated,
                    Dose dose, Double value, String unit, String release) {
    /** What a claim is about. */
    public enum Kind { MEDICATION, DIAGNOSIS, EVIDENCE, LAB_VALUE, DIRECTIVE, GUIDELINE_EXCERPT, RESULT, FINDING, INSTRUCTION,
        DOSE }

    /** Medication actions: the structured output's four plus {@code mention}. */
    public static final Set<String> ACTIONS = Set.of("start", "stop", "change", "continue", "mention");

    public Claim {
        Checks.requireText(id, "claim id");
        Objects.requireNonNull(kind, "claim kind must not be null");
        Checks.requireText(field, "claim field");
        span = span == null ? "" : span;
        Checks.requireText(subject, "claim subject");
        action = Checks.blankToNull(action);
        if (kind == Kind.MEDICATION) {
            action = action == null ? "mention" : action.toLowerCase(Locale.ROOT);
            if (!ACTIONS.contains(action)) {
                throw new IllegalArgumentException("medication claim action must be one of " + ACTIONS + ", was " + action);
            }
        }
        if (kind == Kind.LAB_VALUE && value == null) {
            throw new IllegalArgumentException("a lab value claim needs the quoted value");
        }
        if (value != null && (value.isNaN() || value.isInfinite())) {
            throw new IllegalArgumentException("claim value must be finite");
        }
        unit = Checks.blankToNull(unit);
        release = Checks.blankToNull(release);
    }

    /** A claim without a release form. */
    public Claim(String id, Kind kind, String field, String span, String subject, String action, boolean negated,
                 Dose dose, Double value, String unit) {
        this(id, kind, field, span, subject, action, negated, dose, value, unit, null);
    }

    /** True for a medication claim that recommends giving the drug (start, change or continue, not negated). */
    public boolean recommendsDrug() {
        if (kind != Kind.MEDICATION || negated) {
            return false;
        }
        return action.equals("start") || action.equals("change") || action.equals("continue")
            || (action.equals("mention") && dose != null);
    }

    /** The top-level unit of the output this claim belongs to: {@code candidates[0]}, {@code summary} or {@code text}. */
    public String section() {
        int dot = field.indexOf('.');
        int hash = field.indexOf('#');
        int end = dot < 0 ? hash : hash < 0 ? dot : Math.min(dot, hash);
        return end < 0 ? field : field.substring(0, end);
    }
}
