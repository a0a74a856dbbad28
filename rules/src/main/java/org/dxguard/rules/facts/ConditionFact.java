package org.dxguard.rules.facts;

/**
 * An active condition tagged with a rule-level concept (e.g. {@code DIALYSIS}, {@code HEART_FAILURE_NYHA_3_4},
 * {@code MTC_OR_MEN2}) through the terminology table; a condition with several tags yields one fact per tag. A past
 * condition of the patient (resolved, inactive, remission) is tagged {@code HISTORY_<tag>} and a relative's
 * {@code FAMILY_<tag>}, so a rule about an active condition never matches them.
 * {@code condId} is the Condition's id, or a full reference ({@code Procedure/<id>}) when the condition was derived
 * from another resource (dialysis from dialysis procedures).
 */
public record ConditionFact(String condId, int seq, String tag, String code, String display) implements Describable {
    @Override
    public String describe() {
        if (code.isEmpty()) {
            return "Patient " + display;
        }
        return (condId.contains("/") ? condId : "Condition/" + condId) + " " + display + " (" + code + ")";
    }
}
