package org.dxguard.service.hooks;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Code;
import org.dxguard.rules.Terminology;

/**
 * The "Based on" lines of a rule card in the call's language (issue 20). A rule finding's {@code triggeredBy} lines
 * are the facts' own descriptions ({@code ConditionFact}, {@code DrugFact}, {@code LabFact} in the rules module:
 * resource reference, name, values), in English, and stay so in the decision record and for the veto. For a Chinese
 * card each line of those three shapes is rendered again:
 * <ul>
 *   <li>a condition's name is the Chinese name of its code when the terminology has one
 *       ({@link Terminology#localConditionName}: the national-edition ICD-10 code's name, or the value-set concept's
 *       name); otherwise the record's own display, as the EHR sent it (never machine-translated);</li>
 *   <li>a drug is named by its ingredient's Chinese generic name ({@link Terminology#localName}), a name the
 *       terminology does not know stays as written; order status and "per day" are the product's Chinese words;</li>
 *   <li>a lab is named by the Chinese name of its kind (a fixed product text), the value, unit and date unchanged.</li>
 * </ul>
 * The reference and codes stay (a reviewer finds the resource). A line of any other shape, and every line of a
 * non-Chinese card, is returned as it is.
 */
final class BasedOnLines {
    private static final Pattern CONDITION = Pattern.compile(
        "((?:Condition|Procedure|Observation)/\\S+) (family history of )?(.+) \\((SNOMED|ICD10) ([^()\\s]+)\\)");
    private static final Pattern DRUG = Pattern.compile("((?:MedicationRequest|MedicationStatement)/\\S+) "
        + "(draft|active|stopped (\\S+)) (.+?)( \\(RxNorm [^)]*\\))?(?: ([0-9][0-9.,]*) (mg|units)/day|, dose not read: "
        + "(.*))?");
    private static final Pattern LAB = Pattern.compile(
        "(Observation/\\S+) (eGFR|HbA1c|glucose|creatinine|potassium|urine albumin/creatinine) (\\S+ \\S+)(.*?)"
        + "(?: \\((\\d{4}-\\d{2}-\\d{2}), (?:from today|(\\d+) days? old)\\))?");

    private BasedOnLines() {}

    /** The line in {@code locale}; {@code terminology} may be null (names then stay as written). */
    static String localize(String line, Locale locale, Terminology terminology) {
        if (locale == null || !"zh".equals(locale.getLanguage()) || line == null) {
            return line;
        }
        Matcher m = CONDITION.matcher(line);
        if (m.matches()) {
            String name = terminology == null ? null
                : terminology.localConditionName(Code.of(m.group(4), m.group(5)), locale.toLanguageTag());
            return m.group(1) + " " + (m.group(2) == null ? "" : t("card.fact.family-history", locale))
                + (name == null ? m.group(3) : name) + " (" + m.group(4) + " " + m.group(5) + ")";
        }
        m = DRUG.matcher(line);
        if (m.matches()) {
            String status = m.group(3) != null ? t("card.fact.stopped", locale, "date", m.group(3))
                : t("card.fact." + m.group(2), locale);
            StringBuilder b = new StringBuilder(m.group(1)).append(' ').append(status).append(' ')
                .append(drugName(m.group(4), locale, terminology));
            if (m.group(5) != null) {
                b.append(m.group(5));
            }
            if (m.group(6) != null) {
                b.append(' ').append(t("card.fact.per-day", locale, "amount", m.group(6), "unit", m.group(7)));
            } else if (m.group(8) != null) {
                b.append(t("card.fact.dose-unread", locale, "problem", m.group(8)));
            }
            return b.toString();
        }
        m = LAB.matcher(line);
        if (m.matches()) {
            StringBuilder b = new StringBuilder(m.group(1)).append(' ')
                .append(t("card.lab." + m.group(2).replace(' ', '-').replace('/', '-'), locale)).append(' ')
                .append(m.group(3)).append(m.group(4));
            if (m.group(5) != null) {
                b.append(" (").append(m.group(5)).append(t("card.fact.comma", locale))
                    .append(t("card.fact.days-old", locale, "days", m.group(6) == null ? 0 : Long.parseLong(m.group(6))))
                    .append(')');
            }
            return b.toString();
        }
        return line;
    }

    /** "metformin" → 二甲双胍, "metformin+sitagliptin" → 二甲双胍+西格列汀; a name not known stays as written. */
    private static String drugName(String name, Locale locale, Terminology terminology) {
        if (terminology == null) {
            return name;
        }
        String[] parts = name.split("\\+");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String local = terminology.localName(parts[i], locale.toLanguageTag());
            if (local == null) {
                return name;
            }
            b.append(i == 0 ? "" : "+").append(local);
        }
        return b.toString();
    }

    private static String t(String key, Locale locale, Object... params) {
        return ServiceTexts.format(key, locale, params);
    }
}
