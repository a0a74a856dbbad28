package org.dxguard.graph.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.graph.GraphErrors;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;

/**
 * The shipped text and code tables of the graph's findings and diseases (ours): codes (SNOMED CT / ICD-10, verified,
 * with the source named in the file) and English and Chinese synonyms, so that coded findings and free text reach the
 * graph:
 * <ul>
 *   <li>{@code synthea-findings.tsv}: Synthea symptom slug → canonical finding, codes, synonyms;</li>
 *   <li>{@code ddxplus-evidence-terms.tsv}: DDXPlus evidence → codes, synonyms;</li>
 *   <li>{@code ddxplus-value-terms.tsv}: DDXPlus values (body locations × per-evidence templates, pain character,
 *   travel region, rash colour, yes answers) → synonyms;</li>
 *   <li>{@code synthea-modules.tsv}, {@code ddxplus-pathology-terms.tsv}: disease synonyms and Chinese names.</li>
 * </ul>
 */
public final class FindingTexts {
    /** A code of a table row; {@code close} marks the closest concept rather than an exact one. */
    public record TableCode(Code code, boolean close) {}

    /** One finding row: codes, code source and synonyms in both languages. */
    public record Row(String id, String canonical, List<TableCode> codes, String source, List<String> en,
                      List<String> zh) {
        public List<String> synonyms() {
            Set<String> s = new LinkedHashSet<>(en);
            s.addAll(zh);
            return List.copyOf(s);
        }
    }

    private static final Pattern SIDE = Pattern.compile("^(.*)\\((R|L)\\)$");
    private static volatile FindingTexts instance;

    private final Map<String, Row> synthea = new LinkedHashMap<>();
    private final Map<String, Row> ddxplus = new LinkedHashMap<>();
    private final Map<String, String[]> locations = new HashMap<>();
    private final Map<String, String[]> templates = new HashMap<>();
    private final Map<String, Row> values = new LinkedHashMap<>();
    private final Map<String, Row> pathologies = new LinkedHashMap<>();

    private FindingTexts() {
        for (String[] r : SyntheaModules.table("synthea-findings.tsv")) {
            Row row = row(r, 1, 2, 3, 4, 5, "synthea-findings.tsv");
            synthea.put(row.id(), row);
        }
        for (String[] r : SyntheaModules.table("ddxplus-evidence-terms.tsv")) {
            Row row = row(r, -1, 1, 2, 3, 4, "ddxplus-evidence-terms.tsv");
            ddxplus.put(row.id(), row);
        }
        for (String[] r : SyntheaModules.table("ddxplus-value-terms.tsv")) {
            switch (r[0]) {
                case "LOC" -> locations.put(r[1].trim(), new String[] {cell(r, 2), cell(r, 3)});
                case "TPL" -> templates.put(r[1].trim(), new String[] {cell(r, 2), cell(r, 3)});
                case "VAL" -> values.put(r[1].trim(), new Row(r[1].trim(), r[1].trim(), List.of(), "", list(cell(r, 2)),
                    list(cell(r, 3))));
                default -> { }
            }
        }
        for (String[] r : SyntheaModules.table("ddxplus-pathology-terms.tsv")) {
            pathologies.put(r[0].trim(), new Row(r[0].trim(), r[0].trim(), List.of(), "", list(cell(r, 1)),
                list(cell(r, 2))));
        }
    }

    public static FindingTexts get() {
        FindingTexts t = instance;
        if (t == null) {
            synchronized (FindingTexts.class) {
                if (instance == null) {
                    instance = new FindingTexts();
                }
                t = instance;
            }
        }
        return t;
    }

    private static Row row(String[] r, int canonicalCol, int codeCol, int sourceCol, int enCol, int zhCol, String file) {
        String id = r[0].trim();
        String canonical = canonicalCol < 0 ? id : cell(r, canonicalCol);
        List<TableCode> codes = new ArrayList<>();
        for (String c : cell(r, codeCol).split("[\\s,]+")) {
            if (!c.isBlank()) {
                codes.add(code(c, file + " " + id));
            }
        }
        return new Row(id, canonical.isEmpty() ? id : canonical, codes, cell(r, sourceCol), list(cell(r, enCol)),
            list(cell(r, zhCol)));
    }

