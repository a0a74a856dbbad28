package org.dxguard.rules.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.model.LocalizedText;
import org.dxguard.model.Code;
import org.dxguard.model.Dose;
import org.dxguard.model.Medication;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.dxguard.rules.Messages;
import org.dxguard.rules.Terminology;

/**
 * The global every rule reports through ({@code global org.dxguard.rules.facts.Alerts alert;}). A consequence
 * names message keys of its package's {@code messages.yaml} and passes the parameters as name/value pairs:
 * <pre>
 *   alert.critical("ADA-MET-001.summary", "egfr", $e.valueText(), "drug", $d, "draft", $d.draft())
 *        .detail("ADA-MET-001.detail").cancel($d);
 * </pre>
 * The detail and the action label use the summary's parameters. A {@link DrugFact} parameter renders as the drug's
 * name in each language (Chinese generic name from the terminology). Text that is not a message key is shown as
 * written, in every language (the fallback for rules not converted yet; {@code guidelines validate} rejects it in a
 * package that declares more languages than English).
 * The rule id, version, citation and the matched facts are added by the engine; rules only state the clinical
 * content. One instance per evaluation; not thread-safe (a stateless session runs on one thread).
 */
public final class Alerts {
    /** The lab ordered when an eGFR is missing or old: LOINC 98979-8, eGFR by CKD-EPI 2021 (race-free). */
    public static final Code EGFR_ORDER_CODE = new Code(Code.LOINC, "98979-8",
        "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)");

    /** An alert being written by the current rule activation. */
    public final class Alert {
        final Severity severity;
        final String summaryKey;
        final Map<String, Object> args;
        final String summary;
        final Object match;
        String detail;
        String detailKey;
        SuggestedAction action;
        String actionKey;
        Map<String, Object> actionArgs = Map.of();

        Alert(Severity severity, String summaryKey, Map<String, Object> args, Object match) {
            this.severity = severity;
            this.summaryKey = summaryKey;
            this.args = args;
            this.summary = summaryKey == null ? null : render(summaryKey, Messages.EN, args);
            this.match = match;
        }

        Alert(Severity severity, String summary, Object match) {
            this.severity = severity;
            this.summaryKey = null;
            this.args = Map.of();
            this.summary = summary;
            this.match = match;
        }

        /** Whether the summary came from a message template (false: literal English text). */
        public boolean templated() {
            return summaryKey != null;
        }

        /**
         * The texts in {@code lang} (a BCP 47 tag), or null when the summary is literal text or its message lacks
         * that language. {@code labNotes} are appended to the detail (the lab values the rule read).
         */
        public LocalizedText in(String lang, String labNotes) {
            if (summaryKey == null || !messages.hasLanguage(summaryKey, lang)) {
                return null;
            }
            String s = render(summaryKey, lang, args);
            String d = detailKey != null ? render(detailKey, lang, args) : detail;
            if (labNotes != null && !labNotes.isBlank()) {
                d = d == null || d.isBlank() ? labNotes : d + "\n\n" + labNotes;
            }
            String label = action == null ? null
                : actionKey != null ? render(actionKey, lang, actionArgs) : action.label();
            return new LocalizedText(fit(s), d, label);
        }

        public Severity severity() {
            return severity;
        }

        public String summary() {
            return summary;
        }

        public String detail() {
            return detail;
        }

        public SuggestedAction action() {
            return action;
        }

        public Object match() {
            return match;
        }

        /** The detail: a message key (formatted with the summary's parameters) or literal text. */
        public Alert detail(String keyOrText) {
            if (messages.has(keyOrText)) {
                this.detailKey = keyOrText;
                this.detail = render(keyOrText, Messages.EN, args);
            } else {
                this.detail = keyOrText;
            }
            return this;
        }

        private Alert label(String key, Map<String, Object> labelArgs) {
            this.actionKey = key;
            this.actionArgs = labelArgs;
            return this;
        }

