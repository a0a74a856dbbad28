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
import java.util.Set;
import java.util.regex.Pattern;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;

/**
 * The terminology tables shipped as data ({@code guidelines/terminology/*.csv}): RxNorm clinical drugs and
 * ingredients → ingredient, strength, classes and flags; condition codes → rule tags; LOINC → lab kinds; allergy
 * codes → ingredient or class. Immutable and thread-safe once built.
 *
 * <p>Files (all CSV with a header row):
 * <ul>
 *   <li>{@code drugs.csv}: {@code rxcui,ingredient,strength,unit,release,name} – one row per ingredient of a clinical
 *       drug; unit is {@code mg}, {@code mg/mL} or {@code units/mL}; release {@code ER} for extended release.</li>
 *   <li>{@code ingredients.csv}: {@code ingredient,rxcui,classes,flags} – classes and flags separated by {@code ;}.</li>
 *   <li>{@code conditions.csv}: {@code system,code,tag,display} – system {@code SNOMED} or {@code ICD10}.</li>
 *   <li>{@code labs.csv}: {@code loinc,kind,display}.</li>
 *   <li>{@code allergens.csv}: {@code system,code,ingredient,class,display} – for allergy codes that are not
 *       RxNorm drugs (e.g. SNOMED "allergy to penicillin").</li>
 * </ul>
 */
public final class Terminology {
    public static final List<String> FILES =
        List.of("drugs.csv", "ingredients.csv", "conditions.csv", "labs.csv", "allergens.csv");

    /** One ingredient of a clinical drug. */
    public record DrugComponent(String rxcui, String ingredient, double strength, String unit, boolean extendedRelease,
                                String name) {}

    /** An ingredient with its classes and flags. */
    public record Ingredient(String name, String rxcui, Set<String> classes, Set<String> flags) {}

    /** A condition code's tag. */
    public record ConditionTag(String tag, String display) {}

    /** What an allergy code names. */
    public record Allergen(String ingredient, String drugClass, String display) {}

    private final Map<String, List<DrugComponent>> drugs;
    private final Map<String, Ingredient> ingredientsByName;
    private final Map<String, Ingredient> ingredientsByRxcui;
    private final Map<String, List<ConditionTag>> conditions;
    private final Map<String, String> labs;
    private final Map<String, Allergen> allergens;
    private final List<Map.Entry<Pattern, String>> textPatterns;

    private Terminology(Map<String, List<DrugComponent>> drugs, Map<String, Ingredient> ingredientsByName,
                        Map<String, List<ConditionTag>> conditions, Map<String, String> labs,
                        Map<String, Allergen> allergens) {
        this.drugs = drugs;
        this.ingredientsByName = ingredientsByName;
        Map<String, Ingredient> byRx = new HashMap<>();
        ingredientsByName.values().stream().filter(i -> !i.rxcui().isEmpty()).forEach(i -> byRx.put(i.rxcui(), i));
        this.ingredientsByRxcui = byRx;
        this.conditions = conditions;
        this.labs = labs;
        this.allergens = allergens;
        List<Map.Entry<Pattern, String>> patterns = new ArrayList<>();
        ingredientsByName.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
            .forEach(n -> patterns.add(Map.entry(
                Pattern.compile("(?<![a-z])" + Pattern.quote(n) + "(?![a-z])"), n)));
        this.textPatterns = patterns;
    }

    /** Parses the five tables from their texts keyed by file name; a missing file counts as empty. */
    public static Terminology parse(Map<String, String> filesByName) {
        Map<String, List<DrugComponent>> drugs = new HashMap<>();
        for (Row r : rows(filesByName, "drugs.csv", "rxcui", "ingredient", "strength", "unit")) {
            String rxcui = r.req("rxcui");
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
            ingredients.put(name, new Ingredient(name, r.opt("rxcui"), split(r.opt("classes")), split(r.opt("flags"))));
        }
        for (List<DrugComponent> comps : drugs.values()) {
            for (DrugComponent c : comps) {
                ingredients.computeIfAbsent(c.ingredient(), n -> new Ingredient(n, "", Set.of(), Set.of()));
            }
        }
        Map<String, List<ConditionTag>> conditions = new HashMap<>();
        for (Row r : rows(filesByName, "conditions.csv", "system", "code", "tag", "display")) {
            conditions.computeIfAbsent(key(shortSystem(r.req("system")), r.req("code")), k -> new ArrayList<>())
                .add(new ConditionTag(r.req("tag").toUpperCase(Locale.ROOT), r.opt("display")));
        }
        Map<String, String> labs = new HashMap<>();
        for (Row r : rows(filesByName, "labs.csv", "loinc", "kind")) {
            labs.put(r.req("loinc"), r.req("kind").toUpperCase(Locale.ROOT));
        }
        Map<String, Allergen> allergens = new HashMap<>();
        for (Row r : rows(filesByName, "allergens.csv", "system", "code", "ingredient", "class")) {
            String ing = r.opt("ingredient").isEmpty() ? "" : norm(r.opt("ingredient"));
            String cls = r.opt("class").toUpperCase(Locale.ROOT);
            if (ing.isEmpty() && cls.isEmpty()) {
                throw r.error("an allergen row needs an ingredient or a class");
            }
            allergens.put(key(shortSystem(r.req("system")), r.req("code")), new Allergen(ing, cls, r.opt("display")));
        }
        return new Terminology(Map.copyOf(drugs), Collections.unmodifiableMap(ingredients), Map.copyOf(conditions),
            Map.copyOf(labs), Map.copyOf(allergens));
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

    public Optional<Ingredient> ingredient(String name) {
        return Optional.ofNullable(name == null ? null : ingredientsByName.get(norm(name)));
    }

    /** Ingredient names found in free text (longest names first, each at most once). */
    public List<String> ingredientsInText(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String t = text.toLowerCase(Locale.ROOT);
        Set<String> found = new LinkedHashSet<>();
        for (Map.Entry<Pattern, String> e : textPatterns) {
            if (t.contains(e.getValue()) && e.getKey().matcher(t).find() && found.stream().noneMatch(f -> f.contains(e.getValue()))) {
                found.add(e.getValue());
            }
        }
        return List.copyOf(found);
    }

    public List<ConditionTag> conditionTags(Code code) {
        return conditions.getOrDefault(key(shortSystem(code.system()), code.code()), List.of());
    }

    public Optional<String> labKind(Code code) {
        return Code.LOINC.equals(code.system()) ? Optional.ofNullable(labs.get(code.code())) : Optional.empty();
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

    /** SNOMED, ICD10, RXNORM, LOINC for the known URIs; the URI otherwise. */
    public static String shortSystem(String system) {
        if (system == null) {
            return "TEXT";
        }
        return switch (system) {
            case Code.SNOMED, "SNOMED", "SNOMED-CT", "SNOMEDCT", "snomed" -> "SNOMED";
            case Code.ICD10, Code.ICD10_CM, "ICD10", "ICD-10", "ICD10CM", "ICD-10-CM" -> "ICD10";
            case Code.RXNORM, "RXNORM", "RxNorm" -> "RXNORM";
            case Code.LOINC, "LOINC" -> "LOINC";
            default -> system;
        };
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
