package org.dxguard.rules;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Units;

/**
 * The terminology tables shipped as data ({@code guidelines/terminology/*.csv}): value sets that turn codes and
 * text into the concepts rules use. Immutable and thread-safe once built. The authors' guide
 * ({@code guidelines/README.md}) documents each file; in short:
 * <ul>
 *   <li>{@code drugs.csv}: {@code rxcui,ingredient,strength,unit,release,name} – one row per ingredient of an RxNorm
 *       clinical or branded drug; unit {@code mg}, {@code mg/mL} or {@code units/mL}; release {@code ER}.</li>
 *   <li>{@code ingredients.csv}: {@code ingredient,rxcui,classes,flags} – classes and flags separated by {@code ;};
 *       flag {@code WASHOUT_<n>D}: a stopped medication still counts for {@code n} days (MAOIs).</li>
 *   <li>{@code drug-synonyms*.csv}: {@code ingredients,lang,name,kind,source} – other names of an ingredient or a
 *       combination ({@code metformin+sitagliptin}): INN/US names, brand names, Chinese generic and brand names. Every
 *       file whose name starts with {@code drug-synonyms} is read, so a larger table can be dropped in.</li>
 *   <li>{@code conditions.csv}: {@code system,code,tag,display} – the value set of each rule tag: SNOMED CT codes
 *       ({@code <<code} = the code and its descendants listed in {@code snomed-descendants.csv}), ICD-10 codes (any
 *       edition; a code covers every longer code below it, so {@code E11.9} covers the national edition's
 *       {@code E11.900}; {@code N18.3*} says so explicitly; {@code K70-K77} is a range of categories) and text
 *       ({@code TEXT}: English or Chinese phrases for problem-list entries without a known code).</li>
 *   <li>{@code snomed-descendants.csv}: {@code ancestor,descendant,display,source} – the part of the SNOMED CT
 *       hierarchy the value sets need (no full release is shipped).</li>
 *   <li>{@code labs.csv}: {@code loinc,kind,property,impliedUnit,display} – LOINC → lab kind; {@code impliedUnit} only
 *       where the LOINC property fixes the unit (e.g. HbA1c 59261-8 is mmol/mol), used for a value sent without a
 *       unit; blank means such a value is unusable.</li>
 *   <li>{@code lab-kinds.csv}: {@code kind,unit,molarMass,conversion,display,source} – the unit rules read each kind
 *       in, the molar mass (g/mol) for mass ↔ substance conversion, a special conversion ({@code ngsp-ifcc}).</li>
 *   <li>{@code lab-freshness.csv}: {@code kind,below,maxAgeDays,source} – how old a result may be to count as
 *       current: the row with the smallest {@code below} above the value, else the row without {@code below}.</li>
 *   <li>{@code allergens.csv}: {@code system,code,ingredient,class,display} – allergy codes that are not drugs.</li>
 *   <li>{@code imaging.csv}: {@code kind,value,lang,display,source} – ordered studies that give iodinated contrast
 *       (codes, and modality/contrast phrases in English and Chinese; see {@code OrderValueSet}).</li>
 *   <li>{@code surgery.csv}: {@code kind,value,lang,display,source} – ordered surgical procedures (same format).</li>
 *   <li>{@code pregnancy-tests.csv}: {@code loinc,display,source} – qualitative pregnancy tests (hCG) the FHIR mapping
 *       reads; {@code dialysis-procedures.csv}: {@code system,code,kind,recentDays,display,source} – dialysis and
 *       kidney transplant procedures (SNOMED, CPT, HCPCS, ICD10PCS; {@code 5A1D*} is a prefix). The mapping reads both
 *       from the loaded terminology, so a reload applies an edit.</li>
 *   <li>optional, for display only: {@value #CONDITION_NAMES_ZH} (Chinese names of the value-set concepts; column
 *       {@code grouping=yes} marks a concept that groups different diseases, whose name never names a code),
 *       {@value #ICD_NAMES_ZH} (Chinese names of national-edition ICD-10 codes) and {@value #CODE_NAMES_ZH}
 *       ({@code system,code,name_zh,source,verification}: Chinese names of single codes of other systems), read by
 *       {@link #localConditionName} and {@link #localConditionGroup}.</li>
 * </ul>
 * Every code is checked for the format of its system when the tables are read ({@link RuleErrors#CODE_MALFORMED}).
 */
public final class Terminology {
    /** Chinese names of the value-set concepts (optional; read from the terminology's {@code zh/} folder). */
    public static final String CONDITION_NAMES_ZH = "zh/conditions-zh.csv";
    /** Chinese names of national-edition ICD-10 codes (optional; the terminology's {@code zh/} folder). */
    public static final String ICD_NAMES_ZH = "zh/icd10-cn.csv";
    /** Chinese names of single codes of other systems, e.g. SNOMED CT (optional; the terminology's {@code zh/} folder). */
    public static final String CODE_NAMES_ZH = "zh/condition-codes-zh.csv";
    /** The optional display-only Chinese name tables, as the loader reads them when present. */
    public static final List<String> NAME_FILES_ZH = List.of(CONDITION_NAMES_ZH, ICD_NAMES_ZH, CODE_NAMES_ZH);

    public static final List<String> FILES = List.of("drugs.csv", "ingredients.csv", "conditions.csv", "labs.csv",
        "allergens.csv", "lab-kinds.csv", "lab-freshness.csv", "snomed-descendants.csv", "drug-synonyms.csv",
        "pregnancy-tests.csv", "dialysis-procedures.csv", "imaging.csv", "surgery.csv");

    /** True for the names of the files {@link #parse} reads: {@link #FILES} and drop-in {@code drug-synonyms*.csv}. */
    public static boolean isTableFile(String name) {
        return FILES.contains(name) || (name.startsWith("drug-synonyms") && name.endsWith(".csv"));
    }

    /** One ingredient of a clinical drug. */
    public record DrugComponent(String rxcui, String ingredient, double strength, String unit, boolean extendedRelease,
                                String name) {}