        /** Cancel a draft order, or stop a medication the patient takes. */
        public Alert cancel(DrugFact drug) {
            String key = drug.draft() ? "action.cancel-order" : "action.stop";
            Map<String, Object> a = Map.of("drug", drug);
            this.action = new SuggestedAction(drug.draft() ? SuggestedAction.Kind.CANCEL_ORDER
                : SuggestedAction.Kind.STOP_MEDICATION, render(key, Messages.EN, a), drug.medId(), null, null);
            return label(key, a);
        }

        /** Cancel whichever of the two is a draft order (the first one when both are). */
        public Alert cancelDraft(DrugFact a, DrugFact b) {
            return cancel(a.draft() ? a : b.draft() ? b : a);
        }

        /** Stop (hold) a medication the patient takes; the label is a message key (the summary's parameters) or text. */
        public Alert hold(DrugFact drug, String labelKeyOrText) {
            boolean key = messages.has(labelKeyOrText);
            this.action = new SuggestedAction(SuggestedAction.Kind.STOP_MEDICATION,
                key ? render(labelKeyOrText, Messages.EN, args) : labelKeyOrText, drug.medId(), null, null);
            return key ? label(labelKeyOrText, args) : label(null, Map.of());
        }

        /**
         * Change a draft order so that its daily amount becomes {@code newDaily} {@code unit}, keeping the ordered
         * frequency and route. Ignored (no action) for a medication that is not a draft or has no structured dose.
         */
        public Alert changeDailyDose(DrugFact drug, double newDaily, String unit) {
            Medication m = meds.get(drug.medId());
            if (!drug.draft() || m == null || !(newDaily > 0)) {
                return this;
            }
            Dose old = m.dose();
            double perDay = old == null || old.frequency() == null ? 1.0 : old.frequency().perDay();
            double amount = roundDose(newDaily / perDay, unit);
            Dose nd = new Dose(amount, unit, old == null ? null : old.frequency(), old == null ? null : old.route());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("drug", drug);
            a.put("amount", Fmt.num(amount));
            a.put("unit", nd.unit());
            a.put("freq", old != null && old.frequency() != null);
            a.put("perDay", old == null || old.frequency() == null ? "" : Fmt.num(perDay));
            this.action = new SuggestedAction(SuggestedAction.Kind.CHANGE_DOSE,
                render("action.change-dose", Messages.EN, a), drug.medId(), nd, null);
            return label("action.change-dose", a);
        }

        /** Order a lab by LOINC code; the label is a message key (the summary's parameters) or text. */
        public Alert orderLab(String loinc, String labelKeyOrText) {
            boolean key = messages.has(labelKeyOrText);
            String label = key ? render(labelKeyOrText, Messages.EN, args) : labelKeyOrText;
            this.action = new SuggestedAction(SuggestedAction.Kind.ORDER_LAB, label, null, null,
                new Code(Code.LOINC, loinc, label));
            return key ? label(labelKeyOrText, args) : label(null, Map.of());
        }

        /** Order an eGFR (LOINC 98979-8). */
        public Alert orderEgfr() {
            this.action = new SuggestedAction(SuggestedAction.Kind.ORDER_LAB,
                render("action.order-egfr", Messages.EN, Map.of()), null, null, EGFR_ORDER_CODE);
            return label("action.order-egfr", Map.of());
        }
    }

    private final Map<String, Medication> meds;
    private final Messages messages;
    private final Terminology terminology;
    private final FactLines lines;
    private final List<Alert> alerts = new ArrayList<>();
    private Object currentMatch;

    /** @param meds the request's medications by id, so dose changes can keep frequency and route */
    public Alerts(Map<String, Medication> meds) {
        this(meds, ENGINE_MESSAGES, null);
    }

    /**
     * @param messages    the packages' message templates, including the engine's own ({@link #ENGINE_MESSAGES})
     * @param terminology the drug names in each language; null for English ingredient names only
     */
    public Alerts(Map<String, Medication> meds, Messages messages, Terminology terminology) {
        this.meds = Map.copyOf(meds);
        this.messages = messages;
        this.terminology = terminology;
        this.lines = new FactLines(messages, terminology);
    }

    /** The "Based on" lines of matched facts in each language (the engine's {@code fact.*} messages). */
    public FactLines lines() {
        return lines;
    }

