package org.dxguard.rules.facts;

/**
 * A numeric lab result of a kind the rules know ({@code EGFR}, {@code HBA1C}, {@code GLUCOSE}, {@code CREATININE},
 * {@code POTASSIUM}, {@code UACR}, {@code ALT} in U/L; {@code ALT_ULN}: the ALT divided by the upper limit of its
 * reference range as the lab sent it, only when one was sent), converted to the kind's unit ({@code terminology/lab-kinds.csv}: eGFR
 * mL/min/1.73m², glucose mg/dL, creatinine mg/dL, HbA1c %). {@code latest} marks the most recent result of its kind;
 * {@code ageDays} is its age at the request time (-1 when undated). {@code current} is true when it is young enough
 * for its value ({@code terminology/lab-freshness.csv}, limit {@code maxAgeDays}; an undated result is never
 * current): rules that decide on a value match {@code current} results only. {@code derived} says how the value was
 * obtained when it was not measured as such (eGFR calculated from creatinine, ALT as a multiple of its upper limit),
 * else ""; {@code from} then holds the parts it was calculated from ({@link From#NONE} otherwise), so a card renders
 * the note in its language from the parts, never by reading {@code derived}.
 */
public record LabFact(String obsId, String kind, String loinc, double value, String unit, long ageDays,
                      boolean latest, String date, boolean current, int maxAgeDays, String derived,
                      From from)
    implements Describable {

    /**
     * The measured parts a derived value was calculated from: {@code value} in {@code unit} (the creatinine in mg/dL
     * for an eGFR, the ALT as sent for {@code ALT_ULN}) and, for a multiple of a limit, the {@code upperLimit} in the
     * same unit (-1 otherwise).
     */
    public record From(double value, String unit, double upperLimit) {
        /** Not derived. */
        public static final From NONE = new From(-1, "", -1);

        public From {
            unit = unit == null ? "" : unit;
        }

        /** Calculated from a creatinine in mg/dL. */
        public static From creatinine(double mgPerDl) {
            return new From(mgPerDl, "mg/dL", -1);
        }

        /** A value divided by the upper limit of its reference range, both in {@code unit}. */
        public static From ofLimit(double value, String unit, double upperLimit) {
            return new From(value, unit, upperLimit);
        }

        public boolean present() {
            return value >= 0;
        }
    }

    /** A measured result (or one derived without a creatinine value). */
    public LabFact(String obsId, String kind, String loinc, double value, String unit, long ageDays, boolean latest,
                   String date, boolean current, int maxAgeDays, String derived) {
        this(obsId, kind, loinc, value, unit, ageDays, latest, date, current, maxAgeDays, derived, From.NONE);
    }

    /** A result with no freshness limit known: current when dated. */
    public LabFact(String obsId, String kind, String loinc, double value, String unit, long ageDays, boolean latest,
                   String date) {
        this(obsId, kind, loinc, value, unit, ageDays, latest, date, ageDays >= 0, -1, "");
    }

    public LabFact {
        derived = derived == null ? "" : derived;
        loinc = loinc == null ? "" : loinc;
        from = from == null ? From.NONE : from;
    }

    public String valueText() {
        return Fmt.num(value);
    }

    /** "12 days old", "today", "undated". */
    public String ageText() {
        if (ageDays < 0) {
            return "undated";
        }
        return ageDays == 0 ? "from today" : ageDays == 1 ? "1 day old" : ageDays + " days old";
    }

    @Override
    public String describe() {
        return "Observation/" + obsId + " " + label() + " " + Fmt.num(value) + " " + unit
            + (derived.isEmpty() ? "" : " (" + derived + ")")
            + (date == null || date.isEmpty() ? "" : " (" + date + ", " + ageText() + ")");
    }

    /** The kind's name for people: eGFR, HbA1c, glucose… */
    public String label() {
        return label(kind);
    }

    /** A lab kind's name for people, without a result: eGFR, HbA1c, glucose… */
    public static String label(String kind) {
        return switch (kind) {
            case "EGFR" -> "eGFR";
            case "HBA1C" -> "HbA1c";
            case "GLUCOSE" -> "glucose";
            case "CREATININE" -> "creatinine";
            case "POTASSIUM" -> "potassium";
            case "UACR" -> "urine albumin/creatinine";
            case "ALT" -> "ALT";
            case "ALT_ULN" -> "ALT / upper limit of normal";
            default -> kind.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
