package org.dxguard.service.cohort;

import static org.dxguard.service.cohort.DrugKnowledge.inAny;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dxguard.service.cohort.RawPatient.Lab;

/**
 * The study's independent judge: for one patient (read from the raw FHIR JSON) and one draft order at one moment,
 * says for every guideline rule whether its clinical condition truly holds ({@link Verdict#SHOULD_FIRE}), does not
 * hold ({@link Verdict#SHOULD_NOT_FIRE}) or cannot be decided from the data ({@link Verdict#UNDECIDABLE}), with
 * the facts it looked at. It uses no dxguard code: conditions are written from the guideline text
 * (shared/docs/CLINICAL-FACTS.md, guidelines/README.md), drugs from {@link DrugKnowledge}.
 */
final class AlertOracle {
    enum Verdict { SHOULD_FIRE, SHOULD_NOT_FIRE, UNDECIDABLE }

    record Judgement(Verdict verdict, String facts) {
        static Judgement fire(String facts) {
            return new Judgement(Verdict.SHOULD_FIRE, facts);
        }

        static Judgement silent(String facts) {
            return new Judgement(Verdict.SHOULD_NOT_FIRE, facts);
        }

        static Judgement undecidable(String facts) {
            return new Judgement(Verdict.UNDECIDABLE, facts);
        }
    }

    // ---- condition codes (SNOMED CT) as this study reads them
    static final Set<String> DIALYSIS = Set.of("105502003", "129721000119106", "302497006", "265764009",
        "71192002", "714152005");
    static final Set<String> CKD = Set.of("709044004", "431855005", "431856006", "433144002", "431857002",
        "433146000", "46177005", "127013003", "90781000119102", "157141000119108", "700379002", "324121000000109");
    static final Set<String> HEART_FAILURE = Set.of("84114007", "88805009", "42343007", "703272007", "446221000",
        "417996009", "420913000", "422293003");
    static final Set<String> NYHA_3_4 = Set.of("420913000", "422293003");
    // issue 16: 429740004 is a family history of breast cancer and 28480001 is not a valid SNOMED CT id (removed);
    // 721188000 (MEN 2A) and 1332275004 (MTC) checked in NCBI MedGen
    static final Set<String> MTC_MEN2 = Set.of("255032005", "1332275004", "61808009", "721188000");
    static final Set<String> PANCREATITIS = Set.of("75694006", "197456007", "235494005");
    static final Set<String> BLADDER_CANCER = Set.of("399326009");
    // issue 16: gestational diabetes (11687002) alone is not a current pregnancy
    static final Set<String> PREGNANCY = Set.of("72892002", "77386006", "47200007");
    static final Set<String> TYPE2_DIABETES = Set.of("44054006");
    /** A dialysis procedure this recent means the patient is on dialysis (sessions are 2-3 times a week). */
    static final long DIALYSIS_DAYS = 30;

    private AlertOracle() {}

    /** Judgements for every rule, at the moment of the call; a verdict that differs across {@code [from, to]} is undecidable. */
    static Map<String, Judgement> judge(RawPatient p, Draft d, Instant from, Instant to) {
        Map<String, Judgement> a = judge(p, d, from);
        Map<String, Judgement> b = judge(p, d, to);
        Map<String, Judgement> out = new LinkedHashMap<>();
        a.forEach((rule, j) -> out.put(rule, j.verdict() == b.get(rule).verdict() ? j
            : Judgement.undecidable("verdict changes during the call (time boundary): " + j.facts())));
        return out;
    }

