package org.dxguard.rules.facts;

import java.util.Set;

/**
 * One ingredient of one medication (a combination product yields one fact per ingredient), normalised through
 * the terminology table.
 *
 * @param medId           the FHIR resource id of the MedicationRequest/MedicationStatement (actions target it)
 * @param seq             a per-request sequence number, used by pair rules to avoid reporting a pair twice
 * @param rxcui           the RxNorm code as given (clinical drug or ingredient), or "" when absent
 * @param ingredient      normalised ingredient name (lower case, e.g. {@code metformin}), or "" when unknown
 * @param classes         drug classes of the ingredient (e.g. {@code BIGUANIDE}, {@code SGLT2I}, {@code MAOI})
 * @param flags           product/ingredient flags (e.g. {@code ER}, {@code RENAL}, {@code BASAL})
 * @param draft           true for a draft order (status DRAFT), false for a medication the patient takes
 * @param release         {@code ER} for extended release, {@code IR} otherwise
 * @param dailyMg         the ingredient's daily amount in mg, -1 when not computable
 * @param dailyUnits      daily insulin units, -1 when not an insulin or not computable
 * @param doseAmount      amount per administration as ordered (-1 when no structured dose)
 * @param doseUnit        unit per administration as ordered ("" when no structured dose)
 * @param perDay          administrations per day (1 when no frequency given)
 * @param display         a short label (the clinical drug name or the ingredient)
 * @param doseProblem     why no daily amount could be computed ({@link DoseProblem#NONE} when it was, or no dose rule
 *                        needs one); its text is the English reason, a card renders it per language
 * @param source          the FHIR resource type of the medication (MedicationRequest, MedicationStatement…)
 * @param stoppedOn       for a medication that was stopped but still counts (flag {@code RECENTLY_STOPPED}, washout
 *                        of {@code WASHOUT_<n>D} ingredients such as MAOIs), the date it was stopped; else ""
 */
public record DrugFact(String medId, int seq, String rxcui, String ingredient, Set<String> classes, Set<String> flags,
                       boolean draft, String release, double dailyMg, double dailyUnits, double doseAmount, String doseUnit,
                       double perDay, String display, DoseProblem doseProblem, String source, String stoppedOn)
    implements Describable {

    public DrugFact(String medId, int seq, String rxcui, String ingredient, Set<String> classes, Set<String> flags,
                    boolean draft, String release, double dailyMg, double dailyUnits, double doseAmount,
                    String doseUnit, double perDay, String display) {
        this(medId, seq, rxcui, ingredient, classes, flags, draft, release, dailyMg, dailyUnits, doseAmount, doseUnit,
            perDay, display, DoseProblem.NONE, "MedicationRequest", "");
    }

    public DrugFact {
        doseProblem = doseProblem == null ? DoseProblem.NONE : doseProblem;
        source = source == null || source.isEmpty() ? "MedicationRequest" : source;
        stoppedOn = stoppedOn == null ? "" : stoppedOn;
        classes = Set.copyOf(classes);
        flags = Set.copyOf(flags);
        rxcui = rxcui == null ? "" : rxcui;
        ingredient = ingredient == null ? "" : ingredient;
        doseUnit = doseUnit == null ? "" : doseUnit;
    }

    public boolean active() {
        return !draft;
    }

    public boolean extendedRelease() {
        return flags.contains("ER");
    }

    /**
     * {@code ER} for an extended-release product or a dose given less often than daily (a weekly injection such as
     * exenatide extended release), else {@code IR}: rules and tables that tell formulations apart key on it.
     */
    public String formulation() {
        return "ER".equals(release) || (perDay > 0 && perDay < 1) ? "ER" : "IR";
    }

    public String dailyMgText() {
        return Fmt.num(dailyMg);
    }

    public String dailyUnitsText() {
        return Fmt.num(dailyUnits);
    }

    public boolean hasClass(String cls) {
        return classes.contains(cls);
    }

    /** The FHIR reference of the order or medication ({@code MedicationRequest/<id>}, {@code MedicationStatement/<id>}…). */
    public String ref() {
        return source + "/" + medId;
    }

    /** True when the daily amount of this order could not be computed (see {@code doseProblem}). */
    public boolean doseUnread() {
        return doseProblem.present();
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder(ref()).append(' ')
            .append(draft ? "draft " : stoppedOn.isEmpty() ? "active " : "stopped " + stoppedOn + " ")
            .append(ingredient.isEmpty() ? display : ingredient);
        if (!rxcui.isEmpty()) {
            b.append(" (RxNorm ").append(rxcui).append(')');
        }
        if (dailyMg >= 0) {
            b.append(' ').append(Fmt.num(dailyMg)).append(" mg/day");
        } else if (dailyUnits >= 0) {
            b.append(' ').append(Fmt.num(dailyUnits)).append(" units/day");
        } else if (doseProblem.present()) {
            b.append(", dose not read: ").append(doseProblem);
        }
        return b.toString();
    }
}
