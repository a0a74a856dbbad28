package org.dxguard.rules.veto;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Claim;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Evidence;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.Sex;
import org.dxguard.model.Units;
import org.dxguard.model.Veto;
import org.dxguard.rules.GuidelineEngine;
import org.dxguard.rules.LabValues;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.veto.facts.CitationRelation;
import org.dxguard.rules.veto.facts.ClaimFact;
import org.dxguard.rules.veto.facts.DoseBreach;
import org.dxguard.rules.veto.facts.DrugConditionHit;
import org.dxguard.rules.veto.facts.MedicationDirective;
import org.dxguard.rules.veto.facts.StatedResult;
import org.dxguard.rules.veto.internal.CitationRelations;
import org.dxguard.rules.veto.internal.Citations;
import org.dxguard.rules.veto.internal.DoseTable;
import org.dxguard.rules.veto.internal.FindingNames;
import org.dxguard.rules.veto.internal.ResultKinds;

/**
 * The facts behind the veto rules of issue 17 (realistic prose), computed per review from the claims and the patient:
 * stated results and whether the case holds them (VETO-GRD-006), citations attached to text that does not speak of
 * the cited finding (VETO-GRD-007), doses above the general dose table's limits or outside its renal and hepatic
 * limits (VETO-DOSE-001..004; a dose tied to no drug is VETO-DOSE-005 on the claim itself), drugs the veto's
 * drug–condition table rules out for this record (VETO-DC-001) and medication changes worded as orders
 * (VETO-DIR-002; instructions to the patient are VETO-DIR-003 on the claim itself). The reference tables are the
 * packaged copies of {@code guidelines/drug-reference/dose-limits.csv}, {@code drug-conditions.csv},
 * {@code drug-classes.csv} and {@code guidelines/terminology/result-kinds.csv}. Thread-safe.
 */
final class ProseChecks {
    private static final String RES = "/org/dxguard/rules/veto/reference/";
    private static volatile Reference reference;
    /** A drug class name as a whole word, compiled once per name of the packaged tables (issue 21). */
    private static final Map<String, Pattern> CLASS_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The packaged reference tables, read once per JVM. */
    record Reference(ResultKinds results, DoseTable doses, List<DrugCondition> conditions,
                     Map<String, Set<String>> classes, String version) {}

    /** One row of drug-conditions.csv. */
    record DrugCondition(String id, Set<String> drugs, boolean systemicOnly, List<String> condition, String action,
                         String citation) {}

    private final GuidelineEngine guidelines;
    private final Terminology terminology;
    private final Reference ref;

    ProseChecks(GuidelineEngine guidelines, Terminology terminology) {
        this.guidelines = guidelines;
        this.terminology = terminology;
        this.ref = reference();
    }

    /** The claim as the veto rules see it, for the kinds the original switch does not cover. */
    static ClaimFact claimFact(Claim c) {
        return switch (c.kind()) {
            case MEDICATION, RESULT, DOSE, INSTRUCTION, FINDING -> new ClaimFact(c.id(), c.kind().name(), c.subject(),
                c.subject(), c.negated(), 0, 0);
            default -> null;
        };
    }

