package org.dxguard.rules.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.Egfr;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.model.Units;
import org.dxguard.rules.DataNote;
import org.dxguard.rules.LabValues;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.facts.Fmt;
import org.dxguard.rules.facts.DoseProblem;
import org.dxguard.rules.facts.AllergyFact;
import org.dxguard.rules.facts.ConditionFact;
import org.dxguard.rules.facts.DrugFact;
import org.dxguard.rules.facts.LabFact;
import org.dxguard.rules.facts.PatientFact;

/**
 * Turns {@link PatientFacts} into the normalised facts rules match on: one {@link PatientFact}, one
 * {@link DrugFact} per ingredient of each active medication and draft order, {@link LabFact}s for known lab kinds
 * (the latest of each kind plus every result of the last {@value #RECENT_DAYS} days), one {@link ConditionFact} per
 * tag of each active condition, one {@link AllergyFact} per active allergy that resolves to a drug and, when the
 * record has a current encounter, one {@link org.dxguard.rules.facts.EncounterFact}. Drug flags added here: {@code ER},
 * {@code PREMIXED}, {@code AS_NEEDED} (a PRN dose) and {@code INTRAVENOUS} (an intravenous route).
 */
public final class FactBuilder {
    /** Results younger than this are inserted even when not the latest (hypoglycaemia rules look back 14 days). */
    public static final int RECENT_DAYS = 30;

    /** The facts of one request, the medications by id (for dose-change suggestions) and the data notes. */
    public record FactSet(List<Object> facts, Map<String, Medication> medsById, List<DataNote> notes) {
        public FactSet(List<Object> facts, Map<String, Medication> medsById) {
            this(facts, medsById, List.of());
        }
    }

    private final Terminology terminology;

    public FactBuilder(Terminology terminology) {
        this.terminology = terminology;
    }

    public FactSet build(PatientFacts p) {
        List<DataNote> notes = new ArrayList<>();
        List<Object> out = new ArrayList<>(64);
        Map<String, Medication> meds = new HashMap<>();
        List<ConditionFact> conds = conditions(p);
        // a pregnancy condition with an onset more than PREGNANCY_MAX_DAYS ago describes a pregnancy that is over
        // (CLINICAL-REVIEW-2026-12.md section 1, ADA-PREG-001: postpartum and stale records counted as pregnant)
        conds.removeIf(c -> c.tag().equals("PREGNANCY") && pregnancyOver(p, c.condId()));
        boolean pregnant = p.pregnancy() == PregnancyStatus.PREGNANT
            || (p.pregnancy() != PregnancyStatus.NOT_PREGNANT
                && conds.stream().anyMatch(c -> c.tag().equals("PREGNANCY")));
        out.add(new PatientFact(p.ageYears() == null ? -1 : p.ageYears(), p.sex().name(),
            p.weightKg() == null ? 0 : p.weightKg(), pregnant));
        out.addAll(conds);
        if (p.pregnancy() == PregnancyStatus.PREGNANT && conds.stream().noneMatch(c -> c.tag().equals("PREGNANCY"))) {
            out.add(new ConditionFact("pregnancy-status", conds.size(), "PREGNANCY", "", "pregnancy status: pregnant"));
        }
        int[] seq = {0};
        int idx = 0;
        for (Medication m : p.activeMedications()) {
            String id = m.id() == null ? "active-" + idx : m.id();
            idx++;
            if (m.status() == MedicationStatus.STOPPED) {
                stopped(id, m, p, seq, out, notes);
                continue;
            }
            meds.put(id, m);
            drugs(id, m, false, seq, out, notes);
        }
        idx = 0;
        for (Medication m : p.draftOrders()) {
            String id = m.id() == null ? "draft-" + idx : m.id();
            idx++;
            meds.put(id, m);
            drugs(id, m, true, seq, out, notes);
        }
        labs(p, out, notes);
        allergies(p, out);
        if (p.currentEncounter() != null) {
            org.dxguard.model.Encounter e = p.currentEncounter();
            out.add(new org.dxguard.rules.facts.EncounterFact(e.id(), e.classCode(), e.status(), e.inHospital()));
        }
        return new FactSet(out, meds, List.copyOf(notes));
    }