    /** The engine's own texts (action labels, lab notes): {@code org/dxguard/rules/facts/messages.yaml}. */
    public static final Messages ENGINE_MESSAGES = Messages.resource(Alerts.class, "messages.yaml");

    /** A critical alert: a message key with name/value parameter pairs, or literal English text. */
    public Alert critical(String keyOrText, Object... params) {
        return add(Severity.CRITICAL, keyOrText, params);
    }

    public Alert warning(String keyOrText, Object... params) {
        return add(Severity.WARNING, keyOrText, params);
    }

    public Alert info(String keyOrText, Object... params) {
        return add(Severity.INFO, keyOrText, params);
    }

    /** The messages this evaluation formats with (the packages' and the engine's). */
    public Messages messages() {
        return messages;
    }

    /** Set by the engine before each rule activation fires. */
    public void currentMatch(Object match) {
        this.currentMatch = match;
    }

    public List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    private Alert add(Severity severity, String keyOrText, Object[] params) {
        if (currentMatch == null) {
            throw new IllegalStateException("alert reported outside a rule activation");
        }
        Alert a;
        if (messages.has(keyOrText)) {
            a = new Alert(severity, keyOrText, params(keyOrText, params), currentMatch);
        } else {
            if (params != null && params.length > 0) {
                throw new IllegalArgumentException("'" + keyOrText + "' is not a message key of messages.yaml, but "
                    + "parameters were given");
            }
            a = new Alert(severity, keyOrText, currentMatch);
        }
        alerts.add(a);
        return a;
    }

    private static Map<String, Object> params(String key, Object[] params) {
        if (params == null || params.length == 0) {
            return Map.of();
        }
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("message " + key + ": parameters come in name/value pairs");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            out.put(String.valueOf(params[i]), params[i + 1]);
        }
        return out;
    }

    /**
     * A parameter that is itself a message (e.g. the note of a reference-table row, {@code "DC-1.note"}), shown in
     * the card's language; {@code fallback} (the table's English text) when the package does not define the key.
     */
    public record Ref(String key, String fallback) {}

    /** A {@link Ref} parameter: {@code alert.ref("DC-1.note", $x.note())}. */
    public Ref ref(String key, String fallback) {
        return new Ref(key, fallback);
    }

    /** A message in {@code lang}, drug parameters named in that language. */
    String render(String key, String lang, Map<String, Object> args) {
        Map<String, Object> a = new LinkedHashMap<>();
        args.forEach((k, v) -> a.put(k, v instanceof DrugFact d ? name(d, lang)
            : v instanceof Ref r ? (messages.has(r.key()) ? messages.format(r.key(), lang, Map.of()) : r.fallback())
            : v instanceof LabFact l ? labLabel(l.kind(), l.label(), lang)
            : v instanceof DoseProblem dp ? lines.doseProblem(dp, lang) : v == null ? "" : v));
        return messages.format(key, lang, a);
    }

    /** A lab kind's name in {@code lang} (engine messages {@code lab.KIND}), else its English label. */
    public String labLabel(String kind, String english, String lang) {
        String k = "lab." + kind;
        return messages.has(k) ? messages.format(k, lang, Map.of()) : english;
    }

    private String name(DrugFact d, String lang) {
        if (d.ingredient().isEmpty()) {
            return d.display();
        }
        if (terminology != null && !Messages.EN.equals(lang)) {
            String local = terminology.localName(d.ingredient(), lang);
            if (local != null) {
                return local;
            }
        }
        return d.ingredient();
    }

    private static String fit(String summary) {
        return summary.length() > org.dxguard.model.RuleFinding.MAX_SUMMARY
            ? summary.substring(0, org.dxguard.model.RuleFinding.MAX_SUMMARY - 1) + "…" : summary;
    }

    /** Insulin and other unit doses round down to whole units; mg doses to the nearest 0.5 mg above 10 mg. */
    static double roundDose(double amount, String unit) {
        if ("units".equals(org.dxguard.model.Units.normalise(unit))) {
            return Math.max(1, Math.floor(amount));
        }
        return amount >= 10 ? Math.floor(amount * 2) / 2 : Math.round(amount * 100) / 100.0;
    }
}
