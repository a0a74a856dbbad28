package org.dxguard.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dxguard.graph.internal.DdxplusData;
import org.dxguard.graph.internal.FindingTexts;
import org.dxguard.graph.internal.SyntheaModules;
import org.dxguard.model.Sex;

/**
 * Short history notes (English and Chinese) written from DDXPlus patients, for measuring the differential from
 * notes (docs/BENCHMARKS.md, "Differential from notes"). Two renderers with different wording:
 * <ul>
 *   <li>{@link Style#A}: our own wording, from the first synonyms of the graph's text tables (the analyser may be
 *   tuned on it);</li>
 *   <li>{@link Style#B}: written separately ({@code ddxplus-notes-b.tsv}): abbreviations (SOB, c/o, PMHx, HTN),
 *   other orders, coordinated locations ("epigastric and lower chest pain", 上腹部、下胸部疼痛), other negation
 *   styles ("ROS negative for", "…(-)"). Used for evaluation only, never for tuning.</li>
 * </ul>
 * A note has a chief complaint (the patient's initial evidence), the HPI with every present symptom, pain location,
 * character and radiation, swelling and rash location, a few plausible negatives (symptoms of diseases that share
 * the chief complaint, absent in the patient), past and family history and social history. Intensity scales are not
 * written. Deterministic: the same patient, language and style give the same note.
 */
public final class DdxplusNotes {
    /** Renderer: A (tuning) or B (evaluation, different wording). */
    public enum Style { A, B }

    /** One DDXPlus patient as the renderer and the metrics need it. */
    public record Patient(int index, int age, Sex sex, String pathology, List<String> differential,
                          List<String> tokens, String initialEvidence) {}

    private static final Set<String> SOCIAL = Set.of("E_79", "E_191", "E_78", "E_61", "E_62", "E_35", "E_60", "E_183",
        "E_195", "E_207", "E_198", "E_199", "E_200", "E_48", "E_49", "E_222", "E_204", "E_143", "E_115", "E_189",
        "E_17");
    private static final Set<String> VALUED = Set.of("E_54", "E_55", "E_56", "E_57", "E_58", "E_59", "E_130",
        "E_131", "E_132", "E_133", "E_134", "E_135", "E_136", "E_152", "E_204");

    private final DdxplusData data;
    private final Map<String, String[]> styleB = new LinkedHashMap<>();

    private DdxplusNotes(DdxplusData data) {
        this.data = data;
        for (String[] r : SyntheaModules.table("ddxplus-notes-b.tsv")) {
            styleB.put(r[0].trim(), new String[] {r[1].trim(), r.length > 2 ? r[2].trim() : ""});
        }
    }

    /** The renderer for the DDXPlus release in {@code dir} (release_evidences.json, release_conditions.json). */
    public static DdxplusNotes of(Path dir) {
        return new DdxplusNotes(DdxplusData.load(dir));
    }

    /** The patients of a DDXPlus patient CSV, in file order. */
    public static List<Patient> patients(Path csv) {
        List<Patient> out = new ArrayList<>();
        int i = 0;
        for (DdxplusData.PatientCase c : DdxplusData.readPatients(csv)) {
            out.add(new Patient(i++, c.age(), c.sex(), c.pathology(), List.copyOf(c.differential().keySet()),
                c.tokens(), c.initialEvidence()));
        }
        return out;
    }

    /** Severity (1 = most severe … 5) of a pathology by its DDXPlus name, or 5 when unknown. */
    public int severity(String pathology) {
        DdxplusData.Pathology p = data.pathologies().get(pathology);
        return p == null ? 5 : p.severity();
    }