    static Map<String, Judgement> judge(RawPatient p, Draft d, Instant asOf) {
        Map<String, Judgement> j = new LinkedHashMap<>();
        Set<String> active = p.activeMeds().stream().flatMap(m -> DrugKnowledge.ingredients(m.display()).stream())
            .collect(Collectors.toSet());
        Optional<Lab> egfr = p.latestEgfr();
        String egfrText = egfr.map(e -> "latest eGFR " + Draft.fmt(Math.round(e.value() * 10) / 10.0) + " "
            + e.unit() + " (LOINC " + e.loinc() + ") on " + LocalDate.ofInstant(e.at(), ZoneOffset.UTC) + ", "
            + ageDays(e, asOf) + " days before the call").orElse("no eGFR on record");
        boolean recentEgfr = p.labs().stream().anyMatch(l -> RawPatient.EGFR_LOINC.contains(l.loinc())
            && ageDays(l, asOf) >= 0 && ageDays(l, asOf) <= 365);
        double e = egfr.map(Lab::value).orElse(Double.NaN);
        boolean draftMet = d.has(DrugKnowledge.BIGUANIDE);
        boolean activeMet = active.contains("metformin");
        String drug = "draft " + d;

        // ---- metformin (FDA 2016, label)
        j.put("ADA-MET-001", (draftMet || activeMet) && e < 30
            ? Judgement.fire("metformin " + (draftMet ? "drafted" : "active") + "; " + egfrText)
            : Judgement.silent(draftMet || activeMet ? egfrText : "no metformin"));
        j.put("ADA-MET-002", draftMet && !activeMet && e >= 30 && e < 45
            ? Judgement.fire("new metformin, none active; " + egfrText)
            : Judgement.silent(!draftMet ? "no draft metformin" : activeMet ? "metformin already active" : egfrText));
        boolean egfr3045 = e >= 30 && e < 45;
        if (activeMet && egfr3045 && draftMet && d.dailyMg() == null) {
            j.put("ADA-MET-003", Judgement.undecidable("active metformin, " + egfrText + ", draft dose unknown"));
        } else {
            j.put("ADA-MET-003", activeMet && egfr3045 && !(draftMet && d.dailyMg() > 1000)
                ? Judgement.fire("metformin active; " + egfrText)
                : Judgement.silent(!activeMet ? "no active metformin" : egfrText));
        }
        if (activeMet && draftMet && egfr3045 && d.dailyMg() == null) {
            j.put("ADA-MET-004", Judgement.undecidable("draft metformin dose unknown; " + egfrText));
        } else {
            j.put("ADA-MET-004", activeMet && draftMet && egfr3045 && d.dailyMg() > 1000
                ? Judgement.fire(drug + "; metformin active; " + egfrText) : Judgement.silent(drug + "; " + egfrText));
        }
        if (draftMet && d.dailyMg() == null) {
            j.put("ADA-MET-005", Judgement.undecidable("draft metformin dose unknown: " + drug));
        } else {
            double max = DrugKnowledge.extendedRelease(d.display()) ? 2000 : 2550;
            j.put("ADA-MET-005", draftMet && d.dailyMg() > max
                ? Judgement.fire(drug + " above " + Draft.fmt(max) + " mg/day")
                : Judgement.silent(draftMet ? drug + " within " + Draft.fmt(max) + " mg/day" : "no draft metformin"));
        }
        boolean draftRenal = d.has(DrugKnowledge.RENALLY_DOSED);
        j.put("ADA-MET-006", activeMet && !draftRenal && !recentEgfr
            ? Judgement.fire("metformin active, no eGFR in the last 365 days (" + egfrText + "); " + drug)
            : Judgement.silent(!activeMet ? "no active metformin" : draftRenal ? "draft renally dosed drug (ADA-LAB-001's case)"
                : "eGFR in the last 365 days: " + egfrText));
        j.put("ADA-MET-007", Judgement.silent("no draft iodinated contrast"));
        j.put("ADA-MET-008", Judgement.silent("no draft iodinated contrast"));
        j.put("ADA-LAB-001", draftRenal && !recentEgfr
            ? Judgement.fire(drug + " is renally dosed; no eGFR in the last 365 days (" + egfrText + ")")
            : Judgement.silent(!draftRenal ? "draft not renally dosed: " + drug : "recent eGFR: " + egfrText));

        // ---- insulin (ADA section 6 and 9)
        boolean draftBasal = DrugKnowledge.basalOnly(d.ingredients());
        boolean activeInsulin = p.activeMeds().stream().anyMatch(m -> DrugKnowledge.ingredients(m.display()).stream()
            .anyMatch(i -> i.startsWith("insulin")));
        Double weight = p.weightKg();
        if (!draftBasal) {
            j.put("ADA-INS-001", Judgement.silent("draft is not a basal-only insulin"));
            j.put("ADA-INS-002", Judgement.silent("draft is not a basal-only insulin"));
            j.put("ADA-INS-003", Judgement.silent("draft is not a basal-only insulin"));
        } else if (d.dailyUnits() == null) {
            j.put("ADA-INS-001", activeInsulin ? Judgement.silent("insulin already active")
                : Judgement.undecidable("draft basal insulin dose unknown"));
            j.put("ADA-INS-002", Judgement.undecidable("draft basal insulin dose unknown"));
            j.put("ADA-INS-003", Judgement.undecidable("draft basal insulin dose unknown"));
        } else {
            double startMax = weight == null ? 10 : Math.max(10, 0.2 * weight);
            j.put("ADA-INS-001", !activeInsulin && d.dailyUnits() > startMax
                ? Judgement.fire(drug + " above the usual start " + Draft.fmt(startMax))
                : Judgement.silent(drug));
            j.put("ADA-INS-002", Judgement.undecidable("active basal dose not compared by this oracle"));
            j.put("ADA-INS-003", weight == null ? Judgement.undecidable("weight unknown")
                : d.dailyUnits() > 0.5 * weight ? Judgement.fire(drug + ", weight " + Draft.fmt(weight) + " kg")
                : Judgement.silent(drug + ", weight " + Draft.fmt(weight) + " kg"));
        }
        boolean basal = draftBasal || p.activeMeds().stream()
            .anyMatch(m -> DrugKnowledge.basalOnly(DrugKnowledge.ingredients(m.display())));
        Optional<Lab> lowest = p.glucose().stream().filter(l -> ageDays(l, asOf) >= 0 && ageDays(l, asOf) <= 14)
            .min((x, y) -> Double.compare(x.value(), y.value()));
        String glucose = lowest.map(l -> "lowest glucose in 14 days " + Draft.fmt(l.value()) + " " + l.unit())
            .orElse("no glucose in the last 14 days");
        double g = lowest.map(Lab::value).orElse(Double.NaN);
        j.put("ADA-INS-004", basal && g < 70 && g >= 54 ? Judgement.fire("basal insulin; " + glucose)
            : Judgement.silent((basal ? "basal insulin; " : "no basal-only insulin; ") + glucose));
        j.put("ADA-INS-005", basal && g < 54 ? Judgement.fire("basal insulin; " + glucose)
            : Judgement.silent((basal ? "basal insulin; " : "no basal-only insulin; ") + glucose));

        // ---- SGLT2 inhibitors
        Optional<Instant> session = p.lastDialysis(asOf);
        boolean dialysisProcedure = session.isPresent() && Duration.between(session.get(), asOf).toDays() <= DIALYSIS_DAYS;
        boolean dialysis = p.hasCondition(DIALYSIS) || dialysisProcedure;
        String dialysisText = p.hasCondition(DIALYSIS) ? "dialysis condition on record"
            : dialysisProcedure ? "on dialysis: last dialysis procedure " + Duration.between(session.get(), asOf).toDays()
                + " days before the call" : "not on dialysis";
        boolean sglt2 = d.has(DrugKnowledge.SGLT2I) || inAny(active, DrugKnowledge.SGLT2I);
        boolean draftSglt2New = d.has(DrugKnowledge.SGLT2I) && !inAny(active, DrugKnowledge.SGLT2I);
        // a kidney transplant on record, or an eGFR of 30 or more after the last session (recovered kidney), leaves
        // open whether the patient is still on dialysis
        boolean dialysisDoubt = dialysisProcedure && !p.hasCondition(DIALYSIS)
            && (p.kidneyTransplant() || (e >= 30 && egfr.get().at().isAfter(session.get())));
        j.put("ADA-SGLT2-001", sglt2 && dialysisDoubt
            ? Judgement.undecidable("SGLT2 inhibitor; " + dialysisText + " but " + (p.kidneyTransplant()
                ? "a kidney transplant is on record" : egfrText + " (after it)"))
            : sglt2 && dialysis ? Judgement.fire("SGLT2 inhibitor; " + dialysisText + "; " + egfrText)
            : Judgement.silent(sglt2 ? dialysisText : "no SGLT2 inhibitor"));
        boolean organ = p.hasCondition(CKD) || p.hasCondition(HEART_FAILURE) || dialysis;
        // issue 16 (KDIGO 2022 1.3.1): below the label's glycaemic threshold only an info, from eGFR 20 up; below 20
        // do not start, whatever the indication; labels (2023): empagliflozin 30, canagliflozin 30, dapagliflozin 45
        double threshold = d.ingredients().contains("canagliflozin") || d.ingredients().contains("empagliflozin") ? 30 : 45;
        j.put("ADA-SGLT2-002", draftSglt2New && !organ && e >= 20 && e < threshold
            ? Judgement.fire("new SGLT2 inhibitor for glycaemia; " + egfrText)
            : Judgement.silent(draftSglt2New ? egfrText + (organ ? "; CKD/HF on record" : "") : "no new SGLT2 inhibitor"));
        j.put("ADA-SGLT2-003", draftSglt2New && dialysisDoubt && e < 20
            ? Judgement.undecidable("new SGLT2 inhibitor; " + egfrText + "; " + dialysisText + ", transplant on record")
            : draftSglt2New && !dialysis && e < 20
            ? Judgement.fire("new SGLT2 inhibitor with CKD/HF; " + egfrText)
            : Judgement.silent(draftSglt2New ? egfrText + "; " + dialysisText : "no new SGLT2 inhibitor"));

        // ---- GLP-1 RA, TZD, pregnancy, sulfonylurea
        // issue 16: only agents whose label carries the thyroid C-cell boxed warning (not lixisenatide; exenatide
        // only as the weekly extended-release form, which this study does not tell apart: left out)
        Set<String> boxed = new java.util.HashSet<>(DrugKnowledge.GLP1RA);
        boxed.removeAll(Set.of("lixisenatide", "exenatide"));
        boolean glp1 = d.has(boxed) || inAny(active, boxed);
        j.put("ADA-GLP1-001", glp1 && p.hasCondition(MTC_MEN2) ? Judgement.fire("GLP-1 RA with MTC/MEN 2")
            : Judgement.silent(glp1 ? "no MTC/MEN 2" : "no GLP-1 RA"));
        j.put("ADA-GLP1-002", d.has(DrugKnowledge.GLP1RA) && p.hasCondition(PANCREATITIS)
            ? Judgement.fire("draft GLP-1 RA with pancreatitis") : Judgement.silent("no draft GLP-1 RA with pancreatitis"));
        // issue 16: exenatide twice daily below 30 (weekly below 45: undecidable here), lixisenatide below 15
        boolean exenatide = d.ingredients().contains("exenatide");
        j.put("ADA-GLP1-003", (exenatide && e < 30) || (d.ingredients().contains("lixisenatide") && e < 15)
            ? Judgement.fire(drug + "; " + egfrText)
            : exenatide && e < 45 ? Judgement.undecidable("exenatide formulation not known; " + egfrText)
            : Judgement.silent("no draft exenatide below 30 or lixisenatide below 15"));
        j.put("ADA-TZD-001", d.has(DrugKnowledge.TZD) && p.hasCondition(NYHA_3_4)
            ? Judgement.fire("draft TZD with NYHA III-IV") : Judgement.silent("no draft TZD with NYHA III-IV"));
        boolean pio = d.ingredients().contains("pioglitazone") || active.contains("pioglitazone");
        j.put("ADA-TZD-002", pio && p.hasCondition(BLADDER_CANCER) ? Judgement.fire("pioglitazone with bladder cancer")
            : Judgement.silent("no pioglitazone with bladder cancer"));
        boolean pregnant = p.hasCondition(PREGNANCY);
        boolean nonInsulin = inAny(d.ingredients(), DrugKnowledge.union(DrugKnowledge.BIGUANIDE, DrugKnowledge.SGLT2I,
            DrugKnowledge.GLP1RA, DrugKnowledge.DPP4I, DrugKnowledge.SULFONYLUREA, DrugKnowledge.TZD));
        j.put("ADA-PREG-001", pregnant && nonInsulin ? Judgement.fire("pregnant; " + drug)
            : Judgement.silent(pregnant ? "pregnant, draft is not a non-insulin glucose-lowering drug" : "no active pregnancy"));
        int age = p.ageAt(asOf);
        boolean longSu = d.ingredients().contains("glyburide") || d.ingredients().contains("glimepiride");
        j.put("ADA-SU-001", longSu && age >= 65
            ? Judgement.fire(drug + " at age " + age) : Judgement.silent("no draft glyburide/glimepiride at 65+"));

        // ---- checks added by issue 16: not judged independently yet. Where the rule could apply, the verdict is
        // undecidable (a card is neither counted false nor missed, and the call is not a "no problem" call);
        // where its drugs are absent it must stay silent.
        newChecks(p, d, active, e, age, j);

        // ---- allergies and conditions
        allergyRules(p, d, j);
        boolean reninAngiotensin = d.has(DrugKnowledge.ACE_INHIBITOR) || d.has(DrugKnowledge.ARB)
            || d.ingredients().contains("sacubitril");
        boolean condition = (reninAngiotensin && pregnant) || (d.has(DrugKnowledge.NSAID) && p.hasCondition(HEART_FAILURE));
        j.put("CI-COND-001", condition ? Judgement.fire(drug + " with pregnancy or heart failure")
            : Judgement.silent("no drug-condition contraindication for " + drug));

        // ---- ONC high-priority interactions: a pair with the draft on one side
        for (DrugKnowledge.Pair pair : DrugKnowledge.ONC_PAIRS) {
            Optional<String> hit = interaction(pair, d, active);
            j.put(pair.ruleId(), hit.map(Judgement::fire).orElseGet(() -> Judgement.silent("no " + pair.ruleId()
                + " pair with " + drug)));
        }
        return j;
    }