    static TableCode code(String notation, String where) {
        int colon = notation.indexOf(':');
        if (colon < 0) {
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "bad code '" + notation + "' in " + where);
        }
        String prefix = notation.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = notation.substring(colon + 1);
        boolean close = value.startsWith("~");
        if (close) {
            value = value.substring(1);
        }
        String system = switch (prefix) {
            case "snomed" -> Code.SNOMED;
            case "icd10" -> Code.ICD10;
            case "icd10cm" -> Code.ICD10_CM;
            default -> throw new DxGuardException(GraphErrors.IMPORT_INVALID, "unknown code system '" + prefix + "' in "
                + where);
        };
        return new TableCode(Code.of(system, value), close);
    }

    private static String cell(String[] r, int i) {
        return i < r.length ? r[i].trim() : "";
    }

    static List<String> list(String cell) {
        List<String> out = new ArrayList<>();
        for (String s : cell.split("\\|")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** The Synthea row of a symptom slug (null when the table does not list it). */
    public Row synthea(String slug) {
        return synthea.get(slug);
    }

    public Map<String, Row> syntheaRows() {
        return synthea;
    }

    /** The canonical slug of a Synthea symptom (itself when not an alias or not listed). */
    public String canonical(String slug) {
        Row r = synthea.get(slug);
        return r == null ? slug : r.canonical();
    }

    public Row ddxplus(String evidence) {
        return ddxplus.get(evidence);
    }

    public Row pathology(String name) {
        return pathologies.get(name);
    }

    /** A DDXPlus location meaning ("flank(R)") as our names in both languages and its side (R, L or null). */
    private record Location(List<String> en, List<String> zh, String side) {
        static String prefix(String side, boolean zh) {
            return zh ? (side.equals("R") ? "右" : "左") : (side.equals("R") ? "right " : "left ");
        }
    }

    private Location location(String meaning) {
        if (meaning == null) {
            return null;
        }
        Matcher m = SIDE.matcher(meaning.trim());
        String[] loc = locations.get(m.matches() ? m.group(1).trim() : meaning.trim());
        return loc == null ? null : new Location(list(loc[0]), list(loc[1]), m.matches() ? m.group(2) : null);
    }

    /**
     * Synonyms of a DDXPlus value node: {@code E_55=V_89} (a body location under its evidence's templates), or a
     * {@code VAL} row. {@code meaning} is the value's English meaning in release_evidences.json. A sided location
     * ("flank(R)") is written "right flank", "flank (right)" and, unsided, "flank" (either side: both value nodes).
     */
    public Row value(String evidence, String value, String meaning) {
        Row v = values.get(evidence + "=" + value);
        if (v != null) {
            return v;
        }
        String[] tpl = templates.get(evidence);
        Location loc = tpl == null ? null : location(meaning);
        if (loc == null) {
            return null;
        }
        return new Row(evidence + "=" + value, evidence + "=" + value, List.of(), "",
            fill(list(tpl[0]), loc.en(), loc.side(), false), fill(list(tpl[1]), loc.zh(), loc.side(), true));
    }

    private static List<String> fill(List<String> templates, List<String> names, String side, boolean zh) {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            for (String t : templates) {
                if (side != null) {
                    String s = Location.prefix(side, zh);
                    out.add(t.replace("{loc}", s + name));
                    out.add(t.replace("{loc}", zh ? s + "侧" + name : name + " (" + s.strip() + ")"));
                }
                out.add(t.replace("{loc}", name));
            }
        }
        return dedupe(out);
    }

    /**
     * A body location's name for a note: {@code meaning} as in release_evidences.json ("flank(R)"); the last of our
     * names when {@code alternative} (the evaluation renderer's wording), the first otherwise; with its side.
     */
    public String locationName(String meaning, boolean zh, boolean alternative) {
        Location loc = location(meaning);
        if (loc == null) {
            return null;
        }
        List<String> names = zh ? loc.zh() : loc.en();
        String name = alternative ? names.get(names.size() - 1) : names.get(0);
        return loc.side() == null ? name : Location.prefix(loc.side(), zh) + name;
    }

    private static List<String> dedupe(List<String> l) {
        return List.copyOf(new LinkedHashSet<>(l));
    }
}
