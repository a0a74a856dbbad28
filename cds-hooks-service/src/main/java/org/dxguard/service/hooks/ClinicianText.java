package org.dxguard.service.hooks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card text for clinicians: raw FHIR references ({@code Observation/obs-7}, {@code MedicationRequest/renew-1}) are
 * removed from the summary and the rule's own text (the first lines), and UCUM annotations are written as people
 * read them everywhere ({@code mL/min/{1.73_m2}} → {@code mL/min/1.73 m²}). The evidence list under "Based on" keeps
 * each fact's reference, as does the decision record.
 */
final class ClinicianText {
    private static final Pattern REFERENCE = Pattern.compile("\\b(?:MedicationRequest|MedicationStatement|"
        + "MedicationAdministration|MedicationDispense|Medication|Observation|Condition|AllergyIntolerance|Procedure|"
        + "ServiceRequest|FamilyMemberHistory|Patient|Encounter|Practitioner|DiagnosticReport|Immunization)"
        + "/[A-Za-z0-9.\\-]{1,64}(?:/_history/[A-Za-z0-9.\\-]{1,64})? ?");
    private static final Pattern ANNOTATION = Pattern.compile("\\{([^{}\\n]{1,40})\\}");

    /** UCUM units whose clinical spelling is not the code itself. */
    private static final java.util.Map<String, String> UCUM = java.util.Map.of("Cel", "°C", "[degF]", "°F",
        "mm[Hg]", "mmHg", "[iU]/L", "IU/L", "[IU]/L", "IU/L", "[in_i]", "in", "[lb_av]", "lb");
    /** A power of ten at the start of a unit: {@code 10*9/L}, {@code 10^9/L}. */
    private static final Pattern POWER = Pattern.compile("^10[*^](\\d{1,2})");
    /** The micro prefix written as "u" before gram, mole, litre or (international) unit: {@code umol/L}, {@code ug}. */
    private static final Pattern MICRO = Pattern.compile("(?<![A-Za-z])u(?=(?:g|mol|L|IU|U)(?![A-Za-z]))");
    private static final String SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private ClinicianText() {}

    /**
     * A UCUM unit as clinicians read it, in every language ({@code Cel} → {@code °C}, {@code 10*9/L} → {@code ×10⁹/L},
     * {@code umol/L} → {@code µmol/L}, {@code mm[Hg]} → {@code mmHg}, annotations as {@link #units}); a unit it does
     * not know stays as sent. Only the spelling changes, never the value or the unit's meaning. Null for null.
     */
    static String ucum(String unit) {
        if (unit == null || unit.isBlank()) {
            return unit;
        }
        String u = unit.strip();
        String fixed = UCUM.get(u);
        if (fixed != null) {
            return fixed;
        }
        Matcher m = POWER.matcher(u);
        if (m.find()) {
            StringBuilder exp = new StringBuilder();
            m.group(1).chars().forEach(c -> exp.append(SUPERSCRIPT.charAt(c - '0')));
            u = "×10" + exp + u.substring(m.end());
        }
        return units(MICRO.matcher(u).replaceAll("µ"));
    }

    /** For the summary and the rule's own text (the card's first lines): no references, units in words. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        return units(REFERENCE.matcher(text).replaceAll(""));
    }

    /** UCUM annotations as people read them; references kept (the evidence list under "Based on"). */
    static String units(String text) {
        String out = text;
        Matcher m = ANNOTATION.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String a = m.group(1).replace('_', ' ').replaceAll("\\bm2\\b", "m²");
            m.appendReplacement(b, Matcher.quoteReplacement(a));
        }
        m.appendTail(b);
        return b.toString();
    }
}
