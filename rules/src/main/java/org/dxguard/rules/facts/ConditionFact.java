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
    /** {@code family} for a relative's condition, {@code history} for a past one, else "". */
    public String lead() {
        return tag.startsWith("FAMILY_") ? "family" : tag.startsWith("HISTORY_") ? "history" : "";
    }

    /** The record's name of the condition ({@code display} without the "family history of "/"history of " lead). */
    public String recordName() {
        String lead = switch (lead()) {
            case "family" -> FAMILY_LEAD;
            case "history" -> HISTORY_LEAD;
            default -> "";
        };
        return !lead.isEmpty() && display.startsWith(lead) ? display.substring(lead.length()) : display;
    }

    /** The English leads the fact builder writes before a relative's or a past condition's name. */
    public static final String FAMILY_LEAD = "family history of ";
    public static final String HISTORY_LEAD = "history of ";

    @Override
    public String describe() {
        if (code.isEmpty()) {
            return "Patient " + display;
        }
        return (condId.contains("/") ? condId : "Condition/" + condId) + " " + display + " (" + code + ")";
    }
}
