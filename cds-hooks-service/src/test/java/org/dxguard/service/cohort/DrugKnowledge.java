package org.dxguard.service.cohort;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oracle's own drug knowledge, written for this study from the labels and the ONC list
 * (shared/docs/CLINICAL-FACTS.md), NOT read from {@code guidelines/terminology}: ingredients are recognised by
 * name in the RxNorm display text, and classes are listed here. A disagreement between this table and the
 * guideline terminology shows up as a false or missed alert that a person then has to look at.
 */
final class DrugKnowledge {
    private DrugKnowledge() {}

    static final Set<String> BIGUANIDE = Set.of("metformin");
    static final Set<String> SGLT2I = Set.of("canagliflozin", "dapagliflozin", "empagliflozin", "ertugliflozin");
    static final Set<String> GLP1RA = Set.of("liraglutide", "semaglutide", "dulaglutide", "exenatide", "lixisenatide",
        "tirzepatide");
    static final Set<String> GLP1RA_RENAL = Set.of("exenatide", "lixisenatide");
    static final Set<String> DPP4I = Set.of("sitagliptin", "saxagliptin", "alogliptin", "linagliptin");
    static final Set<String> SULFONYLUREA = Set.of("glipizide", "glyburide", "glimepiride", "gliclazide");
    static final Set<String> TZD = Set.of("pioglitazone", "rosiglitazone");
    /** Basal insulins; an insulin product that also contains a rapid/regular insulin is premixed, not basal. */
    static final Set<String> BASAL_INSULIN = Set.of("insulin glargine", "insulin detemir", "insulin degludec",
        "insulin isophane");
    static final Set<String> OTHER_INSULIN = Set.of("insulin lispro", "insulin aspart", "insulin regular",
        "insulin glulisine");
    /** Drugs whose label asks for kidney function before/while using them (dose or use depends on eGFR). */
    static final Set<String> RENALLY_DOSED = union(BIGUANIDE, SGLT2I, GLP1RA_RENAL,
        Set.of("sitagliptin", "saxagliptin", "alogliptin", "glyburide", "glimepiride"));

    static final Set<String> ACE_INHIBITOR = Set.of("lisinopril", "enalapril", "captopril", "ramipril", "benazepril",
        "quinapril", "fosinopril", "perindopril", "trandolapril", "moexipril");
    static final Set<String> ARB = Set.of("losartan", "valsartan", "irbesartan", "telmisartan", "candesartan",
        "olmesartan", "azilsartan", "eprosartan");
    static final Set<String> NSAID = Set.of("ibuprofen", "naproxen", "diclofenac", "meloxicam", "celecoxib",
        "indomethacin", "ketorolac", "etodolac", "nabumetone", "piroxicam");
    static final Set<String> CARDIOVASCULAR = union(ACE_INHIBITOR, ARB, Set.of("sacubitril",
        "hydrochlorothiazide", "chlorthalidone", "amlodipine", "nifedipine", "diltiazem", "verapamil",
        "metoprolol", "carvedilol", "atenolol", "labetalol", "bisoprolol", "propranolol", "nebivolol",
        "furosemide", "torsemide", "bumetanide", "spironolactone", "eplerenone", "digoxin", "hydralazine",
        "isosorbide", "nitroglycerin", "ivabradine", "simvastatin", "atorvastatin", "rosuvastatin", "pravastatin",
        "lovastatin", "pitavastatin", "ezetimibe", "clopidogrel", "prasugrel", "ticagrelor", "warfarin", "apixaban",
        "rivaroxaban", "dabigatran", "amiodarone"));
    static final Set<String> DIABETES = union(BIGUANIDE, SGLT2I, GLP1RA, DPP4I, SULFONYLUREA, TZD, BASAL_INSULIN,
        OTHER_INSULIN);

