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

    private ClinicianText() {}

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
