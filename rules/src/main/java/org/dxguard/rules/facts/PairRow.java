package org.dxguard.rules.facts;

/**
 * One row of a pair table ({@code tables/<table>.csv} with columns {@code id,left,right,...}): e.g. an allergen
 * class and a cross-sensitive drug class, or a drug class and a contraindicating condition tag.
 */
public record PairRow(String table, String id, String left, String right, String severity, String note)
    implements Describable {
    public PairRow {
        severity = severity == null ? "" : severity;
        note = note == null ? "" : note;
    }

    @Override
    public String describe() {
        return "Table " + table + ": " + left + " / " + right;
    }
}