    private static void allergyRules(RawPatient p, Draft d, Map<String, Judgement> j) {
        String same = null;
        String cls = null;
        String cross = null;
        for (RawPatient.Allergy a : p.allergies()) {
            Set<String> allergen = DrugKnowledge.ingredients(a.display());
            String display = a.display().toLowerCase(java.util.Locale.ROOT);
            for (String i : d.ingredients()) {
                if (allergen.contains(i)) {
                    same = "allergy to " + a.display() + "; draft " + d.display();
                }
            }
            for (Set<String> c : List.of(DrugKnowledge.ACE_INHIBITOR, DrugKnowledge.PENICILLINS,
                DrugKnowledge.CEPHALOSPORINS, DrugKnowledge.GLP1RA)) {
                boolean allergicToClass = inAny(allergen, c)
                    || (c == DrugKnowledge.PENICILLINS && display.contains("penicillin"))
                    || (c == DrugKnowledge.CEPHALOSPORINS && display.contains("cephalosporin"));
                if (allergicToClass && d.has(c) && d.ingredients().stream().noneMatch(allergen::contains)) {
                    cls = "class allergy " + a.display() + "; draft " + d.display();
                }
            }
            boolean severePenicillin = a.highCriticality() && (display.contains("penicillin")
                || inAny(allergen, DrugKnowledge.PENICILLINS));
            boolean severeCephalosporin = a.highCriticality() && (display.contains("cephalosporin")
                || inAny(allergen, DrugKnowledge.CEPHALOSPORINS));
            boolean severeAce = a.highCriticality() && inAny(allergen, DrugKnowledge.ACE_INHIBITOR);
            if ((severePenicillin && d.has(DrugKnowledge.CEPHALOSPORINS))
                || (severeCephalosporin && d.has(DrugKnowledge.PENICILLINS))
                || (severeAce && d.ingredients().contains("sacubitril"))) {
                cross = "severe allergy " + a.display() + "; draft " + d.display();
            }
        }
        j.put("CI-ALG-001", same != null ? Judgement.fire(same) : Judgement.silent("no allergy to the draft's ingredients"));
        j.put("CI-ALG-002", cls != null ? Judgement.fire(cls) : Judgement.silent("no class allergy for the draft"));
        j.put("CI-ALG-003", cross != null ? Judgement.fire(cross) : Judgement.silent("no cross-sensitivity for the draft"));
    }

