package org.dxguard.rules.facts;

import java.util.Map;

/**
 * Why the daily amount of an order could not be computed, as parts ({@link Kind}, the amount and unit as written), so
 * that a card renders it in its own language (engine message {@code dose.problem}) and the decision record keeps the
 * English text ({@link #toString()}). {@link #NONE} when the amount was computed or no dose was needed.
 */
public record DoseProblem(Kind kind, double amount, String unit) {

    /** The reasons a daily amount is not computed. */
    public enum Kind { NONE, NO_DOSE, NO_FREQUENCY, COMBINATION_BY_MASS, UNITS_FOR_MG_DRUG, STRENGTH_UNKNOWN,
        UNIT_NOT_CONVERTIBLE }

    /** No problem. */
    public static final DoseProblem NONE = new DoseProblem(Kind.NONE, 0, "");

    public DoseProblem {
        kind = kind == null ? Kind.NONE : kind;
        unit = unit == null ? "" : unit;
    }

    public static DoseProblem of(Kind kind) {
        return new DoseProblem(kind, 0, "");
    }

    public static DoseProblem of(Kind kind, String unit) {
        return new DoseProblem(kind, 0, unit);
    }

    public boolean present() {
        return kind != Kind.NONE;
    }

    /** The parameters of the {@code dose.problem} message. */
    public Map<String, Object> params() {
        return Map.of("kind", kind.name(), "amount", Fmt.num(amount), "unit", unit);
    }

    /** The English text, as decision records and data notes have always said it ("" for {@link #NONE}). */
    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "";
            case NO_DOSE -> "no dose given";
            case NO_FREQUENCY -> Fmt.num(amount) + " " + unit + " with no frequency";
            case COMBINATION_BY_MASS -> "combination product dosed by mass";
            case UNITS_FOR_MG_DRUG -> "units given for a drug dosed in mg";
            case STRENGTH_UNKNOWN -> "strength per " + unit + " unknown";
            case UNIT_NOT_CONVERTIBLE -> "unit '" + unit + "' not convertible";
        };
    }
}