    // ------------------------------------------------------------ medications

    /**
     * A stopped medication still counts for its ingredients with a washout ({@code WASHOUT_<n>D}, MAOIs) when it
     * was stopped less than n days ago: one fact per such ingredient, not a draft, flag {@code RECENTLY_STOPPED}.
     * Without an end date it still counts when it was ordered less than n days ago (it stopped after that); else
     * the washout cannot be checked, and a data note says so.
     */
    private void stopped(String id, Medication m, PatientFacts p, int[] seq, List<Object> out, List<DataNote> notes) {
        Terminology.DrugMatch match = terminology.resolveDrug(m.codes(), m.text());
        for (Terminology.DrugComponent c : match.components()) {
            Optional<Terminology.Ingredient> ing = terminology.ingredient(c.ingredient());
            int washout = ing.map(Terminology.Ingredient::washoutDays).orElse(0);
            if (washout <= 0) {
                continue;
            }
            String date;
            if (m.ended() != null) {
                if (Duration.between(m.ended(), p.asOf()).toDays() > washout) {
                    continue;
                }
                date = m.ended().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            } else if (m.authoredOn() != null && Duration.between(m.authoredOn(), p.asOf()).toDays() <= washout) {
                // stopped on a day the record does not give, but not before it was ordered: within the washout
                date = "after " + m.authoredOn().atOffset(ZoneOffset.UTC).toLocalDate();
            } else {
                notes.add(new DataNote(DataNote.Kind.UNUSABLE_VALUE,
                    m.id() == null ? m.source() : m.source() + "/" + m.id(), c.ingredient()
                    + " was stopped on a date the record does not give (no end of the dosage's boundsPeriod): whether"
                    + " it is still within its " + washout + "-day washout cannot be checked"));
                continue;
            }
            Set<String> flags = new HashSet<>(ing.get().flags());
            flags.add("RECENTLY_STOPPED");
            out.add(new DrugFact(id, seq[0]++, m.rxnorm(), c.ingredient(), ing.get().classes(), flags, false, "IR", -1,
                -1, -1, "", 1, c.ingredient() + " (stopped " + date + ")", DoseProblem.NONE, m.source(), date));
        }
    }

