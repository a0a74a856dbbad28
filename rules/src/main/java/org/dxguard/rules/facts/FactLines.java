package org.dxguard.rules.facts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dxguard.model.Code;
import org.dxguard.rules.Messages;
import org.dxguard.rules.Terminology;

/**
 * A card's "Based on" line for one matched fact, in one language, rendered from the fact's structured parts
 * (reference, code, name, status, value, unit, date) with the engine's message templates ({@code fact.*} in
 * {@code messages.yaml}, English and Chinese side by side; issue 20). The English line of the decision record stays
 * {@link Describable#describe()}; the English templates give the same text (a test checks it), so an author sees both
 * languages side by side. Names in a language other than English:
 * <ul>
 *   <li>a condition: its code's own name, else its value-set concept's name ({@link Terminology#localConditionName});
 *       else the record's display as sent, marked with the group it belongs to ({@code fact.name.in-group}) or as
 *       having no name in that language ({@code fact.name.none}); a problem-list text is the clinician's own wording
 *       and is shown as written;</li>
 *   <li>a drug or an allergy's ingredient: the ingredient's generic name ({@link Terminology#localName}); an
 *       ingredient without one is marked; a medication or allergy the terminology did not resolve keeps the record's
 *       text (it may be written in either language);</li>
 *   <li>a lab: its kind's name ({@code lab.KIND}); value, unit and date as they were; the derived-eGFR note from its
 *       creatinine value.</li>
 * </ul>
 * Lines are built only for the languages of the call ({@code CompiledRuleSet} asks for the call's locale).
 */
public final class FactLines {
    private final Messages messages;
    private final Terminology terminology;

    /** @param terminology the names in each language; null: names as written, ingredients in English */
    public FactLines(Messages messages, Terminology terminology) {
        this.messages = messages;
        this.terminology = terminology;
    }

