package org.dxguard.rules.facts;

/**
 * An active condition tagged with a rule-level concept (e.g. {@code DIALYSIS}, {@code HEART_FAILURE_NYHA_3_4},
 * {@code MTC_OR_MEN2}) through the terminology table; a condition with several tags yields one fact per tag.
 */
public record ConditionFact(String condId, int seq, String tag, String code, String display) implements Describable {
    @Override
    public String describe() {
        return code.isEmpty() ? "Patient " + display : "Condition/" + condId + " " + display + " (" + code + ")";
    }
}