    private static Optional<String> interaction(DrugKnowledge.Pair pair, Draft d, Set<String> active) {
        for (String x : d.ingredients()) {
            for (String y : active) {
                if (x.equals(y)) {
                    continue;
                }
                if ((pair.left().contains(x) && pair.right().contains(y))
                    || (pair.right().contains(x) && pair.left().contains(y))) {
                    return Optional.of("draft " + x + " with active " + y);
                }
            }
        }
        return Optional.empty();
    }

    static long ageDays(Lab l, Instant asOf) {
        return Duration.between(l.at(), asOf).toDays();
    }

    /**
     * A call with no problem: a recent (≤ 365 days) eGFR of at least 60, no allergy, condition or interaction that
     * touches the draft, and nothing the oracle expects or cannot decide.
     */
    private static final Set<String> SECRETAGOGUE = DrugKnowledge.union(DrugKnowledge.SULFONYLUREA,
        Set.of("repaglinide", "nateglinide"));
    private static final Set<String> INSULIN = DrugKnowledge.union(DrugKnowledge.BASAL_INSULIN, DrugKnowledge.OTHER_INSULIN);
    private static final Set<String> NSAID_OR_RAS_OR_DIURETIC = DrugKnowledge.union(DrugKnowledge.NSAID,
        DrugKnowledge.ACE_INHIBITOR, DrugKnowledge.ARB, Set.of("hydrochlorothiazide", "chlorthalidone", "furosemide",
            "spironolactone", "torsemide", "bumetanide"));