    /** The note of a patient in {@code language} ({@code en} or {@code zh}) and style. */
    public String note(Patient p, String language, Style style) {
        boolean zh = language.toLowerCase(Locale.ROOT).startsWith("zh");
        Random rnd = new Random(31L * p.index() + (zh ? 7 : 0) + style.ordinal() * 1009L);
        Set<String> base = new LinkedHashSet<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String t : p.tokens()) {
            int at = t.indexOf("_@_");
            if (at < 0) {
                base.add(t);
            } else {
                values.computeIfAbsent(t.substring(0, at), k -> new ArrayList<>()).add(t.substring(at + 3));
            }
        }
        String cc = p.initialEvidence() != null && base.contains(p.initialEvidence()) ? p.initialEvidence() : null;
        List<String> symptoms = new ArrayList<>();
        List<String> history = new ArrayList<>();
        List<String> family = new ArrayList<>();
        List<String> social = new ArrayList<>();
        for (String e : base) {
            DdxplusData.Evidence ev = data.evidences().get(e);
            if (ev == null || VALUED.contains(e) && !e.equals("E_204")) {
                continue;
            }
            if (!ev.antecedent()) {
                symptoms.add(e);
            } else if (SOCIAL.contains(e)) {
                social.add(e);
            } else if (isFamily(ev)) {
                family.add(e);
            } else {
                history.add(e);
            }
        }
        if (values.containsKey("E_204")) {
            for (String v : values.get("E_204")) {
                if (!v.equals("V_10")) {
                    social.add("E_204=" + v);
                }
            }
        }
        social.remove("E_204");
        List<String> negatives = negatives(p, base, cc, rnd);
        StringBuilder n = new StringBuilder();
        String sexWord = style == Style.A ? (zh ? (p.sex() == Sex.FEMALE ? "女" : "男") : (p.sex() == Sex.FEMALE ? "woman"
            : "man")) : (zh ? (p.sex() == Sex.FEMALE ? "女" : "男") : (p.sex() == Sex.FEMALE ? "F" : "M"));
        int days = 1 + rnd.nextInt(10);
        String ccText = cc == null ? null : phrase(cc, zh, style);
        if (style == Style.A) {
            if (zh) {
                n.append("主诉：").append(ccText == null ? "不适" : ccText).append("。\n");
                n.append("现病史：患者").append(sexWord).append("，").append(p.age()).append("岁，出现")
                    .append(String.join("，", phrases(symptoms, zh, style))).append("。");
                pain(n, values, zh, style);
                if (!negatives.isEmpty()) {
                    n.append("否认").append(String.join("、", phrases(negatives, zh, style))).append("。");
                }
                n.append("\n");
                if (!history.isEmpty()) {
                    n.append("既往史：").append(String.join("、", phrases(history, zh, style))).append("。\n");
                }
                if (!family.isEmpty()) {
                    n.append("家族史：").append(String.join("、", phrases(family, zh, style))).append("。\n");
                }
                if (!social.isEmpty()) {
                    n.append("个人史：").append(String.join("、", phrases(social, zh, style))).append("。\n");
                }
            } else {
                n.append("Chief complaint: ").append(ccText == null ? "feeling unwell" : ccText).append(".\n");
                n.append("History of present illness: ").append(p.age()).append("-year-old ").append(sexWord)
                    .append(" presenting with ").append(join(phrases(symptoms, zh, style), ", ", " and ")).append(". ");
                pain(n, values, zh, style);
                if (!negatives.isEmpty()) {
                    n.append("Denies ").append(join(phrases(negatives, zh, style), ", ", " and ")).append(".");
                }
                n.append("\n");
                if (!history.isEmpty()) {
                    n.append("Past medical history: ").append(join(phrases(history, zh, style), ", ", " and "))
                        .append(".\n");
                }
                if (!family.isEmpty()) {
                    n.append("Family history: ").append(join(phrases(family, zh, style), ", ", " and ")).append(".\n");
                }
                if (!social.isEmpty()) {
                    n.append("Social history: ").append(join(phrases(social, zh, style), ", ", " and ")).append(".\n");
                }
            }
        } else {
            if (zh) {
                n.append("【主诉】").append(ccText == null ? "不适" : ccText).append(days).append("天\n");
                n.append("【现病史】").append(p.age()).append("岁").append(sexWord).append("性，诉")
                    .append(String.join("、", phrases(symptoms, zh, style))).append("。");
                pain(n, values, zh, style);
                for (int i = 0; i < negatives.size(); i++) {
                    String ph = phrase(negatives.get(i), zh, style);
                    n.append(i % 2 == 0 ? "无" + ph + "，" : ph + "(-)，");
                }
                if (!negatives.isEmpty()) {
                    n.setLength(n.length() - 1);
                    n.append("。");
                }
                n.append("\n");
                List<String> past = new ArrayList<>(history);
                past.addAll(family);
                if (!past.isEmpty()) {
                    n.append("【既往史】").append(String.join("；", phrases(past, zh, style))).append("。\n");
                }
                if (!social.isEmpty()) {
                    n.append("【个人史】").append(String.join("；", phrases(social, zh, style))).append("。\n");
                }
            } else {
                n.append("CC: ").append(ccText == null ? "unwell" : ccText).append(" x").append(days).append("d\n");
                n.append("HPI: ").append(p.age()).append("yo ").append(sexWord).append(" c/o ")
                    .append(String.join("; ", phrases(symptoms, zh, style))).append(". ");
                pain(n, values, zh, style);
                if (!negatives.isEmpty()) {
                    List<String> neg = phrases(negatives, zh, style);
                    n.append("ROS negative for ").append(String.join(", ", neg.subList(0, Math.max(1, neg.size() - 1))))
                        .append(".");
                    if (neg.size() > 1) {
                        n.append(" No ").append(neg.get(neg.size() - 1)).append(".");
                    }
                }
                n.append("\n");
                List<String> past = new ArrayList<>(history);
                past.addAll(family);
                if (!past.isEmpty()) {
                    n.append("PMHx: ").append(String.join(", ", phrases(past, zh, style))).append("\n");
                }
                if (!social.isEmpty()) {
                    n.append("SHx: ").append(String.join(", ", phrases(social, zh, style))).append("\n");
                }
            }
        }
        return n.toString();
    }

    private static boolean isFamily(DdxplusData.Evidence ev) {
        String q = ev.question().toLowerCase(Locale.ROOT);
        return q.contains("family") || q.contains("your mother");
    }

    /** Plausible negatives: symptoms of pathologies listing the chief complaint that the patient does not have. */
    private List<String> negatives(Patient p, Set<String> present, String cc, Random rnd) {
        Set<String> pool = new LinkedHashSet<>();
        for (DdxplusData.Pathology pa : data.pathologies().values()) {
            if (cc == null || pa.symptoms().contains(cc)) {
                for (String s : pa.symptoms()) {
                    DdxplusData.Evidence ev = data.evidences().get(s);
                    if (ev != null && "B".equals(ev.dataType()) && !ev.antecedent() && !present.contains(s)
                        && !VALUED.contains(s) && !s.equals("E_53")) {
                        pool.add(s);
                    }
                }
            }
        }
        List<String> l = new ArrayList<>(pool);
        java.util.Collections.shuffle(l, rnd);
        return l.subList(0, Math.min(3, l.size()));
    }

    private List<String> phrases(List<String> ids, boolean zh, Style style) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            String ph = phrase(id, zh, style);
            if (ph != null && !ph.isBlank()) {
                out.add(ph);
            }
        }
        return out;
    }

    private String phrase(String id, boolean zh, Style style) {
        if (id.contains("=")) {
            String[] ev = id.split("=");
            FindingTexts.Row r = FindingTexts.get().value(ev[0], ev[1], data.evidences().get(ev[0]).valueMeanings()
                .get(ev[1]));
            if (r == null) {
                return null;
            }
            List<String> l = zh ? r.zh() : r.en();
            return l.isEmpty() ? null : style == Style.A ? l.get(0) : l.get(Math.min(1, l.size() - 1));
        }
        if (style == Style.B) {
            String[] b = styleB.get(id);
            if (b != null) {
                return zh ? b[1] : b[0];
            }
        }
        FindingTexts.Row r = FindingTexts.get().ddxplus(id);
        if (r == null) {
            return null;
        }
        List<String> l = zh ? r.zh() : r.en();
        return l.isEmpty() ? null : l.get(0);
    }

    /** Pain location, character and radiation; swelling and rash location and rash details. */
    private void pain(StringBuilder n, Map<String, List<String>> values, boolean zh, Style style) {
        List<String> loc = locations(values.get("E_55"), "E_55", zh, style);
        List<String> rad = locations(values.get("E_57"), "E_57", zh, style);
        List<String> character = new ArrayList<>();
        for (String v : values.getOrDefault("E_54", List.of())) {
            String ph = phrase("E_54=" + v, zh, style);
            if (ph != null) {
                character.add(ph);
            }
        }
        if (!loc.isEmpty()) {
            if (style == Style.A) {
                n.append(zh ? String.join("，", loc) + "。" : capital(join(loc, ", ", " and ")) + ". ");
            } else {
                n.append(zh ? String.join("、", loc) + "疼痛。" : capital(join(loc, ", ", " and ")) + " pain. ");
            }
        }
        if (!character.isEmpty()) {
            n.append(zh ? (style == Style.A ? "性质为" : "呈") + String.join("、", character) + "。"
                : (style == Style.A ? "The pain is described as " : "Quality: ") + join(character, ", ", " and ") + ". ");
        }
        if (!rad.isEmpty()) {
            n.append(zh ? (style == Style.A ? String.join("，", rad) : "向" + String.join("、", rad) + "放射") + "。"
                : (style == Style.A ? capital(join(rad, ", ", " and ")) : "Radiating into the " + join(rad, ", ",
                " and ")) + ". ");
        }
        List<String> swelling = locations(values.get("E_152"), "E_152", zh, style);
        if (!swelling.isEmpty()) {
            n.append(style == Style.A ? (zh ? String.join("，", swelling) + "。" : capital(join(swelling, ", ", " and "))
                + ". ") : zh ? String.join("、", swelling) + "水肿。" : "Oedema of " + join(swelling, ", ", " and ") + ". ");
        }
        List<String> rash = locations(values.get("E_133"), "E_133", zh, style);
        if (!rash.isEmpty()) {
            n.append(style == Style.A ? (zh ? String.join("，", rash) + "。" : capital(join(rash, ", ", " and ")) + ". ")
                : zh ? String.join("、", rash) + "可见皮疹。" : "Lesions on " + join(rash, ", ", " and ") + ". ");
        }
        List<String> rashMore = new ArrayList<>();
        for (String e : List.of("E_130", "E_131", "E_135")) {
            for (String v : values.getOrDefault(e, List.of())) {
                String ph = v.equals("V_11") || v.equals("V_10") ? null : phrase(e + "=" + v, zh, style);
                if (ph != null) {
                    rashMore.add(ph);
                }
            }
        }
        if (!rashMore.isEmpty()) {
            n.append(zh ? String.join("，", rashMore) + "。" : capital(join(rashMore, ", ", " and ")) + ". ");
        }
    }

    /**
     * Location phrases: style A one full phrase per location ("pain in the right flank", 右腰侧疼痛); style B the bare
     * location names for coordination by the caller ("right flank, epigastric and lower chest" + " pain").
     */
    private List<String> locations(List<String> vs, String evidence, boolean zh, Style style) {
        List<String> out = new ArrayList<>();
        if (vs == null) {
            return out;
        }
        for (String v : vs) {
            if (v.equals("V_123")) {
                continue; // nowhere
            }
            String meaning = data.evidences().get(evidence).valueMeanings().get(v);
            FindingTexts.Row r = FindingTexts.get().value(evidence, v, meaning);
            if (r == null) {
                continue;
            }
            boolean bare = style == Style.B;
            if (!bare) {
                List<String> l = zh ? r.zh() : r.en();
                if (!l.isEmpty()) {
                    out.add(style == Style.A ? l.get(0) : l.get(Math.min(2, l.size() - 1)));
                }
            } else {
                String name = FindingTexts.get().locationName(meaning, zh, true);
                if (name != null) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    private static String join(List<String> l, String sep, String last) {
        if (l.size() <= 1) {
            return String.join("", l);
        }
        return String.join(sep, l.subList(0, l.size() - 1)) + last + l.get(l.size() - 1);
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
