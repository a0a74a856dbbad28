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

    /** The qualifier read as a number (e.g. an eGFR bound), or NaN when it is blank or not a number. */
    public double qualifierValue() {
        try {
            return qualifier.isBlank() ? Double.NaN : Double.parseDouble(qualifier.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
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