    private void drugs(String id, Medication m, boolean draft, int[] seq, List<Object> out, List<DataNote> notes) {
        if (IMAGING_ORDER_SOURCE.equals(m.source())) {
            imagingOrder(id, m, draft, seq, out);
            return;
        }
        String rxcui = m.rxnorm();
        Terminology.DrugMatch match = terminology.resolveDrug(m.codes(), m.text());
        List<Terminology.DrugComponent> comps = match.components();
        String display = m.text() != null ? m.text()
            : m.codes().stream().map(Code::display).filter(d -> d != null).findFirst().orElse(rxcui == null ? "medication" : "RxNorm " + rxcui);
        String ref = m.source() + "/" + id;
        Dose d = m.dose();
        if (comps.isEmpty()) {
            // unknown drug: still a fact, so "unknown drug" rules could match it; no classes; reported, never dropped
            notes.add(new DataNote(DataNote.Kind.UNKNOWN_DRUG, ref, (draft ? "draft order " : "medication ")
                + describeCodes(m) + ": not recognised by the terminology (no RxNorm row, no known ingredient, brand or "
                + "Chinese name); no rule can check it"));
            out.add(new DrugFact(id, seq[0]++, rxcui, "", Set.of(), Set.of(), draft, "IR", -1, -1, amount(d),
                unit(d), perDay(d), display, DoseProblem.NONE, m.source(), ""));
            return;
        }
        boolean single = comps.size() == 1;
        DoseProblem noteProblem = null;
        for (Terminology.DrugComponent c : comps) {
            Optional<Terminology.Ingredient> ing = terminology.ingredient(c.ingredient());
            Set<String> classes = ing.map(Terminology.Ingredient::classes).orElse(Set.of());
            Set<String> flags = new HashSet<>(ing.map(Terminology.Ingredient::flags).orElse(Set.of()));
            if (c.extendedRelease() || (match.how().startsWith("RxNorm") && isErText(m.text()))) {
                flags.add("ER");
            }
            if (!single && classes.contains("INSULIN")) {
                flags.add("PREMIXED");
            }
            if (d != null && d.frequency() != null && d.frequency().asNeeded()) {
                flags.add("AS_NEEDED");
            }
            if (d != null && intravenous(d.route())) {
                flags.add("INTRAVENOUS");
            }
            double dailyMg = -1;
            double dailyUnits = -1;
            DoseProblem problem = DoseProblem.NONE;
            if (d == null) {
                problem = DoseProblem.of(DoseProblem.Kind.NO_DOSE);
            } else {
                java.util.OptionalDouble dailyAmount = d.daily();
                String u = d.unit();
                if (dailyAmount.isEmpty()) {
                    problem = new DoseProblem(DoseProblem.Kind.NO_FREQUENCY, d.amount(), u);
                } else {
                    double daily = dailyAmount.getAsDouble();
                    OptionalDouble mg = Units.toMilligrams(daily, u);
                    if (mg.isPresent()) {
                        if (single) {
                            dailyMg = mg.getAsDouble();
                        } else {
                            problem = DoseProblem.of(DoseProblem.Kind.COMBINATION_BY_MASS);
                        }
                    } else if ("units".equals(u)) {
                        if ("mg".equals(c.unit()) || "mg/mL".equals(c.unit())) {
                            problem = DoseProblem.of(DoseProblem.Kind.UNITS_FOR_MG_DRUG);
                        } else {
                            dailyUnits = daily;
                        }
                    } else if (Units.isCount(u)) {
                        if ("mg".equals(c.unit()) && c.strength() > 0) {
                            dailyMg = daily * c.strength();
                        } else if ("units".equals(c.unit()) && c.strength() > 0) {
                            dailyUnits = daily * c.strength();
                        } else {
                            problem = DoseProblem.of(DoseProblem.Kind.STRENGTH_UNKNOWN, u);
                        }
                    } else if ("ml".equals(u.toLowerCase(Locale.ROOT)) && c.strength() > 0
                        && ("mg/mL".equals(c.unit()) || "units/mL".equals(c.unit()))) {
                        if ("mg/mL".equals(c.unit())) {
                            dailyMg = daily * c.strength();
                        } else {
                            dailyUnits = daily * c.strength();
                        }
                    } else {
                        problem = DoseProblem.of(DoseProblem.Kind.UNIT_NOT_CONVERTIBLE, u);
                    }
                }
            }
            if (problem.present() && noteProblem == null) {
                noteProblem = problem;
            }
            out.add(new DrugFact(id, seq[0]++, rxcui, c.ingredient(), classes, flags, draft,
                flags.contains("ER") ? "ER" : "IR", dailyMg, dailyUnits,
                amount(d), unit(d), perDay(d), c.name() == null || c.name().isEmpty() ? display : c.name(), problem,
                m.source(), ""));
        }
        if (draft && noteProblem != null && d != null) {
            notes.add(new DataNote(DataNote.Kind.DOSE_UNREAD, ref, "daily amount of " + display + " not computed: "
                + noteProblem));
        }
    }

    private static String describeCodes(Medication m) {
        List<String> parts = new ArrayList<>();
        for (Code c : m.codes()) {
            parts.add(Terminology.shortSystem(c.system()) + " " + c.code());
        }
        if (m.text() != null) {
            parts.add("'" + m.text() + "'");
        }
        return String.join(", ", parts);
    }