    /** Issue 16 rules: undecidable when they could apply to this draft, silent when their drugs are absent. */
    private static void newChecks(RawPatient p, Draft d, Set<String> active, double e, int age,
                                  Map<String, Judgement> j) {
        Set<String> all = new java.util.HashSet<>(active);
        all.addAll(d.ingredients());
        boolean secretagogue = d.has(SECRETAGOGUE);
        boolean insulin = d.has(INSULIN) || d.toString().toLowerCase(java.util.Locale.ROOT).contains("insulin");
        boolean glucoseLowering = secretagogue || insulin || d.has(DrugKnowledge.BIGUANIDE) || d.has(DrugKnowledge.SGLT2I)
            || d.has(DrugKnowledge.GLP1RA) || d.has(DrugKnowledge.DPP4I) || d.has(DrugKnowledge.TZD);
        String drug = "draft " + d;
        plain(j, "ADA-HYPO-001", secretagogue || insulin, drug + "; glucose in the last 14 days");
        plain(j, "ADA-HYPO-002", secretagogue && age >= 65, drug + " at age " + age);
        plain(j, "ADA-HYPO-003", secretagogue && !(e >= 60), drug + "; eGFR " + e);
        plain(j, "ADA-HYPO-004", insulin && DrugKnowledge.inAny(active, DrugKnowledge.SULFONYLUREA), drug + " with an active sulfonylurea");
        plain(j, "ADA-HYPO-005", insulin && !DrugKnowledge.inAny(active, INSULIN), drug + ", no active insulin");
        plain(j, "ADA-HYPO-006", (insulin || d.has(DrugKnowledge.SULFONYLUREA)) && age >= 65, drug + " at age " + age);
        plain(j, "ADA-HYPO-007", (insulin || d.has(DrugKnowledge.SULFONYLUREA) || DrugKnowledge.inAny(all, SECRETAGOGUE)
            || DrugKnowledge.inAny(all, INSULIN)) && DrugKnowledge.inAny(all, Set.of("propranolol", "nadolol", "timolol",
            "pindolol", "sotalol")), "non-selective beta-blocker with insulin or a sulfonylurea");
        plain(j, "ADA-DPP4-001", d.has(DrugKnowledge.DPP4I) && !(e >= 60), drug + "; eGFR " + e);
        boolean sameClass = java.util.stream.Stream.of(DrugKnowledge.SULFONYLUREA, DrugKnowledge.DPP4I, DrugKnowledge.GLP1RA,
                DrugKnowledge.SGLT2I, DrugKnowledge.TZD)
            .anyMatch(c -> d.has(c) && all.stream().anyMatch(x -> c.contains(x) && !d.ingredients().contains(x)));
        plain(j, "ADA-DUP-001", sameClass, "two agents of one class");
        plain(j, "ADA-DUP-002", (d.has(DrugKnowledge.DPP4I) || d.has(DrugKnowledge.GLP1RA))
            && DrugKnowledge.inAny(all, DrugKnowledge.DPP4I) && DrugKnowledge.inAny(all, DrugKnowledge.GLP1RA), "DPP-4i with GLP-1 RA");
        plain(j, "ADA-DUP-003", secretagogue && DrugKnowledge.inAny(all, DrugKnowledge.SULFONYLUREA)
            && DrugKnowledge.inAny(all, Set.of("repaglinide", "nateglinide")), "sulfonylurea with a glinide");
        plain(j, "ADA-DUP-004", false, "one draft per call in this study");
        plain(j, "ADA-MET-009", d.has(DrugKnowledge.BIGUANIDE) && active.contains("metformin"), "metformin drafted while active");
        plain(j, "ADA-DDI-001", all.contains("repaglinide") && all.contains("gemfibrozil"), "repaglinide with gemfibrozil");
        Set<String> fq = Set.of("ciprofloxacin", "levofloxacin", "moxifloxacin", "ofloxacin");
        plain(j, "ADA-DDI-002", DrugKnowledge.inAny(all, fq) && (DrugKnowledge.inAny(all, INSULIN)
            || DrugKnowledge.inAny(all, DrugKnowledge.SULFONYLUREA) || insulin), "fluoroquinolone with insulin or a sulfonylurea");
        Set<String> azole = Set.of("fluconazole", "ketoconazole", "itraconazole", "voriconazole", "posaconazole", "clarithromycin");
        plain(j, "ADA-DDI-003", DrugKnowledge.inAny(all, azole) && DrugKnowledge.inAny(all, DrugKnowledge.SULFONYLUREA),
            "azole or clarithromycin with a sulfonylurea");
        plain(j, "ADA-HEP-001", (secretagogue || d.has(DrugKnowledge.BIGUANIDE))
            && p.hasCondition(Set.of("235856003", "19943007", "128302006", "61977001")), drug + " with liver disease");
        plain(j, "ADA-DOSE-003", glucoseLowering && !d.has(DrugKnowledge.BIGUANIDE), drug + "; label maximum not judged here");
        // metformin: the usual start is at most 1000 mg/day (label); other agents are not judged here
        boolean metforminStartOk = d.has(DrugKnowledge.BIGUANIDE) && d.ingredients().size() == 1
            && d.dailyMg() != null && d.dailyMg() <= 1000;
        plain(j, "ADA-DOSE-004", glucoseLowering && !metforminStartOk
            && d.ingredients().stream().noneMatch(active::contains), drug + ", first order; usual starting dose not judged here");
        plain(j, "ADA-TZD-003", d.has(DrugKnowledge.TZD) && p.hasCondition(HEART_FAILURE), drug + " with heart failure");
        plain(j, "ADA-SGLT2-004", d.has(DrugKnowledge.SGLT2I) && p.hasCondition(Set.of("46635009")), drug + " with type 1 diabetes");
        plain(j, "CI-NSAID-001", d.has(DrugKnowledge.NSAID) && !(e >= 60), drug + "; eGFR " + e);
        plain(j, "CI-NSAID-002", d.has(NSAID_OR_RAS_OR_DIURETIC) && DrugKnowledge.inAny(all, DrugKnowledge.NSAID)
            && (DrugKnowledge.inAny(all, DrugKnowledge.ACE_INHIBITOR) || DrugKnowledge.inAny(all, DrugKnowledge.ARB)),
            "NSAID with an ACE inhibitor or ARB (diuretic not judged here)");
    }