    /** An ingredient with its classes and flags. */
    public record Ingredient(String name, String rxcui, Set<String> classes, Set<String> flags) {
        /** Days a stopped medication with this ingredient still counts (flag {@code WASHOUT_<n>D}), else 0. */
        public int washoutDays() {
            for (String f : flags) {
                if (f.startsWith("WASHOUT_") && f.endsWith("D")) {
                    try {
                        return Integer.parseInt(f.substring(8, f.length() - 1));
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
            return 0;
        }
    }

    /** A condition code's tag. */
    public record ConditionTag(String tag, String display) {}

    /** What an allergy code names. */
    public record Allergen(String ingredient, String drugClass, String display) {}

    /** A LOINC code the rules read: its kind, LOINC property (MCNC, SCNC, MFR, SFR…) and implied unit, if any. */
    public record LabCode(String loinc, String kind, String property, String impliedUnit, String display) {}

    /** A lab kind: the unit rules read it in, its molar mass (NaN if none), a special conversion, a display name. */
    public record LabKind(String kind, String unit, double molarMass, String conversion, String display) {}

    /** A freshness limit: results of {@code kind} below {@code below} (NaN: any value) are current for this long. */
    public record Freshness(String kind, double below, int maxAgeDays, String source) {}

    /**
     * A drug resolved from its codes or its description: the ingredient components (with strength when known),
     * how it was recognised ({@code "RxNorm 861004"}, {@code "name 二甲双胍"}), and the dose form named in the text.
     */
    public record DrugMatch(List<DrugComponent> components, String how, String form) {
        public boolean unknown() {
            return components.isEmpty();
        }
    }

    private record NamePattern(Pattern pattern, String name, List<String> ingredients, boolean cjk) {}

    private record IcdEntry(String prefix, String from, String to, ConditionTag tag) {}

    private final Map<String, List<DrugComponent>> drugs;
    private final Map<String, Ingredient> ingredientsByName;
    private final Map<String, Ingredient> ingredientsByRxcui;
    private final Map<String, List<ConditionTag>> conditions;
    private final List<IcdEntry> icd;
    private final List<Map.Entry<String, ConditionTag>> conditionTexts;
    private final Map<String, LabCode> labs;
    private final Map<String, LabKind> labKinds;
    private final Map<String, List<Freshness>> freshness;
    private final Map<String, Allergen> allergens;
    private final List<NamePattern> namePatterns;
    /** {@code lang|ingredient} → the ingredient's generic name in that language (first generic row). */
    private final Map<String, String> localNames;
    /** {@code zh|TAG} → the concept's Chinese name ({@code zh/conditions-zh.csv}, rows without a subconcept). */
    private Map<String, String> conditionNames = Map.of();
    /** {@code zh|CODE} (upper case, no dots) → the national-edition ICD-10 code's Chinese name ({@code zh/icd10-cn.csv}). */
    private Map<String, String> icdNames = Map.of();
    /** {@code zh|SYSTEM|code} → the code's own Chinese name ({@value #CODE_NAMES_ZH}). */
    private Map<String, String> codeNames = Map.of();
    /** {@code zh|TAG} of the concepts marked {@code grouping=yes} in {@value #CONDITION_NAMES_ZH}. */
    private Set<String> groupingConcepts = Set.of();
    private OrderValueSet imaging = OrderValueSet.EMPTY;
    private OrderValueSet surgery = OrderValueSet.EMPTY;
    private Set<String> pregnancyTests = Set.of();
    private List<ProcedureCode> procedures = List.of();
    private String fingerprint = "";
    /**
     * The word-bounded pattern of each non-Chinese problem-list phrase, compiled once (compiling one per phrase per
     * condition was a tenth of a realistic order-sign call's CPU); Chinese phrases match as substrings.
     */
    private final Map<String, Pattern> phrasePatterns;

    private Terminology(Map<String, List<DrugComponent>> drugs, Map<String, Ingredient> ingredientsByName,
                        Map<String, List<ConditionTag>> conditions, List<IcdEntry> icd,
                        List<Map.Entry<String, ConditionTag>> conditionTexts, Map<String, LabCode> labs,
                        Map<String, LabKind> labKinds, Map<String, List<Freshness>> freshness,
                        Map<String, Allergen> allergens, Map<String, List<String>> synonyms,
                        Map<String, String> localNames) {
        this.localNames = localNames;
        this.drugs = drugs;
        this.ingredientsByName = ingredientsByName;
        Map<String, Ingredient> byRx = new HashMap<>();
        ingredientsByName.values().stream().filter(i -> !i.rxcui().isEmpty()).forEach(i -> byRx.put(i.rxcui(), i));
        this.ingredientsByRxcui = byRx;
        this.conditions = conditions;
        this.icd = icd;
        this.conditionTexts = conditionTexts;
        Map<String, Pattern> phrases = new HashMap<>();
        for (Map.Entry<String, ConditionTag> e : conditionTexts) {
            String phrase = e.getKey();
            if (!isCjk(phrase)) {
                phrases.computeIfAbsent(phrase,
                    x -> Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(x) + "(?![\\p{L}])"));
            }
        }
        this.phrasePatterns = phrases;
        this.labs = labs;
        this.labKinds = labKinds;
        this.freshness = freshness;
        this.allergens = allergens;
        Map<String, List<String>> names = new LinkedHashMap<>();
        ingredientsByName.keySet().forEach(n -> names.put(n, List.of(n)));
        synonyms.forEach(names::putIfAbsent);
        List<NamePattern> patterns = new ArrayList<>();
        names.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> e.getKey().length())
                .reversed())
            .forEach(e -> {
                String n = e.getKey();
                boolean cjk = n.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
                Pattern p = cjk ? Pattern.compile(Pattern.quote(n))
                    : Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(n) + "(?![\\p{L}])");
                patterns.add(new NamePattern(p, n, e.getValue(), cjk));
            });
        this.namePatterns = patterns;
    }

    /** Parses the tables from their texts keyed by file name; a missing file counts as empty. */
    public static Terminology parse(Map<String, String> filesByName) {
        Map<String, List<DrugComponent>> drugs = new HashMap<>();
        for (Row r : rows(filesByName, "drugs.csv", "rxcui", "ingredient", "strength", "unit")) {
            String rxcui = r.code("RXNORM", "rxcui");
            String ingredient = norm(r.req("ingredient"));
            double strength = r.num("strength", 0);
            drugs.computeIfAbsent(rxcui, k -> new ArrayList<>()).add(new DrugComponent(rxcui, ingredient, strength,
                r.opt("unit"), "ER".equalsIgnoreCase(r.opt("release")), r.opt("name")));
        }
        Map<String, Ingredient> ingredients = new LinkedHashMap<>();
        for (Row r : rows(filesByName, "ingredients.csv", "ingredient", "rxcui", "classes", "flags")) {
            String name = norm(r.req("ingredient"));
            if (ingredients.containsKey(name)) {
                throw r.error("ingredient '" + name + "' is listed twice");
            }
            String rx = r.opt("rxcui").isEmpty() ? "" : r.code("RXNORM", "rxcui");
            ingredients.put(name, new Ingredient(name, rx, split(r.opt("classes")), split(r.opt("flags"))));
        }
        for (List<DrugComponent> comps : drugs.values()) {
            for (DrugComponent c : comps) {
                ingredients.computeIfAbsent(c.ingredient(), n -> new Ingredient(n, "", Set.of(), Set.of()));
            }
        }
        Map<String, List<String>> synonyms = new LinkedHashMap<>();
        Map<String, String> localNames = new HashMap<>();
        Set<String> mainNamed = new HashSet<>();
        List<String> synonymFiles = filesByName.keySet().stream().filter(n -> n.startsWith("drug-synonyms")).sorted()
            .toList();
        for (String file : synonymFiles) {
            for (Row r : rows(filesByName, file, "ingredients", "lang", "name")) {
                List<String> ings = new ArrayList<>();
                for (String i : r.req("ingredients").split("\\+")) {
                    String n = norm(i);
                    if (!ingredients.containsKey(n)) {
                        throw r.error("ingredient '" + n + "' is not in ingredients.csv or drugs.csv");
                    }
                    ings.add(n);
                }
                String name = norm(r.req("name"));
                if (ings.size() == 1 && "generic".equals(r.opt("kind")) && !r.req("lang").isBlank()) {
                    // the main drug-synonyms.csv names the approved generic name first; drop-in files add others
                    String k = r.req("lang").strip().toLowerCase(Locale.ROOT) + "|" + ings.get(0);
                    if (file.equals("drug-synonyms.csv") && !mainNamed.contains(k)) {
                        mainNamed.add(k);
                        localNames.put(k, r.req("name").strip());
                    } else {
                        localNames.putIfAbsent(k, r.req("name").strip());
                    }
                }
                List<String> prev = synonyms.putIfAbsent(name, List.copyOf(ings));
                if (prev != null && !prev.equals(ings)) {
                    throw r.error("name '" + name + "' already names " + prev);
                }
            }
        }
        Map<String, Set<String>> descendants = new HashMap<>();
        for (Row r : rows(filesByName, "snomed-descendants.csv", "ancestor", "descendant")) {
            descendants.computeIfAbsent(r.code("SNOMED", "ancestor"), k -> new LinkedHashSet<>())
                .add(r.code("SNOMED", "descendant"));
        }
        Map<String, List<ConditionTag>> conditions = new HashMap<>();
        List<IcdEntry> icd = new ArrayList<>();
        List<Map.Entry<String, ConditionTag>> texts = new ArrayList<>();
        for (Row r : rows(filesByName, "conditions.csv", "system", "code", "tag", "display")) {
            String system = shortSystem(r.req("system"));
            ConditionTag tag = new ConditionTag(r.req("tag").toUpperCase(Locale.ROOT), r.opt("display"));
            String code = r.code(system, "code");
            switch (system) {
                case "ICD10" -> {
                    String u = code.toUpperCase(Locale.ROOT).replace(".", "");
                    int dash = u.indexOf('-');
                    icd.add(dash > 0 ? new IcdEntry(null, u.substring(0, dash), u.substring(dash + 1), tag)
                        : new IcdEntry(u.replace("*", ""), null, null, tag));
                }
                case "TEXT" -> texts.add(Map.entry(norm(code), tag));
                case "SNOMED" -> {
                    boolean withDescendants = code.startsWith("<<");
                    String root = withDescendants ? code.substring(2).strip() : code;
                    Set<String> all = new LinkedHashSet<>();
                    all.add(root);
                    if (withDescendants) {
                        closure(root, descendants, all);
                    }
                    for (String c : all) {
                        List<ConditionTag> l = conditions.computeIfAbsent(key("SNOMED", c), k -> new ArrayList<>());
                        if (l.stream().noneMatch(t -> t.tag().equals(tag.tag()))) {
                            l.add(tag);
                        }
                    }
                }
                default -> conditions.computeIfAbsent(key(system, code), k -> new ArrayList<>()).add(tag);
            }
        }
        texts.sort(Comparator.comparingInt((Map.Entry<String, ConditionTag> e) -> e.getKey().length()).reversed());
        Map<String, LabCode> labs = new HashMap<>();
        for (Row r : rows(filesByName, "labs.csv", "loinc", "kind")) {
            String loinc = r.code("LOINC", "loinc");
            labs.put(loinc, new LabCode(loinc, r.req("kind").toUpperCase(Locale.ROOT), r.opt("property"),
                r.opt("impliedUnit"), r.opt("display")));
        }
        // read by the FHIR mapping (fhir-facts) from the loaded terminology, so a reload applies an author's edit
        Set<String> pregnancyTests = new java.util.TreeSet<>();
        for (Row r : rows(filesByName, "pregnancy-tests.csv", "loinc")) {
            pregnancyTests.add(r.code("LOINC", "loinc").strip());
        }
        List<ProcedureCode> procedures = new ArrayList<>();
        for (Row r : rows(filesByName, "dialysis-procedures.csv", "system", "code", "kind")) {
            String system = r.req("system").toUpperCase(Locale.ROOT);
            if (!PROCEDURE_SYSTEMS.containsKey(system)) {
                throw r.error("system '" + system + "' is not SNOMED, CPT, HCPCS or ICD10PCS");
            }
            String code = r.code(system, "code").strip().toUpperCase(Locale.ROOT);
            String kind = r.req("kind");
            Integer days = null;
            if (kind.equals("DIALYSIS")) {
                double d = r.num("recentDays", 0);
                if (d < 1 || d > 365 || d != Math.rint(d)) {
                    throw r.error("recentDays must be a whole number of days from 1 to 365, was " + r.opt("recentDays"));
                }
                days = (int) d;
            } else if (!kind.equals("KIDNEY_TRANSPLANT")) {
                throw r.error("kind '" + kind + "' is not DIALYSIS or KIDNEY_TRANSPLANT");
            }
            boolean prefix = code.endsWith("*");
            procedures.add(new ProcedureCode(PROCEDURE_SYSTEMS.get(system),
                prefix ? code.substring(0, code.length() - 1) : code, prefix, days));
        }
        Map<String, LabKind> kinds = new HashMap<>();
        for (Row r : rows(filesByName, "lab-kinds.csv", "kind", "unit")) {
            String unit = r.req("unit");
            if (org.dxguard.model.Ucum.parse(unit).isEmpty()) {
                throw r.error("unit '" + unit + "' is not a unit dxguard can convert to (see Ucum)");
            }
            kinds.put(r.req("kind").toUpperCase(Locale.ROOT), new LabKind(r.req("kind").toUpperCase(Locale.ROOT), unit,
                r.num("molarMass", Double.NaN), r.opt("conversion"), r.opt("display")));
        }
        Map<String, List<Freshness>> fresh = new HashMap<>();
        for (Row r : rows(filesByName, "lab-freshness.csv", "kind", "below", "maxAgeDays")) {
            double days = r.num("maxAgeDays", Double.NaN);
            if (!(days >= 0) || days != Math.rint(days)) {
                throw r.error("column 'maxAgeDays' must be a whole number of days");
            }
            String kind = r.req("kind").toUpperCase(Locale.ROOT);
            fresh.computeIfAbsent(kind, k -> new ArrayList<>())
                .add(new Freshness(kind, r.num("below", Double.NaN), (int) days, r.opt("source")));
        }
        for (LabCode l : labs.values()) {
            if (!kinds.isEmpty() && !kinds.containsKey(l.kind())) {
                throw new DxGuardException(RuleErrors.TABLE_INVALID, "labs.csv: kind " + l.kind() + " of LOINC "
                    + l.loinc() + " has no row in lab-kinds.csv (its unit and molar mass)");
            }
        }
        fresh.values().forEach(l -> l.sort(Comparator.comparingDouble(f -> Double.isNaN(f.below())
            ? Double.MAX_VALUE : f.below())));
        Map<String, Allergen> allergens = new HashMap<>();
        for (Row r : rows(filesByName, "allergens.csv", "system", "code", "ingredient", "class")) {
            String ing = r.opt("ingredient").isEmpty() ? "" : norm(r.opt("ingredient"));
            String cls = r.opt("class").toUpperCase(Locale.ROOT);
            if (ing.isEmpty() && cls.isEmpty()) {
                throw r.error("an allergen row needs an ingredient or a class");
            }
            String system = shortSystem(r.req("system"));
            allergens.put(key(system, r.code(system, "code")), new Allergen(ing, cls, r.opt("display")));
        }
        Terminology t = new Terminology(Map.copyOf(drugs), Collections.unmodifiableMap(ingredients),
            Map.copyOf(conditions), List.copyOf(icd), List.copyOf(texts), Map.copyOf(labs), Map.copyOf(kinds),
            Map.copyOf(fresh), Map.copyOf(allergens), synonyms, Map.copyOf(localNames));
        Map<String, String> conditionNames = new HashMap<>();
        Set<String> grouping = new HashSet<>();
        for (Row r : rows(filesByName, CONDITION_NAMES_ZH, "concept", "name_zh")) {
            if (r.opt("subconcept").isEmpty() && !r.opt("concept").isEmpty() && !r.opt("name_zh").isEmpty()) {
                String k = "zh|" + r.opt("concept").toUpperCase(Locale.ROOT);
                conditionNames.putIfAbsent(k, r.opt("name_zh"));
                if ("yes".equalsIgnoreCase(r.opt("grouping"))) {
                    grouping.add(k);
                }
            }
        }
        Map<String, String> codeNames = new HashMap<>();
        for (Row r : rows(filesByName, CODE_NAMES_ZH, "system", "code", "name_zh")) {
            String system = shortSystem(r.req("system"));
            if (!r.opt("name_zh").isEmpty()) {
                codeNames.putIfAbsent("zh|" + system + "|" + r.code(system, "code"), r.opt("name_zh"));
            }
        }
        t.codeNames = Map.copyOf(codeNames);
        t.groupingConcepts = Set.copyOf(grouping);
        Map<String, String> icdNames = new HashMap<>();
        for (Row r : rows(filesByName, ICD_NAMES_ZH, "code", "name_zh")) {
            if (!r.opt("code").isEmpty() && !r.opt("name_zh").isEmpty()) {
                icdNames.putIfAbsent("zh|" + icdKey(r.opt("code")), r.opt("name_zh"));
            }
        }
        t.conditionNames = Map.copyOf(conditionNames);
        t.icdNames = Map.copyOf(icdNames);
        t.imaging = OrderValueSet.parse(rows(filesByName, "imaging.csv", "kind", "value"));
        t.surgery = OrderValueSet.parse(rows(filesByName, "surgery.csv", "kind", "value"));
        t.pregnancyTests = Collections.unmodifiableSet(pregnancyTests);
        t.procedures = List.copyOf(procedures);
        t.fingerprint = fingerprint(filesByName);
        return t;
    }

    /** SHA-256 over the tables' names and texts, in name order: the same tables give the same fingerprint. */
    private static String fingerprint(Map<String, String> filesByName) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (String name : new java.util.TreeSet<>(filesByName.keySet())) {
                md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(filesByName.get(name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A fingerprint of the tables this terminology was read from (part of the rule-set version, so a decision record
     * tells which value sets decided: an edited conditions.csv or pregnancy-tests.csv gives a new version).
     */
    public String fingerprint() {
        return fingerprint;
    }

    // ------------------------------------------------------------ value sets the FHIR mapping reads

    /**
     * Code system URIs of the procedure value set's system names ({@code dialysis-procedures.csv}); the first is the
     * one a prefetch asks with.
     */
    public static final Map<String, List<String>> PROCEDURE_SYSTEMS = Map.of(
        "SNOMED", List.of(Code.SNOMED),
        "CPT", List.of("http://www.ama-assn.org/go/cpt"),
        "HCPCS", List.of("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
            "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"),
        "ICD10PCS", List.of("http://www.cms.gov/Medicare/Coding/ICD10", "http://hl7.org/fhir/sid/icd-10-pcs"));

    /** One row of {@code dialysis-procedures.csv}: {@code dialysisDays} is null for a kidney transplant. */
    private record ProcedureCode(List<String> systems, String code, boolean prefix, Integer dialysisDays) {
        boolean matches(Code c) {
            if (c.system() == null || !systems.contains(c.system())) {
                return false;
            }
            String v = c.code().strip().toUpperCase(Locale.ROOT);
            return prefix ? v.startsWith(code) : v.equals(code);
        }
    }

    /** The LOINC codes of qualitative pregnancy tests ({@code pregnancy-tests.csv}), sorted. */
    public Set<String> pregnancyTestCodes() {
        return pregnancyTests;
    }

    /**
     * Whether a coded condition says "pregnant": its code is in the {@code PREGNANCY} value set of
     * {@code conditions.csv} (SNOMED CT with the descendants table, ICD-10 of any edition); text is not read here.
     */
    public boolean isPregnancyCondition(Code code) {
        return code != null && !"TEXT".equals(shortSystem(code.system()))
            && conditionTags(code).stream().anyMatch(t -> t.tag().equals("PREGNANCY"));
    }

    /**
     * How long after it a procedure with this code still means "on dialysis" ({@code recentDays} of
     * {@code dialysis-procedures.csv}; the longest when several rows match); empty when it is not a dialysis code.
     */
    public Optional<java.time.Duration> dialysisWindow(Code code) {
        return procedures.stream().filter(p -> p.dialysisDays() != null && p.matches(code))
            .map(p -> java.time.Duration.ofDays(p.dialysisDays())).max(Comparator.naturalOrder());
    }

    /** Whether a procedure or condition code is a kidney transplant ({@code dialysis-procedures.csv}). */
    public boolean isKidneyTransplant(Code code) {
        return procedures.stream().anyMatch(p -> p.dialysisDays() == null && p.matches(code));
    }

    /**
     * {@code system|code} of every whole code of {@code dialysis-procedures.csv}, with each URI its system is known
     * by (a prefix such as {@code 5A1D*} cannot be asked for in a FHIR token search), sorted.
     */
    public Set<String> procedureTokens() {
        Set<String> out = new java.util.TreeSet<>();
        for (ProcedureCode p : procedures) {
            if (!p.prefix()) {
                p.systems().forEach(s -> out.add(s + "|" + p.code()));
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * The generic name of {@code ingredient} in {@code lang} (a BCP 47 tag; its language is what counts, so
     * {@code zh-CN} finds the {@code zh} rows): the first {@code generic} row for that language in drug-synonyms.csv,
     * else in the drop-in drug-synonyms files, or null when there is none.
     */
    public String localName(String ingredient, String lang) {
        if (ingredient == null || lang == null) {
            return null;
        }
        String language = Locale.forLanguageTag(lang.replace('_', '-')).getLanguage();
        return localNames.get(language + "|" + norm(ingredient));
    }

    /**
     * The name of a coded condition in {@code lang} (a BCP 47 tag; its language counts), for showing a record's
     * condition to a clinician in that language (issue 20): the code's own name (a national-edition ICD-10 code in
     * {@value #ICD_NAMES_ZH}, exact code; another code in {@value #CODE_NAMES_ZH}), else the Chinese name of the
     * value-set concept the code belongs to ({@value #CONDITION_NAMES_ZH}) when every concept it belongs to has the
     * same name and none of them is a grouping concept ({@code grouping=yes}: a set of different diseases, such as
     * ASCVD, whose name does not name the code). Null when there is none or the code is ambiguous: the record's own
     * display is then shown as sent, never a translation ({@link #localConditionGroup} names the group).
     */
    public String localConditionName(Code code, String lang) {
        String language = nameLanguage(code, lang);
        if (language == null) {
            return null;
        }
        String system = shortSystem(code.system());
        if ("ICD10".equals(system)) {
            String exact = icdNames.get(language + "|" + icdKey(code.code()));
            if (exact != null) {
                return exact;
            }
        }
        if ("TEXT".equals(system)) {
            return null; // a problem-list text is the clinician's own wording: shown as written
        }
        String own = codeNames.get(language + "|" + system + "|" + code.code().strip());
        if (own != null) {
            return own;
        }
        String concept = conceptName(code, language);
        return concept == null || groupingConcepts.contains(language + "|" + conceptTag(code)) ? null : concept;
    }

    /**
     * The name in {@code lang} of the grouping concept a code belongs to when the code has no name of its own
     * ({@link #localConditionName} is null), e.g. 动脉粥样硬化性心血管疾病 for myocardial infarction if no name were
     * listed for it; null otherwise. A card shows the record's display with the group named as a group.
     */
    public String localConditionGroup(Code code, String lang) {
        String language = nameLanguage(code, lang);
        if (language == null || "TEXT".equals(shortSystem(code.system())) || localConditionName(code, lang) != null) {
            return null;
        }
        String concept = conceptName(code, language);
        return concept != null && groupingConcepts.contains(language + "|" + conceptTag(code)) ? concept : null;
    }

    private static String nameLanguage(Code code, String lang) {
        if (code == null || lang == null) {
            return null;
        }
        String language = Locale.forLanguageTag(lang.replace('_', '-')).getLanguage();
        return language.isEmpty() || language.equals("en") ? null : language;
    }

    /** The one name of every concept {@code code} belongs to; null when none, one lacks a name, or they differ. */
    private String conceptName(Code code, String language) {
        Set<String> names = new LinkedHashSet<>();
        for (ConditionTag t : conditionTags(code)) {
            String n = conditionNames.get(language + "|" + t.tag());
            if (n == null) {
                return null;
            }
            names.add(n);
        }
        return names.size() == 1 ? names.iterator().next() : null;
    }

    /** The tag of the first concept {@code code} belongs to (all have the same name when {@link #conceptName} is). */
    private String conceptTag(Code code) {
        List<ConditionTag> tags = conditionTags(code);
        return tags.isEmpty() ? "" : tags.get(0).tag();
    }

    private static String icdKey(String code) {
        return code.strip().toUpperCase(Locale.ROOT).replace(".", "").replace(" ", "");
    }

    private static void closure(String root, Map<String, Set<String>> descendants, Set<String> out) {
        for (String d : descendants.getOrDefault(root, Set.of())) {
            if (out.add(d)) {
                closure(d, descendants, out);
            }
        }
    }

    /** The ingredient components a code names: a clinical drug's rows, or the ingredient itself. */
    public List<DrugComponent> components(String rxcui) {
        if (rxcui == null) {
            return List.of();
        }
        List<DrugComponent> d = drugs.get(rxcui);
        if (d != null) {
            return d;
        }
        Ingredient i = ingredientsByRxcui.get(rxcui);
        return i == null ? List.of() : List.of(new DrugComponent(rxcui, i.name(), 0, "", false, i.name()));
    }

    /**
     * Whether an ordered study (a draft ServiceRequest's codes and text) gives iodinated contrast, by
     * {@code imaging.csv}: the code or text that says so, or empty.
     */
    public Optional<String> iodinatedContrastStudy(List<Code> codes, String text) {
        return Optional.ofNullable(imaging.match(codes, text));
    }

    /**
     * Whether an ordered study that gives iodinated contrast gives it intra-arterially (catheter angiography, cardiac
     * catheterization with coronary angiography), by the {@code intra-arterial*} rows of {@code imaging.csv}; false
     * for a study that is not an iodinated contrast study at all.
     */
    public boolean intraArterialContrastStudy(List<Code> codes, String text) {
        return imaging.match(codes, text) != null && imaging.intraArterial(codes, text);
    }

    /**
     * Whether an order (a draft ServiceRequest's codes, category codes included, and text) is a surgical procedure,
     * by {@code surgery.csv}: the code or text that says so, or empty.
     */
    public Optional<String> surgicalProcedure(List<Code> codes, String text) {
        return Optional.ofNullable(surgery.match(codes, text));
    }

    public Optional<Ingredient> ingredient(String name) {
        return Optional.ofNullable(name == null ? null : ingredientsByName.get(norm(name)));
    }

    /**
     * Resolves a medication from any description: an RxNorm clinical/branded drug or ingredient code; else the
     * ingredient, US, INN, brand or Chinese names in its text and code displays (combination brands give all their
     * ingredients), with the strength and the extended-release and dose-form words written in that text
     * ("二甲双胍片 0.5g", "metformin ER 750mg tab"). Unknown: no components.
     */
    public DrugMatch resolveDrug(List<Code> codes, String text) {
        // a pure function of an immutable terminology: the same codes and text (a formulary's orders recur on every
        // call) resolve once (issue 21: the text patterns were 6 % of a realistic order-sign call's CPU)
        DrugKey key = new DrugKey(java.util.Collections.unmodifiableList(new ArrayList<>(codes)), text);
        DrugMatch known = resolved.get(key);
        if (known != null) {
            return known;
        }
        DrugMatch m = resolveDrugUncached(codes, text);
        DrugMatch frozen = new DrugMatch(List.copyOf(m.components()), m.how(), m.form());
        remember(resolved, key, frozen);
        return frozen;
    }

    private record DrugKey(List<Code> codes, String text) {}

    /** At most this many results per memo (distinct drugs or problem-list texts); then it starts again. */
    static final int MEMO_LIMIT = 20_000;
    private final java.util.concurrent.ConcurrentHashMap<DrugKey, DrugMatch> resolved =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, List<ConditionTag>> tagsOfText =
        new java.util.concurrent.ConcurrentHashMap<>();

    private static <K, V> void remember(java.util.concurrent.ConcurrentHashMap<K, V> memo, K key, V value) {
        if (memo.size() >= MEMO_LIMIT) {
            memo.clear(); // bounded: request text is unbounded; a cleared memo only costs recomputation
        }
        memo.put(key, value);
    }

    private DrugMatch resolveDrugUncached(List<Code> codes, String text) {
        List<String> descriptions = new ArrayList<>();
        if (text != null) {
            descriptions.add(text);
        }
        for (Code c : codes) {
            if (c.display() != null) {
                descriptions.add(c.display());
            }
            if (Code.TEXT.equals(c.system())) {
                descriptions.add(c.code());
            }
        }
        for (Code c : codes) {
            if (Code.RXNORM.equals(c.system())) {
                List<DrugComponent> comps = drugs.get(c.code());
                if (comps != null) {
                    return new DrugMatch(comps, "RxNorm " + c.code(), form(descriptions));
                }
            }
        }
        for (Code c : codes) {
            if (Code.RXNORM.equals(c.system())) {
                Ingredient i = ingredientsByRxcui.get(c.code());
                if (i != null) {
                    List<DrugComponent> fromText = fromText(descriptions, c.code());
                    if (fromText.size() == 1 && fromText.get(0).ingredient().equals(i.name())) {
                        return new DrugMatch(fromText, "RxNorm " + c.code(), form(descriptions));
                    }
                    return new DrugMatch(List.of(new DrugComponent(c.code(), i.name(), 0, "", er(descriptions), i.name())),
                        "RxNorm " + c.code(), form(descriptions));
                }
            }
        }
        List<DrugComponent> comps = fromText(descriptions, "");
        if (comps.isEmpty()) {
            return new DrugMatch(List.of(), "", form(descriptions));
        }
        return new DrugMatch(comps, "name " + matchedNames(descriptions), form(descriptions));
    }

    private static final String AMOUNT = "([0-9]+(?:\\.[0-9]+)?)\\s*(mg|g|mcg|µg|μg|ug|毫克|克|微克|units?|iu|unt)"
        + "(\\s*/\\s*(?:ml|毫升))?(?![a-z])";
    /** A strength right after an ingredient name, past a salt or form word ("hydrochloride 500 MG", "片 0.5g"). */
    private static final Pattern STRENGTH = Pattern.compile(
        "^[\\s:：,(（]*(?:\\p{IsHan}{1,4}\\s*|(?:\\p{IsLatin}+\\s+){0,2})" + AMOUNT, Pattern.CASE_INSENSITIVE);
    private static final Pattern ANY_STRENGTH = Pattern.compile("(?<![0-9.])" + AMOUNT, Pattern.CASE_INSENSITIVE);

    private List<DrugComponent> fromText(List<String> descriptions, String rxcui) {
        for (String d : descriptions) {
            String t = d.toLowerCase(Locale.ROOT);
            List<int[]> spans = new ArrayList<>();
            List<DrugComponent> out = new ArrayList<>();
            List<NamePattern> found = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            for (NamePattern p : namePatterns) {
                if (!t.contains(p.name())) {
                    continue;
                }
                Matcher m = p.pattern().matcher(t);
                while (m.find()) {
                    int s = m.start();
                    int e = m.end();
                    if (spans.stream().noneMatch(x -> s < x[1] && e > x[0])) {
                        spans.add(new int[] {s, e});
                        found.add(p);
                        ends.add(e);
                        break;
                    }
                }
            }
            if (found.isEmpty()) {
                continue;
            }
            boolean er = er(List.of(d));
            Set<String> seen = new LinkedHashSet<>();
            boolean single = found.stream().flatMap(p -> p.ingredients().stream()).distinct().count() == 1;
            for (int i = 0; i < found.size(); i++) {
                NamePattern p = found.get(i);
                for (String ing : p.ingredients()) {
                    if (!seen.add(ing)) {
                        continue;
                    }
                    double strength = 0;
                    String unit = "";
                    if (p.ingredients().size() == 1) {
                        Matcher sm = STRENGTH.matcher(t.substring(ends.get(i)));
                        boolean hit = sm.find();
                        if (!hit && single) {
                            sm = ANY_STRENGTH.matcher(t);
                            hit = sm.find();
                        }
                        if (hit) {
                            double v = Double.parseDouble(sm.group(1));
                            String u = Units.normalise(sm.group(2).toLowerCase(Locale.ROOT).replace("unt", "units"));
                            boolean perMl = sm.group(3) != null;
                            OptionalDouble mg = Units.toMilligrams(v, u);
                            if (mg.isPresent()) {
                                strength = mg.getAsDouble();
                                unit = perMl ? "mg/mL" : "mg";
                            } else if ("units".equals(u)) {
                                strength = v;
                                unit = perMl ? "units/mL" : "units";
                            }
                        }
                    }
                    out.add(new DrugComponent(rxcui, ing, strength, unit, er, d));
                }
            }
            return out;
        }
        return List.of();
    }

    private String matchedNames(List<String> descriptions) {
        for (String d : descriptions) {
            String t = d.toLowerCase(Locale.ROOT);
            List<String> names = new ArrayList<>();
            for (NamePattern p : namePatterns) {
                if (t.contains(p.name()) && p.pattern().matcher(t).find()
                    && names.stream().noneMatch(n -> n.contains(p.name()))) {
                    names.add(p.name());
                }
            }
            if (!names.isEmpty()) {
                return String.join(", ", names);
            }
        }
        return "";
    }

    private static final Pattern ER_WORDS = Pattern.compile(
        "(?<![a-z])(er|xr|xl|sr|cr|extended[- ]release|sustained[- ]release|modified[- ]release|24 hr|12 hr)(?![a-z])|缓释|控释");

    private static boolean er(List<String> descriptions) {
        return descriptions.stream().anyMatch(d -> ER_WORDS.matcher(d.toLowerCase(Locale.ROOT)).find());
    }

    private static final Pattern FORM_TABLET = Pattern.compile("(\\btab(let)?s?\\b|片)");
    private static final Pattern FORM_CAPSULE = Pattern.compile("(\\bcap(sule)?s?\\b|胶囊)");
    private static final Pattern FORM_INJECTION = Pattern.compile("(injection|injectable|\\bpen\\b|syringe|注射)");
    private static final Pattern FORM_LIQUID = Pattern.compile("(solution|suspension|syrup|oral liquid|口服液|溶液)");

    /** The dose form a description names; {@code find} of each pattern, compiled once (was a per-call matches(".*…")). */
    private static String form(List<String> descriptions) {
        for (String d : descriptions) {
            String t = d.toLowerCase(Locale.ROOT);
            if (FORM_TABLET.matcher(t).find()) {
                return "tablet";
            }
            if (FORM_CAPSULE.matcher(t).find()) {
                return "capsule";
            }
            if (FORM_INJECTION.matcher(t).find()) {
                return "injection";
            }
            if (FORM_LIQUID.matcher(t).find()) {
                return "liquid";
            }
        }
        return "";
    }

    /** Ingredient names found in free text: ingredient names and their synonyms (longest first, each span once). */
    public List<String> ingredientsInText(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return fromText(List.of(text), "").stream().map(DrugComponent::ingredient).distinct().toList();
    }

    /**
     * The tags of a condition code: exact SNOMED CT codes (value sets with {@code <<} were expanded through the
     * descendants table), ICD-10 codes of any edition by their hierarchy (a code matches every value-set entry it
     * starts with, dots ignored, and ranges of categories), other systems exactly; {@code TEXT} codes by phrase.
     */
    public List<ConditionTag> conditionTags(Code code) {
        String system = shortSystem(code.system());
        if ("ICD10".equals(system)) {
            String u = code.code().strip().toUpperCase(Locale.ROOT).replace(".", "").replace(" ", "");
            List<ConditionTag> out = new ArrayList<>();
            for (IcdEntry e : icd) {
                boolean hit = e.prefix() != null ? u.startsWith(e.prefix())
                    : u.length() >= 3 && u.substring(0, 3).compareTo(e.from()) >= 0 && u.substring(0, 3).compareTo(e.to()) <= 0;
                if (hit && out.stream().noneMatch(t -> t.tag().equals(e.tag().tag()))) {
                    out.add(e.tag());
                }
            }
            return out;
        }
        if ("TEXT".equals(system)) {
            return conditionTagsInText(code.code());
        }
        return conditions.getOrDefault(key(system, code.code()), List.of());
    }

    private static final Pattern NOT_THE_PATIENTS = Pattern.compile(
        "(?<![a-z])(no|not|denies|denied|without|negative|rule out|ruled out|r/o|history of|family history|fh|"
            + "suspected|possible|risk of)(?![a-z])|家族史|病史|既往|否认|排除|无|疑似|可能|待查|风险", Pattern.CASE_INSENSITIVE);

    /**
     * The tags of a problem-list text (English or Chinese): the text is, or starts with, a {@code TEXT} phrase of the
     * value sets, or contains one and says nothing that makes it not the patient's current problem (negation,
     * family or past history, suspicion: "no CKD", "家族史：心力衰竭", "胰腺炎病史"); a text that says so matches only a
     * phrase it equals ({@code history of pancreatitis} → {@code HISTORY_PANCREATITIS}).
     */
    public List<ConditionTag> conditionTagsInText(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<ConditionTag> known = tagsOfText.get(text);
        if (known != null) {
            return known;
        }
        List<ConditionTag> tags = List.copyOf(conditionTagsInTextUncached(text));
        remember(tagsOfText, text, tags);
        return tags;
    }

    private List<ConditionTag> conditionTagsInTextUncached(String text) {
        String t = norm(text);
        boolean cue = NOT_THE_PATIENTS.matcher(t).find();
        List<ConditionTag> out = new ArrayList<>();
        for (Map.Entry<String, ConditionTag> e : conditionTexts) {
            String p = e.getKey();
            boolean hit = t.equals(p) || (!cue && t.startsWith(p)) || (!cue && contains(t, p));
            if (hit && out.stream().noneMatch(x -> x.tag().equals(e.getValue().tag()))) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private boolean contains(String text, String phrase) {
        if (!text.contains(phrase)) {
            return false; // the word-bounded pattern needs the phrase itself in the text
        }
        Pattern bounded = phrasePatterns.get(phrase);
        return bounded == null || bounded.matcher(text).find();
    }

    private static boolean isCjk(String s) {
        return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    public Optional<String> labKind(Code code) {
        return labCode(code).map(LabCode::kind);
    }

    /** The LOINC row of a code, when it is a LOINC code the rules read. */
    public Optional<LabCode> labCode(Code code) {
        return Code.LOINC.equals(code.system()) ? Optional.ofNullable(labs.get(code.code().strip())) : Optional.empty();
    }

    /** The unit, molar mass and display of a lab kind. */
    public Optional<LabKind> labKindInfo(String kind) {
        return Optional.ofNullable(labKinds.get(kind));
    }

    /** Every LOINC code the rules read (for prefetch and fetch templates). */
    public Set<String> labCodes() {
        return new java.util.TreeSet<>(labs.keySet());
    }

    /** Every LOINC code of one kind. */
    public Set<String> labCodes(String kind) {
        Set<String> out = new java.util.TreeSet<>();
        labs.values().stream().filter(l -> l.kind().equals(kind)).forEach(l -> out.add(l.loinc()));
        return out;
    }

    /**
     * How many days old a result of this kind and value may be to count as current: the limit of the row with the
     * smallest {@code below} that is above the value, else the row without {@code below}; empty when the kind has no
     * freshness row.
     */
    public OptionalInt maxAgeDays(String kind, double value) {
        for (Freshness f : freshness.getOrDefault(kind, List.of())) {
            if (Double.isNaN(f.below()) || value < f.below()) {
                return OptionalInt.of(f.maxAgeDays());
            }
        }
        return OptionalInt.empty();
    }

    public Optional<Allergen> allergen(Code code) {
        return Optional.ofNullable(allergens.get(key(shortSystem(code.system()), code.code())));
    }

    /** Every known drug code (for coverage checks). */
    public Set<String> drugCodes() {
        return drugs.keySet();
    }

    public Set<String> ingredientNames() {
        return ingredientsByName.keySet();
    }

    /**
     * SNOMED, ICD10, RXNORM, LOINC, TEXT for the known URIs and short names; ICD-10 national editions (any system
     * URI naming icd-10 or icd10, but not the procedure coding system PCS) count as ICD10; the URI otherwise.
     */
    public static String shortSystem(String system) {
        if (system == null) {
            return "TEXT";
        }
        String s = switch (system) {
            case Code.SNOMED, "SNOMED", "SNOMED-CT", "SNOMEDCT", "snomed" -> "SNOMED";
            case Code.ICD10, Code.ICD10_CM, "ICD10", "ICD-10", "ICD10CM", "ICD-10-CM" -> "ICD10";
            case Code.RXNORM, "RXNORM", "RxNorm" -> "RXNORM";
            case Code.LOINC, "LOINC" -> "LOINC";
            case Code.TEXT, "TEXT" -> "TEXT";
            default -> null;
        };
        if (s != null) {
            return s;
        }
        String lower = system.toLowerCase(Locale.ROOT);
        if ((lower.contains("icd-10") || lower.contains("icd10")) && !lower.contains("pcs")) {
            return "ICD10";
        }
        return system;
    }

    static String norm(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static Set<String> split(String s) {
        if (s == null || s.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(s.split("[;|]")).map(String::trim).filter(x -> !x.isEmpty())
            .forEach(x -> out.add(x.toUpperCase(Locale.ROOT)));
        return Set.copyOf(out);
    }

    private static String key(String system, String code) {
        return system + "|" + code.trim();
    }

    // ---------------------------------------------------------------- CSV

    /** One CSV row with its file and line for error messages. */
    public record Row(String file, int line, Map<String, String> values) {
        public String opt(String col) {
            String v = values.get(col);
            return v == null ? "" : v.trim();
        }

        public String req(String col) {
            String v = opt(col);
            if (v.isEmpty()) {
                throw error("column '" + col + "' is empty");
            }
            return v;
        }

        public double num(String col, double dflt) {
            String v = opt(col);
            if (v.isEmpty()) {
                return dflt;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw error("column '" + col + "' is not a number: '" + v + "'");
            }
        }

        public DxGuardException error(String what) {
            return new DxGuardException(RuleErrors.TABLE_INVALID, file + ":" + line + ": " + what);
        }

        /** The column's code, checked for the format of {@code system} (SNOMED, ICD10, LOINC, RXNORM, TEXT). */
        public String code(String system, String col) {
            String v = req(col);
            String problem = org.dxguard.rules.internal.CodeFormats.problem(system, v);
            if (problem != null) {
                throw new DxGuardException(RuleErrors.CODE_MALFORMED, file + ":" + line + ": " + system + " code '" + v
                    + "' in column '" + col + "' is malformed: " + problem);
            }
            return v;
        }
    }

    private static List<Row> rows(Map<String, String> files, String name, String... requiredColumns) {
        String text = files.get(name);
        return text == null ? List.of() : readCsv(name, text, requiredColumns);
    }

    /** Reads a CSV text with a header row; blank lines and lines starting with '#' are skipped. */
    public static List<Row> readCsv(String fileName, String text, String... requiredColumns) {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withComments().withNullValue("");
        List<Row> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class).with(schema)
            .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.SKIP_EMPTY_LINES)
            .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.TRIM_SPACES)
            .readValues(text)) {
            boolean headerChecked = false;
            while (it.hasNextValue()) {
                int line = it.getCurrentLocation() == null ? -1 : it.getCurrentLocation().getLineNr();
                Map<String, String> row = it.nextValue();
                if (!headerChecked) {
                    for (String col : requiredColumns) {
                        if (!row.containsKey(col)) {
                            throw new DxGuardException(RuleErrors.TABLE_INVALID,
                                fileName + ":1: missing column '" + col + "' (header has " + row.keySet() + ")");
                        }
                    }
                    headerChecked = true;
                }
                out.add(new Row(fileName, line, row));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DxGuardException d) {
                throw d;
            }
            throw new DxGuardException(RuleErrors.TABLE_INVALID, fileName + ": cannot read CSV: " + e.getMessage(), e);
        }
        return out;
    }
}
