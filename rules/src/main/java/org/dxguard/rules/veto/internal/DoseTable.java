package org.dxguard.rules.veto.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.rules.Terminology;

/**
 * The general adult dose table ({@code guidelines/drug-reference/dose-limits.csv}, README next to it): per ingredient,
 * route, formulation and jurisdiction the maximum single, daily and weekly dose, the minimum interval and renal and
 * hepatic limits in the table's grammar ({@code egfr<30:avoid; egfr30-45:no_start}, {@code crcl10-30:min_interval_h=12},
 * {@code childpugh=C:avoid}, {@code any:caution}). Immutable and thread-safe.
 */
public final class DoseTable {
    /** One row; a blank number is null. {@code line} is the CSV line, for the reason shown to reviewers. */
    public record Row(String ingredient, String route, String formulation, String jurisdiction, Double maxSingle,
                      Double maxDaily, Double maxWeekly, String unit, Double minIntervalH, String renal, String hepatic,
                      String verified, int line) {
        /** "acetaminophen oral (IR and combination products, US; line 4, verified=no)". */
        public String describe() {
            return ingredient + " " + route + " (" + (formulation.isEmpty() ? "" : formulation + ", ") + jurisdiction
                + "; dose-limits.csv line " + line + ", verified=" + verified
                + (verified.equals("no") ? ": entered from knowledge of the label, not re-read" : "") + ")";
        }

        public boolean hasLimit() {
            return maxSingle != null || maxDaily != null || maxWeekly != null;
        }
    }

    /** One clause of a renal or hepatic limit: a condition and its actions. */
    public record Clause(String metric, String op, double a, double b, String childPugh, List<String> actions,
                         String text) {}

    private static final Pattern CONDITION = Pattern.compile("^(egfr|crcl)(<=|>=|<|>)(\\d+(?:\\.\\d+)?)$"
        + "|^(egfr|crcl)(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)$|^childpugh(=|>=)([abcABC])$|^(dialysis|any)$");

    private final Map<String, List<Row>> byIngredient;

    private DoseTable(Map<String, List<Row>> byIngredient) {
        this.byIngredient = byIngredient;
    }

    public static DoseTable parse(String csv) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        for (Terminology.Row r : Terminology.readCsv("dose-limits.csv", csv, "ingredient", "route", "formulation",
                "jurisdiction", "max_single_dose", "max_daily_dose", "max_weekly_dose", "dose_unit", "min_interval_h",
                "renal", "hepatic", "verified")) {
            Row row = new Row(r.req("ingredient").toLowerCase(Locale.ROOT), r.opt("route"), r.opt("formulation"),
                r.opt("jurisdiction").isEmpty() ? "US" : r.opt("jurisdiction"), num(r, "max_single_dose"),
                num(r, "max_daily_dose"), num(r, "max_weekly_dose"), r.opt("dose_unit"), num(r, "min_interval_h"),
                r.opt("renal"), r.opt("hepatic"), r.opt("verified").isEmpty() ? "no" : r.opt("verified"), r.line());
            clauses(row.renal());
            clauses(row.hepatic());
            out.computeIfAbsent(row.ingredient(), k -> new ArrayList<>()).add(row);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return new DoseTable(Map.copyOf(out));
    }

    private static Double num(Terminology.Row r, String col) {
        return r.opt(col).isEmpty() ? null : r.num(col, 0);
    }

    public List<Row> rows(String ingredient) {
        return ingredient == null ? List.of() : byIngredient.getOrDefault(ingredient.toLowerCase(Locale.ROOT), List.of());
    }

    /** True when the table has a row with a numeric maximum for the ingredient. */
    public boolean limits(String ingredient) {
        return rows(ingredient).stream().anyMatch(Row::hasLimit);
    }

    /** The clauses of a renal or hepatic cell; an unreadable clause is a table defect (IllegalArgumentException). */
    public static List<Clause> clauses(String cell) {
        List<Clause> out = new ArrayList<>();
        if (cell == null || cell.isBlank()) {
            return out;
        }
        for (String c : cell.split(";")) {
            String t = c.strip();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("limit clause without ':' — '" + t + "'");
            }
            String cond = t.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            List<String> actions = new ArrayList<>();
            for (String a : t.substring(colon + 1).split(",")) {
                if (!a.isBlank()) {
                    actions.add(a.strip());
                }
            }
            Matcher m = CONDITION.matcher(cond.replace(" ", ""));
            if (!m.matches()) {
                throw new IllegalArgumentException("unreadable limit condition '" + cond + "'");
            }
            if (m.group(1) != null) {
                out.add(new Clause(m.group(1), m.group(2), Double.parseDouble(m.group(3)), 0, null, actions, t));
            } else if (m.group(4) != null) {
                out.add(new Clause(m.group(4), "range", Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6)),
                    null, actions, t));
            } else if (m.group(7) != null) {
                out.add(new Clause("childpugh", m.group(7), 0, 0, m.group(8).toUpperCase(Locale.ROOT), actions, t));
            } else {
                out.add(new Clause(m.group(9), "", 0, 0, null, actions, t));
            }
        }
        return out;
    }

    /** True when the clause's condition holds: {@code value} is the eGFR or CrCl it names (NaN when unknown). */
    public static boolean holds(Clause c, double egfr, double crcl, boolean dialysis, boolean impaired) {
        double v = c.metric().equals("crcl") ? (Double.isNaN(crcl) ? egfr : crcl) : egfr;
        return switch (c.metric()) {
            case "egfr", "crcl" -> !Double.isNaN(v) && switch (c.op()) {
                case "<" -> v < c.a();
                case "<=" -> v <= c.a();
                case ">" -> v > c.a();
                case ">=" -> v >= c.a();
                default -> v >= c.a() && v < c.b();
            };
            case "dialysis" -> dialysis;
            case "any" -> impaired;
            default -> false; // Child-Pugh class: not derivable from the record here, so never assumed
        };
    }
}