    // ---- the 15 ONC high-priority pairs (Phansalkar et al. 2012), members as this study reads them
    static final Set<String> MAOI = Set.of("phenelzine", "tranylcypromine", "isocarboxazid", "selegiline",
        "rasagiline", "linezolid");
    static final Set<String> AMPHETAMINE = Set.of("amphetamine", "dextroamphetamine", "lisdexamfetamine",
        "methamphetamine", "methylphenidate");
    static final Set<String> PPI = Set.of("omeprazole", "esomeprazole", "lansoprazole", "dexlansoprazole",
        "pantoprazole", "rabeprazole");
    static final Set<String> SSRI = Set.of("fluoxetine", "sertraline", "paroxetine", "citalopram", "escitalopram",
        "fluvoxamine");
    static final Set<String> STRONG_CYP3A4_INHIBITOR = Set.of("ketoconazole", "itraconazole", "voriconazole",
        "posaconazole", "clarithromycin", "telithromycin", "nefazodone", "ritonavir", "cobicistat");
    static final Set<String> PROTEASE_INHIBITOR = Set.of("atazanavir", "darunavir", "fosamprenavir", "indinavir",
        "lopinavir", "nelfinavir", "ritonavir", "saquinavir", "tipranavir");
    static final Set<String> NARCOTIC = Set.of("meperidine", "fentanyl", "methadone", "tramadol", "tapentadol",
        "oxycodone", "morphine", "hydrocodone", "codeine", "hydromorphone", "dextromethorphan");
    static final Set<String> TCA = Set.of("amitriptyline", "nortriptyline", "imipramine", "desipramine",
        "clomipramine", "doxepin", "protriptyline", "trimipramine");
    static final Set<String> QT_HIGH_RISK = Set.of("amiodarone", "dofetilide", "sotalol", "quinidine", "pimozide",
        "thioridazine", "cisapride", "arsenic trioxide", "ziprasidone", "dronedarone", "ibutilide", "disopyramide",
        "procainamide", "mesoridazine", "bepridil", "levomethadyl");
    static final Set<String> CYP1A2_STRONG_INHIBITOR = Set.of("ciprofloxacin", "fluvoxamine");
    static final Set<String> CYP3A4_INDUCER = Set.of("rifampin", "rifabutin", "carbamazepine", "phenytoin",
        "phenobarbital", "st. john's wort");
    static final Set<String> ERGOT = Set.of("ergotamine", "dihydroergotamine", "methylergonovine");
    static final Set<String> TRIPTAN = Set.of("sumatriptan", "rizatriptan", "zolmitriptan", "naratriptan",
        "eletriptan", "almotriptan", "frovatriptan");

    /** The two sides of each ONC pair. */
    record Pair(String ruleId, Set<String> left, Set<String> right) {}

    static final List<Pair> ONC_PAIRS = List.of(
        new Pair("ONC-DDI-01", AMPHETAMINE, MAOI),
        new Pair("ONC-DDI-02", Set.of("atazanavir"), PPI),
        new Pair("ONC-DDI-03", Set.of("febuxostat"), Set.of("azathioprine", "mercaptopurine")),
        new Pair("ONC-DDI-04", SSRI, MAOI),
        new Pair("ONC-DDI-05", Set.of("irinotecan"), STRONG_CYP3A4_INHIBITOR),
        new Pair("ONC-DDI-06", NARCOTIC, MAOI),
        new Pair("ONC-DDI-07", TCA, MAOI),
        new Pair("ONC-DDI-08", QT_HIGH_RISK, QT_HIGH_RISK),
        new Pair("ONC-DDI-09", Set.of("ramelteon"), CYP1A2_STRONG_INHIBITOR),
        new Pair("ONC-DDI-10", CYP3A4_INDUCER, PROTEASE_INHIBITOR),
        new Pair("ONC-DDI-11", Set.of("simvastatin", "lovastatin"), union(STRONG_CYP3A4_INHIBITOR, PROTEASE_INHIBITOR)),
        new Pair("ONC-DDI-12", ERGOT, union(STRONG_CYP3A4_INHIBITOR, PROTEASE_INHIBITOR)),
        new Pair("ONC-DDI-13", Set.of("tizanidine"), CYP1A2_STRONG_INHIBITOR),
        new Pair("ONC-DDI-14", Set.of("tranylcypromine"), Set.of("procarbazine")),
        new Pair("ONC-DDI-15", TRIPTAN, MAOI));

