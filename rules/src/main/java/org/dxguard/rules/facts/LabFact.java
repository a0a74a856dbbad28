package org.dxguard.rules.facts;

/**
 * A numeric lab result of a kind the rules know ({@code EGFR}, {@code HBA1C}, {@code GLUCOSE}, {@code CREATININE},
 * {@code POTASSIUM}, {@code UACR}), converted to the kind's canonical unit (eGFR mL/min/1.73m², glucose mg/dL,
 * creatinine mg/dL, HbA1c %). {@code latest} marks the most recent result of its kind; {@code ageDays} is its age
 * at the request time (-1 when undated; undated results are never "latest").
 */
public record LabFact(String obsId, String kind, String loinc, double value, String unit, long ageDays,
                      boolean latest, String date) implements Describable {

    public String valueText() {
        return Fmt.num(value);
    }

    @Override
    public String describe() {
        return "Observation/" + obsId + " " + label() + " " + Fmt.num(value) + " " + unit
            + (date == null || date.isEmpty() ? "" : " (" + date + ")");
    }

    private String label() {
        return switch (kind) {
            case "EGFR" -> "eGFR";
            case "HBA1C" -> "HbA1c";
            case "GLUCOSE" -> "glucose";
            case "CREATININE" -> "creatinine";
            case "POTASSIUM" -> "potassium";
            case "UACR" -> "urine albumin/creatinine";
            default -> kind.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
