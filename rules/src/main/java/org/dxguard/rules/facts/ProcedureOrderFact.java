package org.dxguard.rules.facts;

/**
 * An ordered procedure among the draft orders (a draft ServiceRequest) that a terminology value set tags, e.g.
 * {@code SURGERY} ({@code terminology/surgery.csv}). Contrast studies are {@link DrugFact}s of ingredient
 * "iodinated contrast" instead, so the contrast rules see them as drafted contrast media. {@code orderId} is the
 * ServiceRequest id; {@code why} the code or text that matched.
 */
public record ProcedureOrderFact(String orderId, int seq, String tag, boolean draft, String display, String why,
                                 String source) implements Describable {
    public ProcedureOrderFact {
        source = source == null || source.isEmpty() ? "ServiceRequest" : source;
        display = display == null ? "" : display;
        why = why == null ? "" : why;
    }

    @Override
    public String describe() {
        return source + "/" + orderId + (draft ? " draft " : " ") + tag.toLowerCase(java.util.Locale.ROOT) + " order "
            + display;
    }
}
