package org.dxguard.rules.facts;

/**
 * One row of a package's reference table ({@code tables/<table>.csv}): a threshold or limit keyed by ingredient
 * or class and an optional qualifier (e.g. release {@code IR}/{@code ER}). Rules join drugs against these rows so
 * that authors change numbers in a spreadsheet, not in DRL.
 */
public record TableRow(String table, String key, String qualifier, double value, String note, String source)
    implements Describable {
    public TableRow {
        qualifier = qualifier == null ? "" : qualifier;
        note = note == null ? "" : note;
        source = source == null ? "" : source;
    }

    public String valueText() {
        return Fmt.num(value);
    }

    @Override
    public String describe() {
        return "Table " + table + ": " + key + (qualifier.isEmpty() ? "" : "/" + qualifier) + " = " + Fmt.num(value)
            + (source.isEmpty() ? "" : " [" + source + "]");
    }
}
