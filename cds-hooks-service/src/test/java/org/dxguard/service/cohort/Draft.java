package org.dxguard.service.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;

/**
 * A draft MedicationRequest sent in one order-sign call, as the oracle reads it: ingredients from the display text
 * and the daily amount from the FHIR dosage (null when the dosage does not say).
 *
 * @param kind      {@code renewal} (an active medication re-signed), {@code new-metformin}, {@code new-empagliflozin}
 *                  or {@code new-clarithromycin}
 * @param dailyMg   mg per day, or null when unknown
 * @param dailyUnits insulin units per day, or null when unknown
 */
record Draft(String kind, String rxnorm, String display, Set<String> ingredients, Double dailyMg, Double dailyUnits) {
    static final String RENEWAL = "renewal";
    static final String NEW_METFORMIN = "new-metformin";
    static final String NEW_SGLT2 = "new-empagliflozin";
    static final String NEW_CLARITHROMYCIN = "new-clarithromycin";

    Draft {
        ingredients = Set.copyOf(ingredients);
    }

    static Draft of(String kind, JsonNode medicationRequest) {
        JsonNode coding = medicationRequest.at("/medicationCodeableConcept/coding/0");
        String display = coding.path("display").asText(medicationRequest.at("/medicationCodeableConcept/text").asText());
        Set<String> ingredients = DrugKnowledge.ingredients(display);
        Double perDay = perDay(medicationRequest.at("/dosageInstruction/0"));
        JsonNode q = medicationRequest.at("/dosageInstruction/0/doseAndRate/0/doseQuantity");
        Double dailyMg = null;
        Double dailyUnits = null;
        if (perDay != null && q.has("value")) {
            double amount = q.get("value").asDouble();
            String unit = q.path("code").asText(q.path("unit").asText("")).toLowerCase(Locale.ROOT);
            if (unit.equals("mg")) {
                dailyMg = amount * perDay;
            } else if (unit.equals("g")) {
                dailyMg = amount * 1000 * perDay;
            } else if (unit.equals("[iu]") || unit.equals("u") || unit.startsWith("unit")) {
                dailyUnits = amount * perDay;
            } else if (unit.isEmpty() || unit.startsWith("{tab") || unit.startsWith("tab") || unit.startsWith("{cap")) {
                Double mg = DrugKnowledge.mgPerUnit(display).orElse(null);
                dailyMg = mg == null || display.toLowerCase(Locale.ROOT).contains("/ml") ? null : amount * mg * perDay;
            } else if (unit.equals("ml")) {
                Double u = DrugKnowledge.unitsPerMl(display).orElse(null);
                dailyUnits = u == null ? null : amount * u * perDay;
            }
        }
        return new Draft(kind, coding.path("code").asText(), display, ingredients, dailyMg, dailyUnits);
    }

    /** Administrations per day from timing.repeat; null when the timing is missing or not daily-convertible. */
    private static Double perDay(JsonNode dosage) {
        JsonNode repeat = dosage.at("/timing/repeat");
        if (repeat.isMissingNode() || !repeat.has("frequency")) {
            return null;
        }
        double frequency = repeat.get("frequency").asDouble();
        double period = repeat.path("period").asDouble(1);
        double days = switch (repeat.path("periodUnit").asText("d")) {
            case "h" -> period / 24.0;
            case "d" -> period;
            case "wk" -> period * 7;
            case "mo" -> period * 30;
            default -> Double.NaN;
        };
        return Double.isNaN(days) || days <= 0 ? null : frequency / days;
    }

    boolean has(Set<String> cls) {
        return DrugKnowledge.inAny(ingredients, cls);
    }

    @Override
    public String toString() {
        return kind + " " + display + " (RxNorm " + rxnorm + (dailyMg != null ? ", " + fmt(dailyMg) + " mg/day" : "")
            + (dailyUnits != null ? ", " + fmt(dailyUnits) + " units/day" : "") + ")";
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
