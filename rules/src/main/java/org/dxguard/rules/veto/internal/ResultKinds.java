package org.dxguard.rules.veto.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.dxguard.model.Code;
import org.dxguard.model.Observation;
import org.dxguard.rules.Terminology;

/**
 * The result kinds of {@code guidelines/terminology/result-kinds.csv} as the grounding check needs them: which
 * observations of the record are of a kind (LOINC code, or a code display naming the kind), the unit quoted values
 * are compared in and how other units convert to it, and the reference interval a quoted "normal", "raised" or
 * "low" is checked against. Immutable and thread-safe.
 */
public final class ResultKinds {
    private static final Pattern HAN = Pattern.compile(".*\\p{IsHan}.*");
    /** One kind. {@code factors}: normalised unit → factor to {@code unit}; "degf" for Fahrenheit, "ifcc" for HbA1c. */
    public record Kind(String id, String type, Set<String> loinc, String unit, Map<String, String> factors, Double low,
                       Double high, List<String> names) {}

    private final Map<String, Kind> kinds;
    private final Map<String, String> byLoinc = new LinkedHashMap<>();
    /**
     * Each kind's names as {@link #kindsOf} matches them against a code's display, compiled once: compiling two
     * patterns per name for every observation of the record was most of a patient-view call's CPU (issue 21).
     */
    private final List<KindNames> names = new ArrayList<>();

    /** A name written in Han characters matches as a substring, any other as a whole word (not inside a word). */
    private record NameMatcher(String name, Pattern word) {
        boolean in(String display) {
            return display.contains(name) && (word == null || word.matcher(display).find());
        }
    }

    private record KindNames(String id, List<NameMatcher> names) {}

    private ResultKinds(Map<String, Kind> kinds) {
        this.kinds = kinds;
        kinds.values().forEach(k -> k.loinc().forEach(c -> byLoinc.putIfAbsent(c, k.id())));
        for (Kind k : kinds.values()) {
            List<NameMatcher> ms = new ArrayList<>();
            for (String n : k.names()) {
                ms.add(new NameMatcher(n, HAN.matcher(n).matches() ? null
                    : Pattern.compile("[^\\p{L}\\p{N}]" + Pattern.quote(n) + "[^\\p{L}\\p{N}]")));
            }
            names.add(new KindNames(k.id(), List.copyOf(ms)));
        }
    }

    /** Parses the table (CSV text). */
    public static ResultKinds parse(String csv) {
        Map<String, Kind> out = new LinkedHashMap<>();
        for (Terminology.Row r : Terminology.readCsv("result-kinds.csv", csv, "kind", "type", "loinc", "unit", "units",
                "low", "high", "names_en", "names_zh")) {
            Map<String, String> factors = new LinkedHashMap<>();
            for (String f : r.opt("units").split("\\|")) {
                int eq = f.indexOf('=');
                if (eq > 0) {
                    factors.put(unit(f.substring(0, eq)), f.substring(eq + 1).strip());
                }
            }
            List<String> names = new ArrayList<>();
            for (String n : (r.opt("names_en") + "|" + r.opt("names_zh")).split("\\|")) {
                if (n.strip().length() >= 3 || n.strip().matches(".*\\p{IsHan}.*")) {
                    names.add(n.strip().toLowerCase(Locale.ROOT));
                }
            }
            Set<String> loinc = Set.of(r.opt("loinc").isEmpty() ? new String[0] : r.opt("loinc").split("\\|"));
            out.put(r.req("kind"), new Kind(r.req("kind"), r.req("type"), loinc, unit(r.opt("unit")), Map.copyOf(factors),
                r.opt("low").isEmpty() ? null : r.num("low", 0), r.opt("high").isEmpty() ? null : r.num("high", 0),
                List.copyOf(names)));
        }
        return new ResultKinds(Map.copyOf(out));
    }

    public Kind kind(String id) {
        return kinds.get(id);
    }

    /** The kinds an observation is of: by LOINC code, else by a code display or text that names a kind. */
    public Set<String> kindsOf(Observation o) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (Code c : o.codes()) {
            String k = byLoinc.get(c.code());
            if (k != null) {
                out.add(k);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (Code c : o.codes()) {
            if (c.display() == null) {
                continue; // " " names no kind: every name has a character
            }
            String d = " " + c.display().toLowerCase(Locale.ROOT) + " ";
            for (KindNames k : names) {
                for (NameMatcher n : k.names()) {
                    if (n.in(d)) {
                        out.add(k.id());
                    }
                }
            }
        }
        return out;
    }

    /** {@code value unit} in the kind's unit; empty when the unit is unknown or does not convert. */
    public OptionalDouble canonical(String kindId, double value, String rawUnit) {
        Kind k = kinds.get(kindId);
        if (k == null) {
            return OptionalDouble.empty();
        }
        String u = unit(rawUnit);
        if (u.equals(k.unit()) || (u.isEmpty() && k.unit().equals("1"))) {
            return OptionalDouble.of(value);
        }
        String f = k.factors().get(u);
        if (f == null) {
            return OptionalDouble.empty();
        }
        return switch (f) {
            case "degf" -> OptionalDouble.of((value - 32) * 5 / 9);
            case "ifcc" -> OptionalDouble.of(0.09148 * value + 2.152);
            default -> OptionalDouble.of(value * Double.parseDouble(f));
        };
    }

    /** A unit written any common way, normalised: lower case, no spaces, u for µ, "cel", "degf", "10^9/l" … */
    public static String unit(String raw) {
        if (raw == null) {
            return "";
        }
        String u = raw.strip().toLowerCase(Locale.ROOT).replace('µ', 'u').replace('μ', 'u').replace("×", "x")
            .replace("⁹", "9").replace("³", "3").replace("²", "2").replaceAll("\\s+", "");
        u = u.replace("[", "").replace("]", "").replace("{", "").replace("}", "");
        return switch (u) {
            case "°c", "℃", "cel", "degc", "degreec", "degreesc", "degreescelsius", "degreecelsius", "c" -> "cel";
            case "°f", "℉", "degf", "degreef", "degreesf", "degreesfahrenheit", "degreefahrenheit", "f" -> "degf";
            case "mmhg", "mm_hg", "毫米汞柱" -> "mmhg";
            case "x10^9/l", "x109/l", "10^9/l", "10*9/l", "109/l", "x10*9/l", "g/l_cells" -> "10^9/l";
            case "x10^3/ul", "x103/ul", "10^3/ul", "10*3/ul", "103/ul", "k/ul", "x10^3/mm3", "10^3/mm3", "10*3/mm3" -> "10^3/ul";
            case "/min", "min", "perminute", "beats/min", "breaths/min", "bpm", "次/分", "/min." -> "/min";
            case "ml/min/1.73m2", "ml/min/1.73_m2", "ml/min/1.73", "ml/(min·1.73m2)" -> "ml/min/1.73m2";
            case "mmol/l", "毫摩尔/升" -> "mmol/l";
            case "umol/l", "微摩尔/升" -> "umol/l";
            case "mm/h", "mm/hr", "mm/hour" -> "mm/h";
            case "kg", "公斤", "千克" -> "kg";
            case "lb", "lbs" -> "lb";
            case "iu/l" -> "iu/l";
            case "mu/l" -> "mu/l";
            default -> u;
        };
    }
}
