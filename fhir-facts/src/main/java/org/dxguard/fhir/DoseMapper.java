package org.dxguard.fhir;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Timing;

/**
 * FHIR {@code Dosage} → {@link Dose}. Package-private.
 *
 * <ul>
 *   <li>amount: {@code doseAndRate[0].doseQuantity}, else {@code doseRange.low}; the UCUM code is preferred over
 *       the unit text.</li>
 *   <li>a dose counted in tablets/capsules (no unit, {@code 1}, {@code {tbl}}, {@code TAB}…) of a single-ingredient
 *       oral solid whose name gives the strength in MG (RxNorm clinical drug names, e.g. {@code 24 HR Metformin
 *       hydrochloride 500 MG Extended Release Oral Tablet}) becomes milligrams (count × strength); otherwise the
 *       count stays with unit {@code 1} (UCUM "unity"), which rules cannot turn into milligrams.</li>
 *   <li>frequency: {@code timing.repeat.frequency/period/periodUnit} (s, min, h, d, wk, mo, a); else
 *       {@code timing.code} (BID, TID, QID, QD, QOD, AM, PM, BED, Q{n}H, WK, MO); {@code asNeeded[x]} → PRN.</li>
 *   <li>route: {@code route.text}, else the first coding's display, else its code.</li>
 * </ul>
 */
