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
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.model.Units;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.facts.AllergyFact;
import org.dxguard.rules.facts.ConditionFact;
import org.dxguard.rules.facts.DrugFact;
import org.dxguard.rules.facts.LabFact;
import org.dxguard.rules.facts.PatientFact;

/**
 * Turns {@link PatientFacts} into the normalised facts rules match on: one {@link PatientFact}, one
 * {@link DrugFact} per ingredient of each active medication and draft order, {@link LabFact}s for known lab kinds
 * (the latest of each kind plus every result of the last {@value #RECENT_DAYS} days), one {@link ConditionFact} per
 * tag of each active condition and one {@link AllergyFact} per active allergy that resolves to a drug.
 */
public final class FactBuilder {
    /** Results younger than this are inserted even when not the latest (hypoglycaemia rules look back 14 days). */
    public static final int RECENT_DAYS = 30;

    /** The facts of one request and the medications by id (for dose-change suggestions). */
    public record FactSet(List<Object> facts, Map<String, Medication> medsById) {}

    private final Terminology terminology;

    public FactBuilder(Terminology terminology) {
        this.terminology = terminology;
    }

    public FactSet build(PatientFacts p) {
        List<Object> out = new ArrayList<>(64);
        Map<String, Medication> meds = new HashMap<>();
        List<ConditionFact> conds = conditions(p);
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
                continue;
            }
            meds.put(id, m);
            drugs(id, m, false, seq, out);
        }
        idx = 0;
        for (Medication m : p.draftOrders()) {
            String id = m.id() == null ? "draft-" + idx : m.id();
            idx++;
            meds.put(id, m);
            drugs(id, m, true, seq, out);
        }
        labs(p, out);
        allergies(p, out);
        return new FactSet(out, meds);
    }

    // ------------------------------------------------------------ medications

    private void drugs(String id, Medication m, boolean draft, int[] seq, List<Object> out) {
        String rxcui = m.rxnorm();
        List<Terminology.DrugComponent> comps = new ArrayList<>(terminology.components(rxcui));
        if (comps.isEmpty()) {
            for (Code c : m.codes()) {
                if (Code.RXNORM.equals(c.system()) && !c.code().equals(rxcui)) {
                    comps.addAll(terminology.components(c.code()));
                }
            }
        }
        if (comps.isEmpty()) {
            Set<String> names = new LinkedHashSet<>(terminology.ingredientsInText(m.text()));
            for (Code c : m.codes()) {
                names.addAll(terminology.ingredientsInText(c.display()));
            }
            for (String n : names) {
                comps.add(new Terminology.DrugComponent("", n, 0, "", isErText(m.text()), n));
            }
        }
        String display = m.text() != null ? m.text()
            : m.codes().stream().map(Code::display).filter(d -> d != null).findFirst().orElse(rxcui == null ? "medication" : "RxNorm " + rxcui);
        if (comps.isEmpty()) {
            // unknown drug: still a fact, so "unknown drug" rules could match it; no classes
            out.add(new DrugFact(id, seq[0]++, rxcui, "", Set.of(), Set.of(), draft, "IR", -1, -1, amount(m.dose()),
                unit(m.dose()), perDay(m.dose()), display));
            return;
        }
        boolean single = comps.size() == 1;
        for (Terminology.DrugComponent c : comps) {
            Optional<Terminology.Ingredient> ing = terminology.ingredient(c.ingredient());
            Set<String> classes = ing.map(Terminology.Ingredient::classes).orElse(Set.of());
            Set<String> flags = new HashSet<>(ing.map(Terminology.Ingredient::flags).orElse(Set.of()));
            if (c.extendedRelease()) {
                flags.add("ER");
            }
            if (!single && classes.contains("INSULIN")) {
                flags.add("PREMIXED");
            }
            double dailyMg = -1;
            double dailyUnits = -1;
            Dose d = m.dose();
            if (d != null) {
                double daily = d.dailyAmount();
                String u = d.unit();
                OptionalDouble mg = Units.toMilligrams(daily, u);
                if (mg.isPresent()) {
                    if (single) {
                        dailyMg = mg.getAsDouble();
                    }
                } else if ("units".equals(u)) {
                    dailyUnits = daily;
                } else if (isCountUnit(u) && "mg".equals(c.unit()) && c.strength() > 0) {
                    dailyMg = daily * c.strength();
                } else if ("ml".equals(u.toLowerCase(Locale.ROOT)) && c.strength() > 0) {
                    if ("mg/mL".equals(c.unit())) {
                        dailyMg = daily * c.strength();
                    } else if ("units/mL".equals(c.unit())) {
                        dailyUnits = daily * c.strength();
                    }
                }
            }
            out.add(new DrugFact(id, seq[0]++, rxcui, c.ingredient(), classes, flags, draft,
                flags.contains("ER") ? "ER" : "IR", dailyMg, dailyUnits,
                amount(d), unit(d), perDay(d), c.name() == null || c.name().isEmpty() ? display : c.name()));
        }
    }

    private static boolean isErText(String text) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("extended release") || t.contains(" er ") || t.endsWith(" er") || t.contains(" xr");
    }

    private static boolean isCountUnit(String u) {
        String x = u.toLowerCase(Locale.ROOT).replace("{", "").replace("}", "");
        return x.startsWith("tab") || x.startsWith("cap") || x.equals("each") || x.equals("1") || x.equals("pill");
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

    private List<ConditionFact> conditions(PatientFacts p) {
        List<ConditionFact> out = new ArrayList<>();
        int idx = 0;
        for (Condition c : p.conditions()) {
            String id = c.id() == null ? "condition-" + idx : c.id();
            idx++;
            if (!c.active()) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (Code code : c.codes()) {
                for (Terminology.ConditionTag t : terminology.conditionTags(code)) {
                    if (seen.add(t.tag())) {
                        String disp = code.display() != null ? code.display() : t.display();
                        out.add(new ConditionFact(id, out.size(), t.tag(), Terminology.shortSystem(code.system()) + " " + code.code(),
                            disp == null ? t.tag() : disp));
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------ labs

    private void labs(PatientFacts p, List<Object> out) {
        Map<String, List<Observation>> byKind = new LinkedHashMap<>();
        // by identity: the same observation object, and a record's hashCode would hash all its fields
        Map<Observation, String> loincOf = new IdentityHashMap<>();
        for (Observation o : p.observations()) {
            if (o.value() == null) {
                continue;
            }
            for (Code c : o.codes()) {
                Optional<String> kind = terminology.labKind(c);
                if (kind.isPresent()) {
                    byKind.computeIfAbsent(kind.get(), k -> new ArrayList<>()).add(o);
                    loincOf.put(o, c.code());
                    break;
                }
            }
        }
        Instant asOf = p.asOf();
        int idx = 0;
        for (Map.Entry<String, List<Observation>> e : byKind.entrySet()) {
            String kind = e.getKey();
            Observation latest = e.getValue().stream().filter(o -> o.effective() != null)
                .max(Comparator.comparing(Observation::effective)).orElse(e.getValue().get(0));
            for (Observation o : e.getValue()) {
                long age = o.effective() == null ? -1 : Math.max(0, Duration.between(o.effective(), asOf).toDays());
                boolean isLatest = o == latest;
                if (!isLatest && (age < 0 || age > RECENT_DAYS)) {
                    continue;
                }
                OptionalDouble v = canonical(kind, o.value(), o.unit());
                if (v.isEmpty()) {
                    continue;
                }
                String id = o.id() == null ? "observation-" + idx++ : o.id();
                String date = o.effective() == null ? "" : o.effective().atOffset(ZoneOffset.UTC).toLocalDate().toString();
                out.add(new LabFact(id, kind, loincOf.get(o), v.getAsDouble(), canonicalUnit(kind, o.unit()), age,
                    isLatest, date));
            }
        }
    }

    private static OptionalDouble canonical(String kind, double value, String unit) {
        return switch (kind) {
            case "GLUCOSE" -> unit == null ? OptionalDouble.of(value) : Units.glucoseMgPerDl(value, unit);
            case "CREATININE" -> unit == null ? OptionalDouble.of(value) : Units.creatinineMgPerDl(value, unit);
            case "HBA1C" -> unit != null && Units.normalise(unit).equalsIgnoreCase("mmol/mol")
                ? OptionalDouble.of(value / 10.929 + 2.15) : OptionalDouble.of(value);
            default -> OptionalDouble.of(value);
        };
    }

    private static String canonicalUnit(String kind, String unit) {
        return switch (kind) {
            case "EGFR" -> "mL/min/{1.73_m2}";
            case "GLUCOSE", "CREATININE" -> "mg/dL";
            case "HBA1C" -> "%";
            default -> unit == null ? "" : unit;
        };
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
