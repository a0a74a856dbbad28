package org.dxguard.rules.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dxguard.model.Code;
import org.dxguard.model.Dose;
import org.dxguard.model.Medication;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;

/**
 * The global every rule reports through ({@code global org.dxguard.rules.facts.Alerts alert;}). A consequence
 * writes, for example:
 * <pre>
 *   alert.critical("Metformin is contraindicated: eGFR " + $egfr.valueText() + " (below 30)")
 *        .detail("...").cancel($drug);
 * </pre>
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
        final String summary;
        final Object match;
        String detail;
        SuggestedAction action;

        Alert(Severity severity, String summary, Object match) {
            this.severity = severity;
            this.summary = summary;
            this.match = match;
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

        public Alert detail(String text) {
            this.detail = text;
            return this;
        }

        /** Cancel a draft order, or stop a medication the patient takes. */
        public Alert cancel(DrugFact drug) {
            this.action = drug.draft()
                ? new SuggestedAction(SuggestedAction.Kind.CANCEL_ORDER, "Cancel the " + name(drug) + " order",
                    drug.medId(), null, null)
                : new SuggestedAction(SuggestedAction.Kind.STOP_MEDICATION, "Stop " + name(drug), drug.medId(), null,
                    null);
            return this;
        }

        /** Cancel whichever of the two is a draft order (the first one when both are). */
        public Alert cancelDraft(DrugFact a, DrugFact b) {
            return cancel(a.draft() ? a : b.draft() ? b : a);
        }

        /** Stop (hold) a medication the patient takes. */
        public Alert hold(DrugFact drug, String label) {
            this.action = new SuggestedAction(SuggestedAction.Kind.STOP_MEDICATION, label, drug.medId(), null, null);
            return this;
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
            String freq = old == null || old.frequency() == null ? "" : " (" + Fmt.num(perDay) + "x/day)";
            this.action = new SuggestedAction(SuggestedAction.Kind.CHANGE_DOSE,
                "Change " + name(drug) + " to " + Fmt.num(amount) + " " + nd.unit() + freq, drug.medId(), nd, null);
            return this;
        }

        /** Order a lab by LOINC code. */
        public Alert orderLab(String loinc, String label) {
            this.action = new SuggestedAction(SuggestedAction.Kind.ORDER_LAB, label, null, null,
                new Code(Code.LOINC, loinc, label));
            return this;
        }

        /** Order an eGFR (LOINC 98979-8). */
        public Alert orderEgfr() {
            this.action = new SuggestedAction(SuggestedAction.Kind.ORDER_LAB, "Order an eGFR", null, null,
                EGFR_ORDER_CODE);
            return this;
        }
    }

    private final Map<String, Medication> meds;
    private final List<Alert> alerts = new ArrayList<>();
    private Object currentMatch;

    /** @param meds the request's medications by id, so dose changes can keep frequency and route */
    public Alerts(Map<String, Medication> meds) {
        this.meds = Map.copyOf(meds);
    }

    public Alert critical(String summary) {
        return add(Severity.CRITICAL, summary);
    }

    public Alert warning(String summary) {
        return add(Severity.WARNING, summary);
    }

    public Alert info(String summary) {
        return add(Severity.INFO, summary);
    }

    /** Set by the engine before each rule activation fires. */
    public void currentMatch(Object match) {
        this.currentMatch = match;
    }

    public List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    private Alert add(Severity severity, String summary) {
        if (currentMatch == null) {
            throw new IllegalStateException("alert reported outside a rule activation");
        }
        Alert a = new Alert(severity, summary, currentMatch);
        alerts.add(a);
        return a;
    }

    private static String name(DrugFact d) {
        return d.ingredient().isEmpty() ? d.display() : d.ingredient();
    }

    /** Insulin and other unit doses round down to whole units; mg doses to the nearest 0.5 mg above 10 mg. */
    static double roundDose(double amount, String unit) {
        if ("units".equals(org.dxguard.model.Units.normalise(unit))) {
            return Math.max(1, Math.floor(amount));
        }
        return amount >= 10 ? Math.floor(amount * 2) / 2 : Math.round(amount * 100) / 100.0;
    }
}