    /** Every fact the issue-17 rules need for this review. */
    List<Object> facts(PatientFacts facts, List<Claim> claims, Map<String, List<Veto>> sofar,
                       Map<String, Evidence> findingById, FindingNames names, List<String> diagnosisKeys) {
        // the record's results, organ function and drug classes, read only when a claim is checked against them:
        // an explanation without results, drugs or directives (the evidence-only one) needs none, and reading a
        // record of a few hundred observations was most of a patient-view call's CPU (issue 21)
        Patient[] record = new Patient[1];
        java.util.function.Supplier<Patient> p = () -> record[0] == null ? record[0] = new Patient(facts) : record[0];
        List<Object> out = new ArrayList<>();
        for (Claim c : claims) {
            switch (c.kind()) {
                case RESULT -> out.add(grounding(c, p.get()));
                case EVIDENCE -> citation(c, findingById, names, diagnosisKeys).ifPresent(out::add);
                case MEDICATION -> {
                    // the guideline rules decide first: the tables are the fallback for what they do not veto
                    if (c.recommendsDrug() && sofar.getOrDefault(c.id(), List.of()).isEmpty()) {
                        out.addAll(doses(c, p.get()));
                        out.addAll(conditions(c, p.get()));
                    }
                }
                case INSTRUCTION -> {
                    if (c.subject().startsWith("medication:")) {
                        out.add(directive(c, claims, sofar, facts, p.get()));
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ grounding

    private StatedResult grounding(Claim c, Patient p) {
        String kind = c.subject();
        String reading = c.action() == null ? "value" : c.action();
        String quoted = kind + " " + (c.value() == null ? reading : num(c.value()) + (c.unit() == null ? "" : " " + c.unit()));
        Window w = Window.of(c.span());
        if (kind.equals("AGE")) {
            boolean ok = p.facts.ageYears() != null && c.value() != null && Math.abs(p.facts.ageYears() - c.value()) <= 1;
            return new StatedResult(c.id(), kind, quoted, ok, ok ? "" : p.facts.ageYears() == null
                ? "the case has no age" : "the patient is " + p.facts.ageYears());
        }
        List<Recorded> rec = new ArrayList<>(p.recorded(kind));
        if (reading.equals("either")) {
            rec.addAll(p.recorded("BP_DIASTOLIC"));
        }
        if (rec.isEmpty()) {
            return new StatedResult(c.id(), kind, quoted, false, "the case holds no " + kind + " result");
        }
        List<Recorded> inWindow = rec.stream().filter(r -> w.contains(r.daysAgo)).toList();
        if (inWindow.isEmpty()) {
            return new StatedResult(c.id(), kind, quoted, false, "the case holds no " + kind + " result from "
                + w.text + " (recorded " + rec.stream().map(r -> r.daysAgo < 0 ? "undated" : Math.round(r.daysAgo)
                + " days ago").toList() + ")");
        }
        if (c.value() != null) {
            return numeric(c, kind, quoted, inWindow);
        }
        ResultKinds.Kind k = ref.results().kind(kind);
        for (Recorded r : inWindow) {
            if (consistent(reading, r, k)) {
                return new StatedResult(c.id(), kind, quoted, true, "");
            }
        }
        return new StatedResult(c.id(), kind, quoted, false, "the recorded " + kind + " ("
            + inWindow.stream().map(Recorded::show).toList() + ") is not " + reading);
    }

    private StatedResult numeric(Claim c, String kind, String quoted, List<Recorded> rec) {
        double v = c.value();
        int scale = Math.max(0, BigDecimal.valueOf(v).stripTrailingZeros().scale());
        double rounding = 0.5 * Math.pow(10, -scale);
        String unit = c.unit();
        if (kind.equals("WEIGHT") && unit != null && ResultKinds.unit(unit).equals("lb")) {
            v = v * 0.45359;
            rounding *= 0.45359;
            unit = "kg";
        }
        OptionalDouble canon = unit == null ? OptionalDouble.empty() : ref.results().canonical(kind, v, unit);
        for (Recorded r : rec) {
            if (canon.isPresent() && !Double.isNaN(r.canonical)) {
                boolean converted = !ResultKinds.unit(unit).equals(ref.results().kind(kind) == null ? ""
                    : ref.results().kind(kind).unit());
                double factor = Math.abs(v) < 1e-12 ? 1 : Math.abs(canon.getAsDouble() / v);
                double tol = converted ? Math.max(0.03 * Math.abs(canon.getAsDouble()), rounding * factor * 1.01)
                    : Math.max(0.02 * Math.abs(v), rounding * 1.01);
                if (kind.equals("WEIGHT")) {
                    tol = Math.max(tol, 1.0);
                }
                if (Math.abs(canon.getAsDouble() - r.canonical) <= tol) {
                    return new StatedResult(c.id(), kind, quoted, true, "");
                }
            } else if (r.raw != null && Math.abs(v - r.raw) <= Math.max(0.02 * Math.abs(v), rounding * 1.01)) {
                // no unit quoted (or one that is not understood): only the same number as recorded can match
                return new StatedResult(c.id(), kind, quoted, true, "");
            }
        }
        return new StatedResult(c.id(), kind, quoted, false, "the case records " + kind + " "
            + rec.stream().map(Recorded::show).toList() + (unit != null && canon.isEmpty()
            ? " and the quoted unit cannot be compared" : ""));
    }

    private static boolean consistent(String reading, Recorded r, ResultKinds.Kind k) {
        if (reading.equals("stated") || reading.equals("value") || reading.equals("either")) {
            return true;
        }
        if (reading.equals("positive") || reading.equals("negative")) {
            String t = r.text == null ? "" : r.text.toLowerCase(Locale.ROOT);
            boolean pos = t.matches(".*(positive|detected|阳性|present).*") && !t.matches(".*(not detected|negative).*");
            boolean neg = t.matches(".*(negative|not detected|阴性|absent).*");
            return (!pos && !neg) || (reading.equals("positive") ? pos : neg);
        }
        if (Double.isNaN(r.canonical) || k == null || (k.low() == null && k.high() == null)) {
            return true;
        }
        double v = r.canonical;
        Double lo = k.low();
        Double hi = k.high();
        return switch (reading) {
            case "normal" -> !((hi != null && v > hi * 1.1) || (lo != null && lo > 0 && v < lo * 0.9));
            case "high" -> hi == null || v > hi * 0.95;
            case "low" -> lo == null || v < lo * 1.05;
            default -> (hi != null && v > hi) || (lo != null && v < lo); // abnormal
        };
    }

    // ------------------------------------------------------------------------------------------ citations

    private Optional<CitationRelation> citation(Claim c, Map<String, Evidence> findingById, FindingNames names,
                                                List<String> diagnosisKeys) {
        Evidence e = findingById.get(c.subject());
        if (e == null || !c.field().contains("#s")) {
            return Optional.empty();
        }
        FindingNames.Finding f = names.finding(e);
        for (String t : Citations.attachedTexts(c.span(), c.subject())) {
            // "Type 2 diabetes mellitus [ev-hba1c]": evidence cited for a diagnosis of the case, not a finding
            String key = VetoEngine.key(t);
            if (diagnosisKeys.stream().anyMatch(d -> d.length() >= 4 && key.contains(d))) {
                continue;
            }
            if (CitationRelations.hasContent(t) && !CitationRelations.related(names, t, f)) {
                return Optional.of(new CitationRelation(c.id(), c.subject(), f.label(),
                    t.length() > 120 ? "…" + t.substring(t.length() - 120) : t, false));
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------ doses

    private List<DoseBreach> doses(Claim c, Patient p) {
        List<DoseBreach> out = new ArrayList<>();
        Dose d = c.dose();
        List<DoseTable.Row> rows = rowsFor(c);
        if (rows.isEmpty()) {
            return out;
        }
        String drug = c.subject();
        String rowText = rows.get(0).describe();
        if (d != null) {
            String unit = rows.get(0).unit();
            double factor = factor(d.unit(), unit, p);
            if (!Double.isNaN(factor)) {
                double single = d.amount() * factor;
                Double maxSingle = max(rows, DoseTable.Row::maxSingle);
                Double maxDaily = max(rows, DoseTable.Row::maxDaily);
                Double maxWeekly = max(rows, DoseTable.Row::maxWeekly);
                String u = unit.equals("mg/kg") ? "mg" : unit;
                if (maxSingle != null && single > maxSingle * (1 + 1e-9)) {
                    out.add(new DoseBreach(c.id(), drug, "single", num(single) + " " + u + " per dose is above the "
                        + "maximum single dose of " + num(maxSingle) + " " + u, rowText));
                }
                OptionalDouble daily = d.daily();
                if (daily.isPresent()) {
                    double perDay = daily.getAsDouble() * factor;
                    if (maxDaily != null && perDay > maxDaily * (1 + 1e-9)) {
                        out.add(new DoseBreach(c.id(), drug, "daily", num(perDay) + " " + u + " a day is above the "
                            + "maximum daily dose of " + num(maxDaily) + " " + u, rowText));
                    } else if (maxWeekly != null && perDay * 7 > maxWeekly * (1 + 1e-9)) {
                        out.add(new DoseBreach(c.id(), drug, "daily", num(perDay * 7) + " " + u + " a week is above "
                            + "the maximum weekly dose of " + num(maxWeekly) + " " + u, rowText));
                    }
                }
                Double minInterval = min(rows, DoseTable.Row::minIntervalH);
                if (d.frequency() != null && minInterval != null && minInterval < 24) {
                    double interval = 24.0 * d.frequency().periodDays() / d.frequency().count();
                    if (interval < minInterval - 1e-9) {
                        out.add(new DoseBreach(c.id(), drug, "interval", "a dose every " + num(interval) + " h is more "
                            + "often than the minimum interval of " + num(minInterval) + " h", rowText));
                    }
                }
            }
        }
        out.addAll(organLimits(c, rows, p, "renal"));
        out.addAll(organLimits(c, rows, p, "hepatic"));
        return out;
    }

    private static final String N = "(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|[一二两三四五六七八九十]+)";
    private static final Pattern SHORT_COURSE = Pattern.compile("(?i)\\bfor\\s+(?:up\\s+to\\s+|the\\s+next\\s+|a\\s+maximum\\s+of\\s+)?"
        + N + "\\s*(?:-|–|to)?\\s*" + N + "?\\s*days?\\b|\\b" + N + "[-\\s]day\\s+course|\\bshort\\s+course|\\bsingle\\s+dose"
        + "|\\bonce\\s+only|(?:连用|共|疗程|用)\\s*" + N + "\\s*[天日]|" + N + "\\s*[天日](?:疗程|内)|短期");

    private List<DoseBreach> organLimits(Claim c, List<DoseTable.Row> rows, Patient p, String organ) {
        List<DoseBreach> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (DoseTable.Row r : rows) {
            String cell = organ.equals("renal") ? r.renal() : r.hepatic();
            if (!seen.add(cell)) {
                continue;
            }
            for (DoseTable.Clause cl : DoseTable.clauses(cell)) {
                boolean impaired = organ.equals("renal") ? p.renalImpairment() : p.liverDisease;
                if (!DoseTable.holds(cl, organ.equals("renal") ? p.egfr : Double.NaN,
                        organ.equals("renal") ? p.crcl : Double.NaN, organ.equals("renal") && p.dialysis, impaired)) {
                    continue;
                }
                String where = organ.equals("renal") ? p.renalText(cl) : "liver disease on record";
                for (String a : cl.actions()) {
                    String problem = organAction(a, c, r, p);
                    if (problem != null) {
                        out.add(new DoseBreach(c.id(), c.subject(), organ, problem + " (" + cl.text() + "; " + where
                            + ")", r.describe()));
                    }
                }
            }
        }
        return out;
    }

    /** What breaks an organ-limit action, or null. */
    private String organAction(String action, Claim c, DoseTable.Row r, Patient p) {
        String a = action.toLowerCase(Locale.ROOT);
        Dose d = c.dose();
        double factor = d == null ? Double.NaN : factor(d.unit(), r.unit(), p);
        switch (a) {
            case "contraindicated", "avoid" -> {
                return c.subject() + (a.equals("avoid") ? " is to be avoided" : " is contraindicated");
            }
            case "no_start" -> {
                return c.action().equals("start") || c.action().equals("mention") ? c.subject() + " is not to be started"
                    : null;
            }
            case "avoid_prolonged" -> {
                Matcher m = SHORT_COURSE.matcher(c.span());
                if (m.find()) {
                    String n = m.group(2) != null ? m.group(2) : m.group(1) != null ? m.group(1) : m.group(3) != null
                        ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
                    if (n == null || Window.count(n) <= 7) {
                        return null;
                    }
                }
                return c.subject() + " is not for prolonged or open-ended use, and no short course is stated";
            }
            default -> { }
        }
        int eq = a.indexOf('=');
        if (eq < 0 || d == null || Double.isNaN(factor)) {
            return null;
        }
        double limit = Double.parseDouble(a.substring(eq + 1));
        String what = a.substring(0, eq);
        return switch (what) {
            case "max_daily" -> d.daily().isPresent() && d.daily().getAsDouble() * factor > limit * (1 + 1e-9)
                ? num(d.daily().getAsDouble() * factor) + " " + r.unit() + " a day is above " + num(limit) : null;
            case "max_single" -> d.amount() * factor > limit * (1 + 1e-9)
                ? num(d.amount() * factor) + " " + r.unit() + " per dose is above " + num(limit) : null;
            case "start" -> c.action().equals("start") && d.amount() * factor > limit * (1 + 1e-9)
                ? "a starting dose of " + num(d.amount() * factor) + " " + r.unit() + " is above " + num(limit) : null;
            case "min_interval_h" -> d.frequency() != null
                && 24.0 * d.frequency().periodDays() / d.frequency().count() < limit - 1e-9
                ? "a dose every " + num(24.0 * d.frequency().periodDays() / d.frequency().count()) + " h is more often "
                    + "than every " + num(limit) + " h" : null;
            default -> null;
        };
    }

    /** The table rows that apply to a claim: its route, release form and jurisdiction (CN rows for Chinese text). */
    private List<DoseTable.Row> rowsFor(Claim c) {
        List<DoseTable.Row> all = ref.doses().rows(c.subject().equals("insulin") ? "insulin glargine" : c.subject());
        if (all.isEmpty()) {
            return all;
        }
        String route = c.dose() != null && c.dose().route() != null ? c.dose().route() : null;
        List<DoseTable.Row> byRoute = all.stream().filter(r -> route == null ? r.route().contains("oral")
            : r.route().contains(route)).toList();
        if (byRoute.isEmpty()) {
            // no row for the route named (a topical form of an oral drug): the table cannot judge it
            if (route != null) {
                return List.of();
            }
            Set<String> routes = new LinkedHashSet<>();
            all.forEach(r -> routes.add(r.route()));
            if (routes.size() != 1) {
                return List.of();
            }
            byRoute = all;
        }
        boolean er = "ER".equals(c.release());
        boolean loading = c.span().matches("(?is).*(loading|负荷剂量).*");
        List<DoseTable.Row> rows = byRoute.stream()
            .filter(r -> !r.formulation().toLowerCase(Locale.ROOT).contains("otc"))
            .filter(r -> loading || !r.formulation().toLowerCase(Locale.ROOT).contains("loading"))
            .filter(r -> er == isEr(r.formulation()))
            .toList();
        if (rows.isEmpty()) {
            rows = byRoute.stream().filter(r -> !r.formulation().toLowerCase(Locale.ROOT).contains("loading")
                || loading).toList();
        }
        // the US rows unless the table has none for the drug (a drug licensed in China only): the patient's
        // jurisdiction is not known to the veto yet (per-EHR locale, issue 20), and the language of the text is not it
        List<DoseTable.Row> us = rows.stream().filter(r -> !r.jurisdiction().equals("CN")).toList();
        return !us.isEmpty() ? us : rows;
    }

    private static boolean isEr(String formulation) {
        String f = formulation.toLowerCase(Locale.ROOT);
        return f.startsWith("er") || f.contains(" er") || f.contains("extended") || f.contains("modified release")
            || f.startsWith("mr ") || f.contains("xr") || f.contains("xl") || f.contains("sustained");
    }

    /** Factor from the claim's dose unit to the row's unit (per kg: the patient's weight); NaN when incomparable. */
    private static double factor(String doseUnit, String rowUnit, Patient p) {
        String du = Units.normalise(doseUnit).toLowerCase(Locale.ROOT);
        String ru = rowUnit.toLowerCase(Locale.ROOT);
        double perKg = 1;
        if (ru.equals("mg/kg")) {
            if (p.facts.weightKg() == null) {
                return Double.NaN;
            }
            ru = "mg";
            perKg = 1 / p.facts.weightKg();
        }
        OptionalDouble from = Units.toMilligrams(1, du);
        OptionalDouble to = Units.toMilligrams(1, ru);
        if (from.isPresent() && to.isPresent()) {
            return from.getAsDouble() / to.getAsDouble() * perKg;
        }
        return du.equals(ru) || (du.equals("units") && ru.equals("units")) ? perKg : Double.NaN;
    }

    private static Double max(List<DoseTable.Row> rows, java.util.function.Function<DoseTable.Row, Double> f) {
        Double out = null;
        for (DoseTable.Row r : rows) {
            Double v = f.apply(r);
            if (v == null) {
                return null; // a row without a ceiling: the table cannot judge this dose
            }
            out = out == null ? v : Math.max(out, v);
        }
        return out;
    }

    private static Double min(List<DoseTable.Row> rows, java.util.function.Function<DoseTable.Row, Double> f) {
        Double out = null;
        for (DoseTable.Row r : rows) {
            Double v = f.apply(r);
            if (v == null) {
                return null;
            }
            out = out == null ? v : Math.min(out, v);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ drug–condition

    private List<DrugConditionHit> conditions(Claim c, Patient p) {
        List<DrugConditionHit> out = new ArrayList<>();
        String route = c.dose() == null ? null : c.dose().route();
        Set<String> classes = classesOf(c.subject());
        for (DrugCondition row : ref.conditions()) {
            if (row.systemicOnly() && route != null && !route.equals("intravenous") && !route.equals("subcutaneous")
                && !route.equals("intramuscular")) {
                continue;
            }
            if (row.drugs().stream().noneMatch(x -> classes.contains(x) || x.equalsIgnoreCase(c.subject()))) {
                continue;
            }
            List<String> found = new ArrayList<>();
            boolean all = true;
            for (String cond : row.condition()) {
                String f = p.matches(cond);
                if (f == null) {
                    all = false;
                    break;
                }
                found.add(f);
            }
            if (all) {
                out.add(new DrugConditionHit(c.id(), c.subject(), row.id(), String.join(" and ", found), row.citation()));
            }
        }
        return out;
    }

    private Set<String> classesOf(String ingredient) {
        Set<String> out = new LinkedHashSet<>();
        terminology.ingredient(ingredient).ifPresent(i -> out.addAll(i.classes()));
        out.addAll(ref.classes().getOrDefault(ingredient, Set.of()));
        return out;
    }

    // ------------------------------------------------------------------------------------------ directives

    private MedicationDirective directive(Claim c, List<Claim> claims, Map<String, List<Veto>> sofar, PatientFacts facts,
                                          Patient p) {
        String drug = c.subject().substring("medication:".length());
        String change = c.unit() == null ? "change" : c.unit();
        String wording = c.action() == null ? "imperative" : c.action();
        boolean allowed = false;
        if (wording.equals("imperative")) {
            if (change.equals("stop")) {
                allowed = flagged(drug, facts, p);
            } else {
                Claim med = claims.stream().filter(m -> m.kind() == Claim.Kind.MEDICATION && m.field().equals(c.field())
                    && m.subject().equals(drug) && m.dose() != null).findFirst().orElse(null);
                boolean span = c.span().matches("(?is).*\\b(double|triple|halve|doubl\\w+)\\b.*") || c.span().matches(
                    "(?s).*(加倍|翻倍|减半).*");
                boolean perKg = c.span().matches("(?is).*\\d\\s*(?:units?|iu|mg|mcg|µg)\\s*/\\s*kg.*");
                if (med == null && perKg) {
                    med = claims.stream().filter(m -> m.kind() == Claim.Kind.MEDICATION && m.field().equals(c.field())
                        && m.subject().equals(drug)).findFirst().orElse(null);
                }
                allowed = med != null && !span && sofar.getOrDefault(med.id(), List.of()).isEmpty()
                    && doses(med, p).isEmpty() && conditions(med, p).isEmpty()
                    && (terminology.ingredient(drug).isPresent() || ref.doses().limits(drug));
            }
        }
        return new MedicationDirective(c.id(), drug, change, wording, allowed);
    }

    /** True when the rules flag the drug for this patient (so that stopping it is what a rule asks). */
    private boolean flagged(String drug, PatientFacts facts, Patient p) {
        Claim probe = new Claim("probe", Claim.Kind.MEDICATION, "probe", "", drug, "start", false, null, null, null);
        if (!conditions(probe, p).isEmpty() || organLimits(probe, rowsFor(probe), p, "renal").stream()
                .anyMatch(b -> b.detail().contains("avoided") || b.detail().contains("contraindicated"))) {
            return true;
        }
        List<Code> codes = terminology.ingredient(drug).map(Terminology.Ingredient::rxcui).filter(r -> !r.isEmpty())
            .map(r -> List.of(new Code(Code.RXNORM, r, drug))).orElse(List.of());
        String id = "veto-probe-stop";
        PatientFacts probeFacts = facts.toBuilder().draftOrder(new Medication(id, codes, drug, null,
            MedicationStatus.DRAFT, facts.asOf())).build();
        for (RuleFinding f : guidelines.evaluate(probeFacts).findings()) {
            boolean about = f.triggeredBy().stream().anyMatch(t -> t.startsWith("MedicationRequest/" + id + " "))
                || (f.action() != null && id.equals(f.action().targetMedicationId()));
            if (about && (f.severity() == Severity.CRITICAL || f.action() != null)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ the patient

    /** A recorded result of a kind: its value in the kind's unit (NaN when none or not convertible). */
    private record Recorded(double canonical, Double raw, String unit, String text, double daysAgo) {
        String show() {
            return raw == null ? (text == null ? "present" : text) : num(raw) + (unit == null ? "" : " " + unit)
                + (daysAgo < 0 ? "" : ", " + Math.round(daysAgo) + " days ago");
        }
    }

    /** What the checks read from the record, computed once per review. */
    private final class Patient {
        final PatientFacts facts;
        final double egfr;
        final double crcl;
        final boolean dialysis;
        final boolean ckd;
        final boolean liverDisease;
        final Set<String> activeClasses = new LinkedHashSet<>();
        private final Map<String, List<Recorded>> recorded = new HashMap<>();

        Patient(PatientFacts facts) {
            this.facts = facts;
            double e = Double.NaN;
            double cr = Double.NaN;
            Instant eAt = Instant.MIN;
            Instant crAt = Instant.MIN;
            for (Observation o : facts.observations()) {
                Set<String> kinds = new LinkedHashSet<>(ref.results().kindsOf(o));
                o.codes().forEach(code -> terminology.labKind(code).ifPresent(kinds::add));
                for (String k : kinds) {
                    double days = o.effective() == null ? -1
                        : Duration.between(o.effective(), facts.asOf()).toMinutes() / 1440.0;
                    double canonical = Double.NaN;
                    if (o.value() != null) {
                        OptionalDouble cv = canonicalRecorded(k, o);
                        canonical = cv.isPresent() ? cv.getAsDouble() : Double.NaN;
                    }
                    String text = o.valueText() != null ? o.valueText() : o.valueCode() != null ? o.valueCode().display()
                        : null;
                    recorded.computeIfAbsent(k, x -> new ArrayList<>()).add(new Recorded(canonical, o.value(), o.unit(),
                        text, days));
                    Instant at = o.effective() == null ? Instant.MIN.plusSeconds(1) : o.effective();
                    if (k.equals("EGFR") && o.value() != null && !at.isBefore(eAt)) {
                        e = o.value();
                        eAt = at;
                    }
                    if (k.equals("CREATININE") && o.value() != null && !at.isBefore(crAt)) {
                        OptionalDouble mg = canonicalRecorded(k, o);
                        if (mg.isPresent()) {
                            cr = mg.getAsDouble();
                            crAt = at;
                        }
                    }
                }
            }
            if (facts.weightKg() != null) {
                recorded.computeIfAbsent("WEIGHT", x -> new ArrayList<>()).add(new Recorded(facts.weightKg(),
                    facts.weightKg(), "kg", null, -1));
            }
            this.egfr = e;
            // Cockcroft-Gault creatinine clearance (mL/min) where the labels state CrCl: age, weight, sex, creatinine
            double cg = Double.NaN;
            if (!Double.isNaN(cr) && cr > 0 && facts.ageYears() != null && facts.weightKg() != null
                && (facts.sex() == Sex.MALE || facts.sex() == Sex.FEMALE)) {
                cg = (140 - facts.ageYears()) * facts.weightKg() / (72 * cr) * (facts.sex() == Sex.FEMALE ? 0.85 : 1);
            }
            this.crcl = cg;
            boolean dia = false;
            boolean k = false;
            boolean liver = false;
            for (Condition c : facts.conditions()) {
                if (!c.active()) {
                    continue;
                }
                for (Code code : c.codes()) {
                    for (Terminology.ConditionTag t : terminology.conditionTags(code)) {
                        dia |= t.tag().equals("DIALYSIS");
                        k |= t.tag().equals("CHRONIC_KIDNEY_DISEASE");
                        liver |= t.tag().equals("LIVER_DISEASE");
                    }
                }
            }
            this.dialysis = dia;
            this.ckd = k;
            this.liverDisease = liver;
            for (Medication m : facts.activeMedications()) {
                for (String ing : ingredients(m)) {
                    activeClasses.addAll(classesOf(ing));
                    activeClasses.add(ing.toUpperCase(Locale.ROOT));
                }
            }
        }

        /**
         * A recorded value in the kind's unit: for the kinds the rules read, by {@link LabValues} (the rules' one
         * canonicalisation: no unit is used only where the LOINC property fixes one); else by the result-kinds table.
         */
        private OptionalDouble canonicalRecorded(String kind, Observation o) {
            Optional<LabValues.Reading> r = LabValues.read(terminology, o);
            if (r.isPresent() && r.get().kind().equals(kind)) {
                return r.get().usable() ? OptionalDouble.of(r.get().value()) : OptionalDouble.empty();
            }
            return ref.results().canonical(kind, o.value(), o.unit());
        }

        List<Recorded> recorded(String kind) {
            return recorded.getOrDefault(kind, List.of());
        }

        boolean renalImpairment() {
            return ckd || dialysis || (!Double.isNaN(egfr) && egfr < 60);
        }

        String renalText(DoseTable.Clause c) {
            if (c.metric().equals("crcl")) {
                return Double.isNaN(crcl) ? "eGFR " + num(egfr) + " read as creatinine clearance (no Cockcroft-Gault "
                    + "inputs)" : "creatinine clearance " + num(Math.round(crcl * 10) / 10.0) + " mL/min (Cockcroft-Gault)";
            }
            return c.metric().equals("egfr") ? "eGFR " + num(egfr) : c.metric().equals("dialysis") ? "on dialysis"
                : "renal impairment on record";
        }

        /** The record's match for one condition of drug-conditions.csv ("eGFR 38"), or null. */
        String matches(String cond) {
            String c = cond.strip();
            Matcher e = Pattern.compile("(?i)^(egfr|crcl)\\s*(<=|>=|<|>)\\s*(\\d+(?:\\.\\d+)?)$").matcher(c);
            if (e.matches()) {
                double v = e.group(1).equalsIgnoreCase("crcl") && !Double.isNaN(crcl) ? crcl : egfr;
                double t = Double.parseDouble(e.group(3));
                boolean ok = !Double.isNaN(v) && switch (e.group(2)) {
                    case "<" -> v < t;
                    case "<=" -> v <= t;
                    case ">" -> v > t;
                    default -> v >= t;
                };
                return ok ? (e.group(1).toLowerCase(Locale.ROOT).equals("crcl") ? "CrCl " : "eGFR ") + num(v) : null;
            }
            if (c.regionMatches(true, 0, "active:", 0, 7)) {
                for (String cls : c.substring(7).split("\\|")) {
                    if (activeClasses.contains(cls.strip().toUpperCase(Locale.ROOT))) {
                        return "an active " + cls.strip().toLowerCase(Locale.ROOT).replace('_', ' ') + " medication";
                    }
                }
                return null;
            }
            if (c.regionMatches(true, 0, "tag:", 0, 4)) {
                String tag = c.substring(4).strip();
                for (Condition k : facts.conditions()) {
                    if (k.active() && k.codes().stream().anyMatch(code -> terminology.conditionTags(code).stream()
                        .anyMatch(t -> t.tag().equals(tag)))) {
                        return tag.toLowerCase(Locale.ROOT).replace('_', ' ') + " on record";
                    }
                }
                return null;
            }
            Matcher a = Pattern.compile("(?i)^age\\s*(>=|>)\\s*(\\d+)$").matcher(c);
            if (a.matches() && facts.ageYears() != null) {
                int t = Integer.parseInt(a.group(2));
                return (a.group(1).equals(">=") ? facts.ageYears() >= t : facts.ageYears() > t) ? "age "
                    + facts.ageYears() : null;
            }
            return null;
        }
    }

    /** The ingredients of an active medication: from its RxNorm code, else from its text. */
    private Set<String> ingredients(Medication m) {
        Set<String> out = new LinkedHashSet<>();
        String rx = m.rxnorm();
        if (rx != null) {
            terminology.components(rx).forEach(c -> out.add(c.ingredient()));
        }
        String text = (m.text() == null ? "" : m.text()) + " " + m.codes().stream().map(Code::display)
            .filter(java.util.Objects::nonNull).reduce("", (x, y) -> x + " " + y);
        out.addAll(terminology.ingredientsInText(text));
        String lower = " " + text.toLowerCase(Locale.ROOT) + " ";
        for (String name : ref.classes().keySet()) {
            if (lower.contains(name) && CLASS_NAMES.computeIfAbsent(name,
                n -> Pattern.compile("[^\\p{L}]" + Pattern.quote(n) + "[^\\p{L}]")).matcher(lower).find()) {
                out.add(name);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ time windows

    /** The time a sentence names for its results ("today", "6 weeks ago", "一个月前"): one, or none (any time). */
    private record Window(double from, double to, String text) {
        private static final Pattern AGO = Pattern.compile("(?i)\\b(\\d+(?:\\.\\d+)?|a|an|one|two|three|four|five|six|"
            + "seven|eight|nine|ten|twelve)\\s+(day|week|month|year)s?\\s+(?:ago|earlier|before)\\b"
            + "|(\\d+|[一二两三四五六七八九十半]+)\\s*(天|日|周|星期|个月|月|年)(?:前|以前)");
        private static final Pattern NOW = Pattern.compile("(?i)\\b(today|this\\s+morning|tonight|this\\s+evening|"
            + "currently|on\\s+admission|right\\s+now)\\b|今天|今日|今晨|当日|目前");
        private static final Pattern YESTERDAY = Pattern.compile("(?i)\\byesterday\\b|昨天|昨日");
        static final Window ANY = new Window(-1e9, 1e9, "");

        static Window of(String sentence) {
            List<Window> found = new ArrayList<>();
            String s = sentence == null ? "" : sentence;
            Matcher a = AGO.matcher(s);
            while (a.find()) {
                double n;
                String unit;
                if (a.group(1) != null) {
                    n = words(a.group(1));
                    unit = a.group(2).toLowerCase(Locale.ROOT);
                } else {
                    n = chinese(a.group(3));
                    unit = switch (a.group(4)) {
                        case "周", "星期" -> "week";
                        case "个月", "月" -> "month";
                        case "年" -> "year";
                        default -> "day";
                    };
                }
                double days = n * switch (unit) {
                    case "week" -> 7;
                    case "month" -> 30.4;
                    case "year" -> 365;
                    default -> 1;
                };
                found.add(new Window(Math.max(0, days * 0.5 - 1), days * 1.5 + 1, a.group()));
            }
            Matcher now = NOW.matcher(s);
            if (now.find()) {
                found.add(new Window(-1, 1.5, now.group()));
            }
            Matcher y = YESTERDAY.matcher(s);
            if (y.find()) {
                found.add(new Window(0.3, 2.5, y.group()));
            }
            return found.size() == 1 ? found.get(0) : ANY;
        }

        boolean contains(double daysAgo) {
            return daysAgo < 0 || (daysAgo >= from && daysAgo <= to);
        }

        /** A count written in digits, English words or Chinese numerals. */
        static double count(String n) {
            String w = n.toLowerCase(Locale.ROOT);
            return w.matches("[a-z]+") ? words(w) : chinese(w);
        }

        private static double chinese(String n) {
            if (n.matches("\\d+")) {
                return Double.parseDouble(n);
            }
            if (n.equals("半")) {
                return 0.5;
            }
            int v = 0;
            int cur = 0;
            for (char ch : n.toCharArray()) {
                int d = "零一二三四五六七八九".indexOf(ch);
                if (ch == '两') {
                    d = 2;
                }
                if (d >= 0) {
                    cur = d;
                } else if (ch == '十') {
                    v += (cur == 0 ? 1 : cur) * 10;
                    cur = 0;
                }
            }
            return v + cur;
        }

        private static double words(String w) {
            return switch (w.toLowerCase(Locale.ROOT)) {
                case "a", "an", "one" -> 1;
                case "two" -> 2;
                case "three" -> 3;
                case "four" -> 4;
                case "five" -> 5;
                case "six" -> 6;
                case "seven" -> 7;
                case "eight" -> 8;
                case "nine" -> 9;
                case "ten" -> 10;
                case "twelve" -> 12;
                default -> Double.parseDouble(w);
            };
        }
    }

    // ------------------------------------------------------------------------------------------ loading

    static Reference reference() {
        Reference r = reference;
        if (r == null) {
            synchronized (ProseChecks.class) {
                r = reference;
                if (r == null) {
                    r = load();
                    reference = r;
                }
            }
        }
        return r;
    }

    private static Reference load() {
        String results = resource("result-kinds.csv");
        String doses = resource("dose-limits.csv");
        String conditions = resource("drug-conditions.csv");
        String classes = resource("drug-classes.csv");
        try {
            List<DrugCondition> rows = new ArrayList<>();
            for (Terminology.Row r : Terminology.readCsv("drug-conditions.csv", conditions, "id", "drugs", "routes",
                    "condition", "action", "citation")) {
                Set<String> drugs = new LinkedHashSet<>();
                for (String d : r.req("drugs").split("\\|")) {
                    drugs.add(d.strip());
                }
                List<String> cond = new ArrayList<>();
                for (String c : r.req("condition").split("&")) {
                    cond.add(c.strip());
                }
                rows.add(new DrugCondition(r.req("id"), Set.copyOf(drugs), r.opt("routes").equals("systemic"),
                    List.copyOf(cond), r.req("action"), r.req("citation")));
            }
            Map<String, Set<String>> cls = new HashMap<>();
            for (Terminology.Row r : Terminology.readCsv("drug-classes.csv", classes, "ingredient", "classes")) {
                Set<String> s = new LinkedHashSet<>();
                for (String c : r.req("classes").split(";")) {
                    s.add(c.strip());
                }
                cls.put(r.req("ingredient").toLowerCase(Locale.ROOT), Set.copyOf(s));
            }
            return new Reference(ResultKinds.parse(results), DoseTable.parse(doses), List.copyOf(rows), Map.copyOf(cls),
                sha(results + doses + conditions + classes));
        } catch (DxGuardException | IllegalArgumentException e) {
            throw new DxGuardException(VetoErrors.REFERENCE_INVALID, "the veto's reference tables are broken: "
                + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ProseChecks.class.getResourceAsStream(RES + name)) {
            if (in == null) {
                throw new DxGuardException(VetoErrors.REFERENCE_INVALID, RES + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DxGuardException(VetoErrors.REFERENCE_INVALID, "cannot read " + name + ": " + e, e);
        }
    }

    private static String sha(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String num(double v) {
        return BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }
}