    /** The line of {@code fact} in {@code lang} (a BCP 47 tag); {@link Describable#describe()} for other facts. */
    public String line(Describable fact, String lang) {
        if (fact instanceof ConditionFact c) {
            return condition(c, lang);
        }
        if (fact instanceof DrugFact d) {
            return drug(d, lang);
        }
        if (fact instanceof LabFact l) {
            return lab(l, lang);
        }
        if (fact instanceof AllergyFact a) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ref", "AllergyIntolerance/" + a.allergyId());
            p.put("name", a.ingredient().isEmpty() ? a.display() : ingredientName(a.ingredient(), a.display(), lang));
            p.put("high", a.highCriticality());
            return format("fact.allergy", lang, p);
        }
        if (fact instanceof ProcedureOrderFact o) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ref", o.source() + "/" + o.orderId());
            p.put("draft", o.draft());
            p.put("tag", o.tag());
            p.put("tagText", o.tag().toLowerCase(Locale.ROOT));
            p.put("name", o.display());
            return format("fact.procedure", lang, p);
        }
        if (fact instanceof PatientFact f) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ageKnown", f.ageKnown());
            p.put("age", String.valueOf(f.ageYears()));
            p.put("weightKnown", f.weightKnown());
            p.put("weight", Fmt.num(f.weightKg()));
            p.put("pregnant", f.pregnant());
            return format("fact.patient", lang, p);
        }
        if (fact instanceof EncounterFact e) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("ref", e.encId().isEmpty() ? "Encounter" : "Encounter/" + e.encId());
            p.put("status", e.status());
            p.put("inProgress", "in-progress".equals(e.status()));
            p.put("cls", e.classCode().isEmpty() ? "none" : e.classCode());
            p.put("clsText", e.classCode().toLowerCase(Locale.ROOT));
            return format("fact.encounter", lang, p);
        }
        return fact.describe();
    }

    private String condition(ConditionFact c, String lang) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (c.code().isEmpty()) {
            // a fact the builder made from the record's status, not from a coded condition
            p.put("what", "pregnancy-status".equals(c.condId()) ? "pregnant" : "other");
            p.put("name", c.recordName());
            return format("fact.patient-status", lang, p);
        }
        p.put("lead", c.lead().isEmpty() ? "none" : c.lead());
        p.put("ref", c.condId().contains("/") ? c.condId() : "Condition/" + c.condId());
        p.put("code", c.code());
        boolean text = "text".equals(c.code());
        p.put("name", text || Messages.EN.equals(lang) ? c.recordName() : conditionName(c, lang));
        return format("fact.condition", lang, p);
    }

    private String conditionName(ConditionFact c, String lang) {
        int space = c.code().indexOf(' ');
        Code code = space < 0 ? null : Code.of(c.code().substring(0, space), c.code().substring(space + 1));
        if (terminology == null || code == null) {
            return c.recordName();
        }
        String own = terminology.localConditionName(code, lang);
        if (own != null) {
            return own;
        }
        String group = terminology.localConditionGroup(code, lang);
        return group != null ? format("fact.name.in-group", lang, Map.of("name", c.recordName(), "group", group))
            : format("fact.name.none", lang, Map.of("name", c.recordName()));
    }

    private String drug(DrugFact d, String lang) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ref", d.ref());
        p.put("status", d.draft() ? "draft" : d.stoppedOn().isEmpty() ? "active" : "stopped");
        p.put("stopped", d.stoppedOn());
        p.put("name", d.ingredient().isEmpty() ? d.display() : ingredientName(d.ingredient(), d.ingredient(), lang));
        p.put("hasRxcui", !d.rxcui().isEmpty());
        p.put("rxcui", d.rxcui());
        p.put("dose", d.dailyMg() >= 0 ? "mg" : d.dailyUnits() >= 0 ? "units" : d.doseUnread() ? "unread" : "none");
        p.put("amount", Fmt.num(d.dailyMg() >= 0 ? d.dailyMg() : d.dailyUnits()));
        p.put("problem", doseProblem(d.doseProblem(), lang));
        return format("fact.drug", lang, p);
    }

    private String lab(LabFact l, String lang) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ref", "Observation/" + l.obsId());
        p.put("lab", labName(l, lang));
        p.put("value", l.valueText());
        p.put("unit", unitText(l, lang));
        p.put("derived", derivedNote(l, lang));
        p.put("dated", l.date() != null && !l.date().isEmpty());
        p.put("date", l.date() == null ? "" : l.date());
        p.put("age", l.ageDays() < 0 ? -1 : l.ageDays());
        p.put("days", String.valueOf(l.ageDays()));
        return format("fact.lab", lang, p);
    }

    /**
     * A lab kind's name in {@code lang}: engine message {@code fact.lab.KIND} (a longer name a list can afford), else
     * {@code lab.KIND}, else the English label.
     */
    String labName(LabFact l, String lang) {
        return Messages.EN.equals(lang) ? l.label() : labName(l.kind(), lang);
    }

    private String labName(String kind, String lang) {
        for (String k : new String[] {"fact.lab." + kind, "lab." + kind}) {
            if (messages.has(k)) {
                return messages.format(k, lang, Map.of());
            }
        }
        return LabFact.label(kind);
    }

    /** Why a dose was not read, in {@code lang} (engine message {@code dose.problem}; "" when it was read). */
    public String doseProblem(DoseProblem problem, String lang) {
        return problem.present() ? format("dose.problem", lang, problem.params()) : "";
    }

    /** The fact's unit for a card in {@code lang}: UCUM as sent, the multiple of an upper limit as words. */
    public String unitText(LabFact l, String lang) {
        return "x ULN".equals(l.unit()) ? format("fact.lab.unit.x-uln", lang, Map.of()) : l.unit();
    }

    /**
     * How a derived value was obtained, in {@code lang}, with its leading space or bracket ("" for a measured value):
     * the eGFR calculated from creatinine by its template, any other derivation as the fact wrote it.
     */
    public String derivedNote(LabFact l, String lang) {
        if (l.derived().isEmpty()) {
            return "";
        }
        LabFact.From f = l.from();
        if (f.present() && f.upperLimit() > 0) {
            return format("fact.lab.derived-upper-limit", lang, Map.of("lab", labName(l.kind().replace("_ULN", ""),
                lang), "value", Fmt.num(f.value()), "unit", f.unit(), "limit", Fmt.num(f.upperLimit())));
        }
        if (f.present()) {
            return format("fact.lab.derived-egfr", lang, Map.of("creatinine", Fmt.num(f.value())));
        }
        return " (" + l.derived() + ")";
    }

    private String ingredientName(String ingredient, String asWritten, String lang) {
        if (Messages.EN.equals(lang)) {
            return asWritten;
        }
        StringBuilder b = new StringBuilder();
        for (String part : ingredient.split("\\+")) {
            String local = terminology == null ? null : terminology.localName(part, lang);
            if (local == null) {
                return format("fact.name.none", lang, Map.of("name", asWritten));
            }
            b.append(b.length() == 0 ? "" : "+").append(local);
        }
        return b.toString();
    }

    private String format(String key, String lang, Map<String, ?> p) {
        return messages.format(key, lang, p);
    }
}