    private static void plain(Map<String, Judgement> j, String rule, boolean couldApply, String facts) {
        j.put(rule, couldApply ? Judgement.undecidable("issue 16 rule, not judged by this oracle yet: " + facts)
            : Judgement.silent("issue 16 rule: its drugs are not in this call"));
    }

    static boolean noProblem(RawPatient p, Draft d, Instant asOf, Map<String, Judgement> judgements) {
        Optional<Lab> egfr = p.latestEgfr();
        boolean egfrOk = egfr.isPresent() && egfr.get().value() >= 60 && ageDays(egfr.get(), asOf) <= 365;
        boolean allQuiet = judgements.values().stream().allMatch(j -> j.verdict() == Verdict.SHOULD_NOT_FIRE);
        boolean contraindicatingCondition = p.hasCondition(DIALYSIS) || p.lastDialysis(asOf).isPresent()
            || p.hasCondition(PREGNANCY)
            || p.hasCondition(MTC_MEN2) || p.hasCondition(PANCREATITIS) || p.hasCondition(BLADDER_CANCER)
            || p.hasCondition(NYHA_3_4);
        boolean allergyToDraft = p.allergies().stream()
            .anyMatch(a -> DrugKnowledge.ingredients(a.display()).stream().anyMatch(d.ingredients()::contains));
        return egfrOk && allQuiet && !contraindicatingCondition && !allergyToDraft;
    }
}