final class DoseMapper {
    private static final Set<String> COUNT_UNITS = Set.of("1", "{tbl}", "{tablet}", "{tablets}", "tab", "tabs",
        "tablet", "tablets", "{cap}", "{capsule}", "cap", "caps", "capsule", "capsules", "{count}", "each", "{each}");
    private static final Pattern SOLID_STRENGTH = Pattern.compile(
        "(\\d+(?:\\.\\d+)?) MG (?:[A-Za-z ]+ )?(?:Tablet|Capsule)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern EVERY_N_HOURS = Pattern.compile("Q(\\d{1,2})H");

    private DoseMapper() {}

    /**
     * The structured dose of the first dosage instruction, or null when it has no usable amount. A {@code doseRange}
     * counts at its high end (the most the order allows); {@code maxDosePerPeriod} caps the daily amount; an
     * instruction with only {@code text} ("1 tab po bid", "每次0.5g，每日2次") is read by {@link DoseText}.
     */
    static Dose dose(Dosage dosage, String medicationText) {
        if (dosage == null || dosage.isEmpty()) {
            return null;
        }
        Quantity q = null;
        for (Dosage.DosageDoseAndRateComponent dr : dosage.getDoseAndRate()) {
            if (dr.hasDoseQuantity()) {
                q = dr.getDoseQuantity();
                break;
            }
            if (dr.hasDoseRange()) {
                Range range = dr.getDoseRange();
                q = range.hasHigh() ? range.getHigh() : range.getLow();
                break;
            }
        }
        if (q == null && dosage.hasText()) {
            Dose fromText = org.dxguard.model.DoseText.parse(dosage.getText()).orElse(null);
            if (fromText != null) {
                return fromText.frequency() != null || !dosage.hasTiming() ? fromText
                    : new Dose(fromText.amount(), fromText.unit(), frequency(dosage), route(dosage.getRoute()));
            }
        }
        Double amount = q == null ? null : FhirValues.value(q);
        if (amount == null || !(amount > 0)) {
            return null;
        }
        String unit = FhirValues.unit(q);
        Double maxPerDay = maxPerDay(dosage, unit);
        if (unit == null || org.dxguard.model.Units.isCount(unit) || COUNT_UNITS.contains(unit.toLowerCase(Locale.ROOT))) {
            Double strength = solidStrengthMg(medicationText);
            if (strength != null) {
                amount = amount * strength;
                maxPerDay = maxPerDay == null ? null : maxPerDay * strength;
                unit = "mg";
            } else {
                // the count stays a count (tablet, capsule, puff, each); the rules multiply it by the strength that
                // the terminology or the drug's description gives, or report that they cannot
                unit = unit == null ? "each" : org.dxguard.model.Units.isCount(unit) ? unit : "each";
            }
        }
        DoseFrequency f = frequency(dosage);
        if (f == null && dosage.hasText()) {
            f = org.dxguard.model.DoseText.frequency(dosage.getText());
        }
        return new Dose(amount, unit, f, route(dosage.getRoute()), maxPerDay);
    }

    /** {@code maxDosePerPeriod} as an amount per day in the dose's unit, when its numerator has that unit. */
    private static Double maxPerDay(Dosage dosage, String doseUnit) {
        if (!dosage.hasMaxDosePerPeriod()) {
            return null;
        }
        org.hl7.fhir.r4.model.Ratio r = dosage.getMaxDosePerPeriod();
        Double n = r.hasNumerator() ? FhirValues.value(r.getNumerator()) : null;
        Double d = r.hasDenominator() ? FhirValues.value(r.getDenominator()) : null;
        if (n == null || d == null || !(n > 0) || !(d > 0)) {
            return null;
        }
        String nu = FhirValues.unit(r.getNumerator());
        boolean sameUnit = nu == null ? doseUnit == null
            : doseUnit != null && org.dxguard.model.Units.normalise(nu).equals(org.dxguard.model.Units.normalise(doseUnit));
        if (!sameUnit) {
            return null;
        }
        String du = FhirValues.unit(r.getDenominator());
        if (du == null) {
            return null;
        }
        double days = switch (du.toLowerCase(Locale.ROOT)) {
            case "h", "hr", "hour", "hours" -> d / 24.0;
            case "d", "day", "days" -> d;
            case "wk", "week", "weeks" -> d * 7.0;
            default -> Double.NaN;
        };
        return Double.isNaN(days) ? null : n / days;
    }

    /** The strength in mg of a single-ingredient tablet/capsule named like an RxNorm clinical drug, or null. */
    static Double solidStrengthMg(String text) {
        if (text == null || text.contains("/")) {
            return null;
        }
        Matcher m = SOLID_STRENGTH.matcher(text);
        if (!m.find()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        return v > 0 ? v : null;
    }

    static DoseFrequency frequency(Dosage dosage) {
        boolean prn = dosage.hasAsNeeded() && (!dosage.hasAsNeededBooleanType()
            || dosage.getAsNeededBooleanType().booleanValue());
        Timing timing = dosage.hasTiming() ? dosage.getTiming() : null;
        if (timing == null) {
            return null;
        }
        if (timing.hasRepeat()) {
            Timing.TimingRepeatComponent r = timing.getRepeat();
            if (r.hasFrequency() || r.hasPeriod()) {
                int count = r.hasFrequency() ? r.getFrequency() : 1;
                double period = r.hasPeriod() ? r.getPeriod().doubleValue() : 1.0;
                Double days = r.hasPeriodUnit() ? days(period, r.getPeriodUnit()) : (Double) period;
                if (count >= 1 && days != null && days > 0) {
                    return new DoseFrequency(count, days, prn);
                }
            }
        }
        DoseFrequency byCode = fromTimingCode(timing.getCode(), prn);
        return byCode;
    }

    private static Double days(double period, Timing.UnitsOfTime unit) {
        return switch (unit) {
            case S -> period / 86_400.0;
            case MIN -> period / 1_440.0;
            case H -> period / 24.0;
            case D -> period;
            case WK -> period * 7.0;
            case MO -> period * 30.0;
            case A -> period * 365.0;
            default -> null;
        };
    }

    private static DoseFrequency fromTimingCode(CodeableConcept code, boolean prn) {
        if (code == null || code.isEmpty()) {
            return null;
        }
        String c = FhirValues.firstCode(code);
        if (c == null && code.hasText()) {
            c = code.getText().trim().toLowerCase(Locale.ROOT);
        }
        if (c == null) {
            return null;
        }
        String upper = c.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "QD", "DAILY", "AM", "PM", "BED", "HS", "QHS":
                return new DoseFrequency(1, 1.0, prn);
            case "BID":
                return new DoseFrequency(2, 1.0, prn);
            case "TID":
                return new DoseFrequency(3, 1.0, prn);
            case "QID":
                return new DoseFrequency(4, 1.0, prn);
            case "QOD":
                return new DoseFrequency(1, 2.0, prn);
            case "WK":
                return new DoseFrequency(1, 7.0, prn);
            case "MO":
                return new DoseFrequency(1, 30.0, prn);
            default:
                Matcher m = EVERY_N_HOURS.matcher(upper);
                if (m.matches()) {
                    int hours = Integer.parseInt(m.group(1));
                    if (hours >= 1 && hours <= 24) {
                        return new DoseFrequency(1, hours / 24.0, prn);
                    }
                }
                return null;
        }
    }

    private static String route(CodeableConcept route) {
        if (route == null || route.isEmpty()) {
            return null;
        }
        String text = FhirValues.text(route);
        return text != null ? text : FhirValues.firstCode(route);
    }
}