    /**
     * True for an intravenous route (issue 16: an insulin infusion is not a sliding scale): the route's text or code
     * as fhir-facts keeps it (SNOMED 47625008 "Intravenous route", "IV", "intravenous", Chinese 静脉).
     */
    static boolean intravenous(String route) {
        if (route == null) {
            return false;
        }
        String r = route.trim().toLowerCase(Locale.ROOT);
        return r.equals("47625008") || r.equals("iv") || r.startsWith("iv ") || r.contains("intravenous")
            || r.contains("静脉");
    }

    private static boolean isErText(String text) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("extended release") || t.contains(" er ") || t.endsWith(" er") || t.contains(" xr");
    }

    /** The FHIR type of an ordered study among the draft orders (fhir-facts maps draft ServiceRequests so). */
    static final String IMAGING_ORDER_SOURCE = "ServiceRequest";
    /** The ingredient fact of an ordered study that gives iodinated contrast (issue 16). */
    static final String IODINATED_CONTRAST = "iodinated contrast";

    /**
     * An ordered study (a draft ServiceRequest): a drug fact of ingredient {@value #IODINATED_CONTRAST}, class
     * {@code IODINATED_CONTRAST}, flag {@code IMAGING_ORDER} (and {@code INTRA_ARTERIAL} for a catheter angiography
     * by the {@code intra-arterial*} rows), when {@code imaging.csv} says the study gives iodinated
     * contrast, so the contrast rules see it as they see a drafted contrast medium; a {@code ProcedureOrderFact}
     * tagged {@code SURGERY} when {@code surgery.csv} says it is a surgical procedure; any other order is no fact
     * (and no "unknown drug" note: it is not a medication).
     */
    private void imagingOrder(String id, Medication m, boolean draft, int[] seq, List<Object> out) {
        Optional<String> surgery = terminology.surgicalProcedure(m.codes(), m.text());
        if (surgery.isPresent()) {
            out.add(new org.dxguard.rules.facts.ProcedureOrderFact(id, seq[0]++, "SURGERY", draft,
                m.text() != null ? m.text() : surgery.get(), surgery.get(), m.source()));
        }
        Optional<String> why = terminology.iodinatedContrastStudy(m.codes(), m.text());
        if (why.isEmpty()) {
            return;
        }
        boolean arterial = terminology.intraArterialContrastStudy(m.codes(), m.text());
        String display = (m.text() != null ? m.text() : why.get())
            + (arterial ? " (intra-arterial iodinated contrast)" : " (iodinated contrast)");
        out.add(new DrugFact(id, seq[0]++, null, IODINATED_CONTRAST, Set.of("IODINATED_CONTRAST"),
            arterial ? Set.of("IMAGING_ORDER", "INTRA_ARTERIAL") : Set.of("IMAGING_ORDER"), draft, "IR", -1, -1, -1, "",
            1, display, DoseProblem.NONE, m.source(), ""));
    }

    private static double amount(Dose d) {
        return d == null ? -1 : d.amount();
    }

    private static String unit(Dose d) {
        return d == null ? "" : d.unit();
    }

    private static double perDay(Dose d) {
        return d == null || d.frequency() == null ? 1 : d.frequency().perDay();
    }

    // ------------------------------------------------------------ conditions

    /**
     * Longest time a pregnancy condition counts after its onset: 42 weeks of gestation (post-term, WHO/ACOG) plus
     * a margin, the same 300 days after which a "pregnant" status observation no longer counts (fhir-facts).
     */
    static final long PREGNANCY_MAX_DAYS = 300;

    private static boolean pregnancyOver(PatientFacts p, String condId) {
        for (Condition c : p.conditions()) {
            if (condId.equals(c.id()) && c.onset() != null) {
                java.time.LocalDate today = java.time.LocalDate.ofInstant(p.asOf(), java.time.ZoneOffset.UTC);
                return c.onset().plusDays(PREGNANCY_MAX_DAYS).isBefore(today);
            }
        }
        return false;
    }

    private List<ConditionFact> conditions(PatientFacts p) {
        List<ConditionFact> out = new ArrayList<>();
        conditions(p.conditions(), "", out);
        // relatives' conditions: the same value sets, tagged FAMILY_<tag> (e.g. FAMILY_MTC_OR_MEN2)
        conditions(p.familyHistory(), "FAMILY_", out);
        return out;
    }

    private void conditions(List<Condition> list, String prefix, List<ConditionFact> out) {
        int idx = 0;
        for (Condition c : list) {
            String id = c.id() == null ? (prefix.isEmpty() ? "condition-" : "family-history-") + idx : c.id();
            idx++;
            // a past condition of the patient (resolved, inactive, remission) is a history fact HISTORY_<tag>, kept apart
            // from active conditions so that a rule about an active condition never fires on a history (issue 16);
            // refuted and entered-in-error conditions count as neither
            boolean history = prefix.isEmpty() && !c.active() && c.history();
            if (!c.active() && !history) {
                continue;
            }
            String lead = !prefix.isEmpty() ? ConditionFact.FAMILY_LEAD : history ? ConditionFact.HISTORY_LEAD : "";
            Set<String> seen = new HashSet<>();
            for (Code code : c.codes()) {
                for (Terminology.ConditionTag t : terminology.conditionTags(code)) {
                    String tag = prefix + (history ? historyTag(t.tag()) : t.tag());
                    if (seen.add(tag)) {
                        String disp = code.display() != null ? code.display() : t.display();
                        out.add(new ConditionFact(id, out.size(), tag,
                            Terminology.shortSystem(code.system()) + " " + code.code(),
                            lead + (disp == null ? t.tag() : disp)));
                    }
                }
            }
            if (seen.isEmpty()) {
                // no code matched a value set: the problem-list text, or the codes' displays (local codes)
                List<String> texts = new ArrayList<>();
                if (c.text() != null) {
                    texts.add(c.text());
                }
                c.codes().stream().map(Code::display).filter(x -> x != null).forEach(texts::add);
                for (String text : texts) {
                    for (Terminology.ConditionTag t : terminology.conditionTagsInText(text)) {
                        String tag = prefix + (history ? historyTag(t.tag()) : t.tag());
                        if (seen.add(tag)) {
                            out.add(new ConditionFact(id, out.size(), tag, "text", lead + text));
                        }
                    }
                }
            }
        }
    }

    /** The history tag of a value set's tag: {@code HISTORY_<tag>} (a tag that already says HISTORY_ stays). */
    private static String historyTag(String tag) {
        return tag.startsWith("HISTORY_") ? tag : "HISTORY_" + tag;
    }

    // ------------------------------------------------------------ labs

    private record Read(Observation obs, LabValues.Reading reading, long age) {}

    private void labs(PatientFacts p, List<Object> out, List<DataNote> notes) {
        Map<String, List<Read>> byKind = new LinkedHashMap<>();
        Instant asOf = p.asOf();
        int idx = 0;
        for (Observation o : p.observations()) {
            Optional<LabValues.Reading> r = LabValues.read(terminology, o);
            if (r.isEmpty()) {
                continue;
            }
            String ref = "Observation/" + (o.id() == null ? "observation-" + idx : o.id());
            if (!r.get().usable()) {
                notes.add(new DataNote(DataNote.Kind.UNUSABLE_VALUE, ref, r.get().problem()));
                continue;
            }
            long age = o.effective() == null ? -1 : Math.max(0, Duration.between(o.effective(), asOf).toDays());
            byKind.computeIfAbsent(r.get().kind(), k -> new ArrayList<>()).add(new Read(o, r.get(), age));
        }
        Map<String, Read> latestByKind = new HashMap<>();
        for (Map.Entry<String, List<Read>> e : byKind.entrySet()) {
            latestByKind.put(e.getKey(), e.getValue().stream().filter(x -> x.obs().effective() != null)
                .max(Comparator.comparing(x -> x.obs().effective())).orElse(e.getValue().get(0)));
        }
        LabFact derived = derivedEgfr(p, latestByKind, notes);
        for (Map.Entry<String, List<Read>> e : byKind.entrySet()) {
            String kind = e.getKey();
            Read latest = latestByKind.get(kind);
            for (Read x : e.getValue()) {
                boolean isLatest = x == latest && !(derived != null && kind.equals("EGFR"));
                if (!isLatest && (x.age() < 0 || x.age() > RECENT_DAYS)) {
                    continue;
                }
                Observation o = x.obs();
                String id = o.id() == null ? "observation-" + idx++ : o.id();
                String date = o.effective() == null ? "" : o.effective().atOffset(ZoneOffset.UTC).toLocalDate().toString();
                double v = x.reading().value();
                int limit = terminology.maxAgeDays(kind, v).orElse(-1);
                boolean current = x.age() >= 0 && (limit < 0 || x.age() <= limit);
                if (isLatest && !current && x.age() >= 0) {
                    notes.add(new DataNote(DataNote.Kind.STALE_VALUE, "Observation/" + id, label(kind) + " "
                        + Fmt.num(v) + " " + x.reading().unit() + " from " + date + " is " + x.age()
                        + " days old; results of this value count as current for " + limit + " days"));
                }
                out.add(new LabFact(id, kind, x.reading().loinc(), v, x.reading().unit(), x.age(), isLatest, date,
                    current, limit, x.reading().how()));
                if (kind.equals("ALT") && o.referenceHigh() != null) {
                    out.add(timesUpperLimit(id, x, o, isLatest, date, current, limit));
                }
            }
        }
        if (derived != null) {
            out.add(derived);
        }
    }

    /**
     * An eGFR calculated from the latest creatinine (CKD-EPI 2021) when no current eGFR is on record and that
     * creatinine is current and newer than the latest eGFR; needs age and sex. Null otherwise (with a note when a
     * calculation was wanted but not possible).
     */
    private LabFact derivedEgfr(PatientFacts p, Map<String, Read> latest, List<DataNote> notes) {
        Read egfr = latest.get("EGFR");
        Read creat = latest.get("CREATININE");
        if (creat == null || creat.age() < 0) {
            return null;
        }
        if (egfr != null && egfr.age() >= 0) {
            int limit = terminology.maxAgeDays("EGFR", egfr.reading().value()).orElse(Integer.MAX_VALUE);
            boolean egfrCurrent = egfr.age() <= limit;
            if (egfrCurrent || egfr.age() <= creat.age()) {
                return null;
            }
        }
        int creatLimit = terminology.maxAgeDays("CREATININE", creat.reading().value()).orElse(Integer.MAX_VALUE);
        String creatId = creat.obs().id() == null ? "creatinine" : creat.obs().id();
        if (creat.age() > creatLimit) {
            return null;
        }
        OptionalDouble e = Egfr.ckdEpi2021(creat.reading().value(), p.ageYears(),
            p.sex());
        if (e.isEmpty()) {
            notes.add(new DataNote(DataNote.Kind.DERIVED_VALUE, "Observation/" + creatId, "no current eGFR, and none "
                + "calculated from creatinine " + Fmt.num(creat.reading().value()) + " mg/dL: CKD-EPI 2021 needs an adult's "
                + "age and sex (male or female), which the record does not give"));
            return null;
        }
        double v = Math.round(e.getAsDouble() * 10) / 10.0;
        String date = creat.obs().effective().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        int limit = terminology.maxAgeDays("EGFR", v).orElse(-1);
        boolean current = limit < 0 || creat.age() <= limit;
        String how = "calculated from creatinine " + Fmt.num(creat.reading().value()) + " mg/dL by CKD-EPI 2021";
        notes.add(new DataNote(DataNote.Kind.DERIVED_VALUE, "Observation/" + creatId, "eGFR " + Fmt.num(v)
            + " mL/min/1.73m2 " + how + " (age " + p.ageYears() + ", " + p.sex().name().toLowerCase(Locale.ROOT)
            + "), because no current eGFR is on record"));
        return new LabFact(creatId, "EGFR", "", v, "mL/min/{1.73_m2}", creat.age(), true, date, current, limit, how,
            LabFact.From.creatinine(creat.reading().value()));
    }

    /**
     * ALT as a multiple of the upper limit of normal that the lab sent with it (issue 16, pioglitazone): kind
     * {@code ALT_ULN}, same result, age and freshness as the ALT; the ratio is unit-free (the mapping gives the limit
     * in the value's unit). An ALT without a reference range gives none: a normal range is not guessed.
     */
    private static LabFact timesUpperLimit(String id, Read x, Observation o, boolean latest, String date,
                                           boolean current, int limit) {
        double ratio = Math.round(o.value() / o.referenceHigh() * 100) / 100.0;
        String how = "ALT " + Fmt.num(o.value()) + " " + o.unit() + " / upper reference limit "
            + Fmt.num(o.referenceHigh()) + " " + o.unit() + " sent by the lab";
        return new LabFact(id, "ALT_ULN", x.reading().loinc(), ratio, "x ULN", x.age(), latest, date, current, limit,
            how, LabFact.From.ofLimit(o.value(), o.unit(), o.referenceHigh()));
    }

    private static String label(String kind) {
        return LabFact.label(kind);
    }

    // ------------------------------------------------------------ allergies

    private void allergies(PatientFacts p, List<Object> out) {
        int idx = 0;
        for (Allergy a : p.allergies()) {
            String id = a.id() == null ? "allergy-" + idx : a.id();
            idx++;
            if (!a.active()) {
                continue;
            }
            Set<String> seenIngredients = new HashSet<>();
            for (Code c : a.codes()) {
                String disp = c.display() != null ? c.display() : a.text() != null ? a.text() : c.code();
                Optional<Terminology.Allergen> al = terminology.allergen(c);
                if (al.isPresent()) {
                    Set<String> classes = al.get().drugClass().isEmpty() ? Set.of() : Set.of(al.get().drugClass());
                    String ing = al.get().ingredient();
                    if (!ing.isEmpty()) {
                        Set<String> cls = new HashSet<>(classes);
                        terminology.ingredient(ing).ifPresent(i -> cls.addAll(i.classes()));
                        classes = cls;
                    }
                    if (ing.isEmpty() || seenIngredients.add(ing)) {
                        out.add(new AllergyFact(id, ing, classes, a.highCriticality(), disp));
                    }
                    continue;
                }
                if (Code.RXNORM.equals(c.system())) {
                    for (Terminology.DrugComponent comp : terminology.components(c.code())) {
                        if (seenIngredients.add(comp.ingredient())) {
                            Set<String> cls = terminology.ingredient(comp.ingredient())
                                .map(Terminology.Ingredient::classes).orElse(Set.of());
                            out.add(new AllergyFact(id, comp.ingredient(), cls, a.highCriticality(), disp));
                        }
                    }
                }
            }
            if (seenIngredients.isEmpty() && a.text() != null) {
                for (String n : terminology.ingredientsInText(a.text())) {
                    Set<String> cls = terminology.ingredient(n).map(Terminology.Ingredient::classes).orElse(Set.of());
                    out.add(new AllergyFact(id, n, cls, a.highCriticality(), a.text()));
                }
            }
        }
    }
}
