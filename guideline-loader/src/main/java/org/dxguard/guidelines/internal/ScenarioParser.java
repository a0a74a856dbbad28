package org.dxguard.guidelines.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.guidelines.GuidelineErrors;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.model.Sex;

/** Reads scenario YAML (see guidelines/README.md) into {@link Scenario}s. */
public final class ScenarioParser {
    /** The moment scenarios describe unless they set {@code asOf}; "days ago" counts back from it. */
    public static final Instant DEFAULT_AS_OF = Instant.parse("2025-06-01T12:00:00Z");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SCENARIO_KEYS = Set.of("name", "description", "given", "expect", "asOf");
    private static final Set<String> GIVEN_KEYS = Set.of("age", "sex", "weightKg", "pregnancy", "conditions",
        "observations", "activeMedications", "draftOrders", "allergies", "familyHistory", "encounter");
    private static final Set<String> ENCOUNTER_KEYS = Set.of("id", "class", "status");
    private static final Set<String> EXPECT_KEYS = Set.of("fired", "notFired", "silent");
    private static final Pattern DOSE = Pattern.compile(
        "^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z{}\\[\\]/]+)\\s*(.*)$");

    private ScenarioParser() {}

    public static List<Scenario> parse(String packageId, String file, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (Exception e) {
            throw invalid(file, null, "not valid YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw invalid(file, null, "the file is empty");
        }
        List<Scenario> out = new ArrayList<>();
        JsonNode list = root.isObject() && root.has("scenarios") ? root.get("scenarios") : root;
        if (list.isArray()) {
            for (JsonNode n : list) {
                out.add(one(packageId, file, n));
            }
        } else {
            out.add(one(packageId, file, list));
        }
        return out;
    }

    private static Scenario one(String packageId, String file, JsonNode n) {
        String name = text(n, "name");
        if (name == null) {
            throw invalid(file, null, "every scenario needs a 'name'");
        }
        unknownKeys(file, name, n, SCENARIO_KEYS, "scenario");
        try {
            Instant asOf = n.has("asOf") ? Instant.parse(n.get("asOf").asText()) : DEFAULT_AS_OF;
            JsonNode g = n.path("given");
            unknownKeys(file, name, g, GIVEN_KEYS, "given");
            PatientFacts.Builder b = PatientFacts.builder().asOf(asOf).patientRef("scenario");
            if (g.has("age")) {
                b.ageYears(g.get("age").asInt());
            }
            if (g.has("sex")) {
                b.sex(Sex.valueOf(g.get("sex").asText().toUpperCase(Locale.ROOT)));
            }
            if (g.has("weightKg")) {
                b.weightKg(g.get("weightKg").asDouble());
            }
            if (g.has("pregnancy")) {
                String p = g.get("pregnancy").asText().toUpperCase(Locale.ROOT).replace('-', '_');
                b.pregnancy(p.equals("TRUE") || p.equals("YES") ? PregnancyStatus.PREGNANT
                    : p.equals("FALSE") || p.equals("NO") ? PregnancyStatus.NOT_PREGNANT : PregnancyStatus.valueOf(p));
            }
            if (g.has("encounter")) {
                // the visit going on now: {class: IMP, status: in-progress} (HL7 v3 ActCode class; status default
                // in-progress); absent = unknown whether the patient is in hospital
                JsonNode enc = g.get("encounter");
                unknownKeys(file, name, enc, ENCOUNTER_KEYS, "encounter");
                b.currentEncounter(new org.dxguard.model.Encounter(idOr(enc, "enc-1"), text(enc, "class"),
                    enc.has("status") ? text(enc, "status") : "in-progress", null));
            }
            int i = 0;
            for (JsonNode c : g.path("conditions")) {
                boolean active = !c.has("active") || c.get("active").asBoolean();
                boolean history = false;
                if (c.has("status")) {
                    // FHIR clinicalStatus, or refuted / entered-in-error (verificationStatus): never counted
                    String st = c.get("status").asText();
                    active = Set.of("active", "recurrence", "relapse").contains(st);
                    history = Set.of("resolved", "inactive", "remission").contains(st);
                    if (!active && !history && !Set.of("refuted", "entered-in-error").contains(st)) {
                        throw invalid(file, name, "condition status '" + st + "' is not active, recurrence, relapse, "
                            + "resolved, inactive, remission, refuted or entered-in-error");
                    }
                }
                List<Code> condCodes = c.has("code") ? List.of(code(c, "SNOMED")) : List.of();
                java.time.LocalDate onset = c.has("onsetDaysAgo")
                    ? java.time.LocalDate.ofInstant(asOf, java.time.ZoneOffset.UTC).minusDays(c.get("onsetDaysAgo").asLong())
                    : null;
                b.condition(new Condition(idOr(c, "cond-" + (++i)), condCodes, text(c, "text"), active, onset, history));
            }
            i = 0;
            for (JsonNode c : g.path("familyHistory")) {
                List<Code> fhCodes = c.has("code") ? List.of(code(c, "SNOMED")) : List.of();
                b.familyHistory(new Condition(idOr(c, "family-" + (++i)), fhCodes, text(c, "text"), true, null));
            }
            i = 0;
            for (JsonNode o : g.path("observations")) {
                Instant eff = o.has("daysAgo") ? asOf.minus(Duration.ofDays(o.get("daysAgo").asLong())) : null;
                if (!o.has("value")) {
                    throw new IllegalArgumentException("an observation needs a 'value': " + o);
                }
                // referenceHigh: the upper limit of the lab's reference range, in the value's unit (issue 16, ALT)
                b.observation(new Observation(idOr(o, "obs-" + (++i)), List.of(code(o, "LOINC")),
                    o.get("value").asDouble(), text(o, "unit"), null, null, eff,
                    o.has("referenceHigh") ? o.get("referenceHigh").asDouble() : null));
            }
            i = 0;
            for (JsonNode m : g.path("activeMedications")) {
                b.activeMedication(med(m, "med-" + (++i), MedicationStatus.ACTIVE, asOf));
            }
            i = 0;
            for (JsonNode m : g.path("draftOrders")) {
                b.draftOrder(med(m, "draft-" + (++i), MedicationStatus.DRAFT, asOf));
            }
            i = 0;
            for (JsonNode a : g.path("allergies")) {
                boolean active = !a.has("active") || a.get("active").asBoolean();
                boolean high = "high".equalsIgnoreCase(text(a, "criticality"));
                List<Code> codes = a.has("code") || a.has("rxnorm") ? List.of(code(a, "RXNORM")) : List.of();
                b.allergy(new Allergy(idOr(a, "allergy-" + (++i)), codes, text(a, "text"), active, high));
            }
            JsonNode e = n.path("expect");
            unknownKeys(file, name, e, EXPECT_KEYS, "expect");
            List<Scenario.Expectation> fired = new ArrayList<>();
            for (JsonNode f : e.path("fired")) {
                if (f.isTextual()) {
                    fired.add(new Scenario.Expectation(f.asText(), null, null));
                } else {
                    fired.add(new Scenario.Expectation(text(f, "rule"), text(f, "severity"), text(f, "action")));
                }
            }
            List<String> notFired = new ArrayList<>();
            e.path("notFired").forEach(x -> notFired.add(x.asText()));
            boolean silent = e.path("silent").asBoolean(false);
            if (fired.isEmpty() && notFired.isEmpty() && !silent) {
                throw invalid(file, name, "'expect' needs 'fired', 'notFired' or 'silent: true'");
            }
            if (silent && !fired.isEmpty()) {
                throw invalid(file, name, "'silent: true' contradicts 'fired'");
            }
            return new Scenario(packageId, file, name, text(n, "description"), b.build(), fired, notFired, silent);
        } catch (DxGuardException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw invalid(file, name, ex.getMessage());
        }
    }

    private static final Set<String> MED_KEYS = Set.of("id", "rxnorm", "code", "system", "display", "text", "dose",
        "doseText", "source", "stoppedDaysAgo");

    /**
     * A medication: {@code rxnorm} (or {@code code} + {@code system}), {@code text}, a structured {@code dose}
     * ({@code "500 mg bid"}, {@code "1 {pill} tid"}) or a sig in {@code doseText} read as an EHR's
     * {@code dosageInstruction.text} ("每次0.5g，每日2次"; unreadable = no dose), {@code source}
     * (MedicationStatement, MedicationDispense…) and, for an active medication, {@code stoppedDaysAgo} (stopped then).
     */
    private static Medication med(JsonNode m, String dflt, MedicationStatus status, Instant asOf) {
        if (m.isObject()) {
            Iterator<String> it = m.fieldNames();
            while (it.hasNext()) {
                String k = it.next();
                if (!MED_KEYS.contains(k)) {
                    throw new IllegalArgumentException("unknown key '" + k + "' in a medication (allowed: " + MED_KEYS + ")");
                }
            }
        }
        List<Code> codes = m.has("rxnorm") || m.has("code") ? List.of(code(m, "RXNORM")) : List.of();
        Dose dose = m.has("dose") ? dose(m.get("dose").asText())
            : m.has("doseText") ? org.dxguard.model.DoseText.parse(m.get("doseText").asText()).orElse(null) : null;
        Instant ended = null;
        if (m.has("stoppedDaysAgo")) {
            status = MedicationStatus.STOPPED;
            ended = asOf.minus(Duration.ofDays(m.get("stoppedDaysAgo").asLong()));
        }
        return new Medication(idOr(m, dflt), codes, text(m, "text"), dose, status, asOf, ended, text(m, "source"));
    }

    /** Parses {@code "500 mg twice daily"}, {@code "20 units daily"}, {@code "2 tablet bid"}, {@code "1 g 3x/day"}. */
    public static Dose dose(String s) {
        Matcher m = DOSE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("dose '" + s + "' is not '<amount> <unit> [frequency]'");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        String f = m.group(3).trim().toLowerCase(Locale.ROOT);
        DoseFrequency freq;
        Matcher x = Pattern.compile("^(\\d+)\\s*x\\s*/\\s*day$").matcher(f);
        Matcher every = Pattern.compile("^every\\s+(\\d+)\\s+days?$").matcher(f);
        if (f.isEmpty() || f.equals("daily") || f.equals("once daily") || f.equals("qd") || f.equals("at night")) {
            freq = DoseFrequency.ONCE_DAILY;
        } else if (f.equals("bid") || f.equals("twice daily")) {
            freq = DoseFrequency.TWICE_DAILY;
        } else if (f.equals("tid") || f.equals("three times daily")) {
            freq = new DoseFrequency(3, 1.0, false);
        } else if (f.equals("qid") || f.equals("four times daily")) {
            freq = new DoseFrequency(4, 1.0, false);
        } else if (f.equals("weekly") || f.equals("once weekly")) {
            freq = new DoseFrequency(1, 7.0, false);
        } else if (x.matches()) {
            freq = new DoseFrequency(Integer.parseInt(x.group(1)), 1.0, false);
        } else if (every.matches()) {
            freq = new DoseFrequency(1, Double.parseDouble(every.group(1)), false);
        } else {
            throw new IllegalArgumentException("unknown dose frequency '" + f + "' in '" + s
                + "' (use daily, bid, tid, qid, weekly, Nx/day or every N days)");
        }
        return new Dose(amount, unit, freq, null);
    }

    private static Code code(JsonNode n, String defaultSystem) {
        if (n.has("rxnorm")) {
            return new Code(Code.RXNORM, n.get("rxnorm").asText(), text(n, "display"));
        }
        String c = text(n, "code");
        if (c == null) {
            throw new IllegalArgumentException("an entry needs 'code' (or 'rxnorm'): " + n);
        }
        String sys = text(n, "system");
        String system = switch ((sys == null ? defaultSystem : sys).toUpperCase(Locale.ROOT)) {
            case "SNOMED", "SNOMED-CT", "SNOMEDCT" -> Code.SNOMED;
            case "LOINC" -> Code.LOINC;
            case "ICD10", "ICD-10", "ICD10CM", "ICD-10-CM" -> Code.ICD10_CM;
            case "RXNORM" -> Code.RXNORM;
            default -> sys;
        };
        return new Code(system, c, text(n, "display"));
    }

    private static String idOr(JsonNode n, String dflt) {
        String id = text(n, "id");
        return id == null ? dflt : id;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void unknownKeys(String file, String name, JsonNode n, Set<String> allowed, String where) {
        if (n == null || !n.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            String k = it.next().getKey();
            if (!allowed.contains(k)) {
                throw invalid(file, name, "unknown key '" + k + "' in '" + where + "' (allowed: " + allowed + ")");
            }
        }
    }

    private static DxGuardException invalid(String file, String scenario, String what) {
        return new DxGuardException(GuidelineErrors.SCENARIO_INVALID,
            file + (scenario == null ? "" : " :: " + scenario) + ": " + what);
    }
}