    private static final Set<String> ALL_NAMES = union(DIABETES, CARDIOVASCULAR, NSAID, MAOI, AMPHETAMINE, PPI,
        SSRI, STRONG_CYP3A4_INHIBITOR, PROTEASE_INHIBITOR, NARCOTIC, TCA, QT_HIGH_RISK, CYP1A2_STRONG_INHIBITOR,
        CYP3A4_INDUCER, ERGOT, TRIPTAN, Set.of("aspirin", "atazanavir", "febuxostat", "azathioprine",
            "mercaptopurine", "irinotecan", "ramelteon", "tizanidine", "procarbazine", "acetaminophen",
            "amoxicillin", "ampicillin", "penicillin", "cephalexin", "cefuroxime", "ceftriaxone", "cefdinir",
            "cefazolin", "sulfamethoxazole", "trimethoprim", "azithromycin"));
    static final Set<String> PENICILLINS = Set.of("amoxicillin", "ampicillin", "penicillin", "piperacillin",
        "dicloxacillin", "nafcillin", "oxacillin");
    static final Set<String> CEPHALOSPORINS = Set.of("cephalexin", "cefuroxime", "ceftriaxone", "cefdinir", "cefazolin",
        "cefaclor", "cefixime", "cefpodoxime", "cefepime", "ceftazidime", "cefotaxime", "cefoxitin");

    /**
     * Ingredient names found in an RxNorm display ("insulin isophane, human 70 UNT/ML / insulin, regular, human
     * 30 UNT/ML ..." gives insulin isophane and insulin regular).
     */
    static Set<String> ingredients(String display) {
        String t = display.toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        if (t.contains("insulin")) {
            if (t.contains("isophane") || t.contains("nph")) {
                out.add("insulin isophane");
            }
            if (t.contains("insulin, regular") || t.contains("insulin regular")) {
                out.add("insulin regular");
            }
            for (String n : List.of("glargine", "detemir", "degludec", "lispro", "aspart", "glulisine")) {
                if (t.contains(n)) {
                    out.add("insulin " + n);
                }
            }
        }
        for (String n : ALL_NAMES) {
            if (!n.startsWith("insulin") && Pattern.compile("\\b" + Pattern.quote(n)).matcher(t).find()) {
                out.add(n);
            }
        }
        return out;
    }

    static boolean isDiabetesOrCardiovascular(String display) {
        Set<String> ing = ingredients(display);
        String t = display.toLowerCase(Locale.ROOT);
        boolean lowDoseAspirin = ing.contains("aspirin") && t.contains("81 mg");
        return lowDoseAspirin || ing.stream().anyMatch(i -> DIABETES.contains(i) || CARDIOVASCULAR.contains(i));
    }

    /** Basal insulin alone (not a premix with a rapid or regular insulin). */
    static boolean basalOnly(Set<String> ingredients) {
        return ingredients.stream().anyMatch(BASAL_INSULIN::contains)
            && ingredients.stream().noneMatch(OTHER_INSULIN::contains);
    }

    static boolean extendedRelease(String display) {
        String t = display.toLowerCase(Locale.ROOT);
        return t.contains("extended release") || t.contains("24 hr");
    }

    private static final Pattern MG = Pattern.compile("(\\d+(?:\\.\\d+)?) MG(?!/)", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNITS_PER_ML = Pattern.compile("(\\d+(?:\\.\\d+)?) UNT/ML", Pattern.CASE_INSENSITIVE);

    /** Strength in mg per tablet/capsule of a single-ingredient solid drug, from its display. */
    static Optional<Double> mgPerUnit(String display) {
        Matcher m = MG.matcher(display);
        if (m.find() && !display.contains(" / ")) {
            return Optional.of(Double.parseDouble(m.group(1)));
        }
        return Optional.empty();
    }

    static Optional<Double> unitsPerMl(String display) {
        Matcher m = UNITS_PER_ML.matcher(display);
        return m.find() && !display.contains(" / ") ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    static boolean inAny(Set<String> ingredients, Set<String> cls) {
        return ingredients.stream().anyMatch(cls::contains);
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> out = new LinkedHashSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return Set.copyOf(out);
    }

    /** A label maximum daily dose in mg, where this study knows one. */
    static final Map<String, Double> MAX_DAILY_MG_IR = Map.of("metformin", 2550.0);
    static final Map<String, Double> MAX_DAILY_MG_ER = Map.of("metformin", 2000.0);
}
