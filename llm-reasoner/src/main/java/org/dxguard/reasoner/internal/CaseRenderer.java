package org.dxguard.reasoner.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.dxguard.model.Allergy;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.Medication;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.model.Sex;

/**
 * Renders {@link PatientFacts} and ranked {@link Candidate}s into the de-identified text a prompt carries.
 *
 * <p>Rules (HIPAA Safe Harbor style): no patientRef, no resource id, no free text from the record (condition,
 * medication, allergy and result texts, finding values, codes of the {@code urn:dxguard:text} system), no date: every
 * date becomes a time relative to {@code asOf} ("30 days ago"); ages over 89 become "90+". Concepts are rendered by
 * their terminology display (scrubbed by {@link Scrubber}) and code when the system is a known terminology and the
 * code has that terminology's shape. Evidence ids are replaced by aliases ({@link EvidenceAliases}).
 */
public final class CaseRenderer {
    static final String WITHHELD = "(uncoded entry; free text withheld)";
    private static final int MAX_OBSERVATIONS = 40;

    private static final Map<String, String> SYSTEM_NAMES = Map.of(
        Code.LOINC, "LOINC", Code.SNOMED, "SNOMED CT", Code.RXNORM, "RxNorm", Code.ICD10, "ICD-10",
        Code.ICD10_CM, "ICD-10-CM");
    private static final Map<String, Pattern> CODE_SHAPES = Map.of(
        Code.LOINC, Pattern.compile("\\d{1,6}-\\d"),
        Code.SNOMED, Pattern.compile("\\d{6,18}"),
        Code.RXNORM, Pattern.compile("\\d{1,9}"),
        Code.ICD10, Pattern.compile("[A-Z]\\d{2}(?:\\.[0-9A-Z]{1,4})?"),
        Code.ICD10_CM, Pattern.compile("[A-Z]\\d{2}(?:\\.[0-9A-Z]{1,4})?"));
    /** Short names for labs seen in real data when the source gives no display. */
    private static final Map<String, String> LOINC_NAMES = Map.ofEntries(
        Map.entry("33914-3", "eGFR"), Map.entry("62238-1", "eGFR"), Map.entry("98979-8", "eGFR"),
        Map.entry("48642-3", "eGFR"), Map.entry("48643-1", "eGFR"), Map.entry("4548-4", "HbA1c"),
        Map.entry("2339-0", "glucose"), Map.entry("2345-7", "glucose"), Map.entry("38483-4", "creatinine"),
        Map.entry("2160-0", "creatinine"), Map.entry("6298-4", "potassium"), Map.entry("2823-3", "potassium"),
        Map.entry("14959-1", "urine albumin/creatinine ratio"), Map.entry("29463-7", "body weight"),
        Map.entry("8480-6", "systolic blood pressure"), Map.entry("8462-4", "diastolic blood pressure"));
    private static final Pattern SAFE_UNIT = Pattern.compile("[A-Za-z0-9/%.{}_\\[\\]^*µ·() -]{1,24}");
    private static final Pattern SAFE_ROUTE = Pattern.compile("[A-Za-z -]{1,24}");

    /** The rendered case: the patient part, the candidates part, the list of citable aliases, and the aliases. */
    public record RenderedCase(String caseText, String candidatesText, String evidenceIdsText,
                               EvidenceAliases aliases) {}

    public RenderedCase render(PatientFacts facts, List<Candidate> candidates) {
        EvidenceAliases aliases = new EvidenceAliases();
        String candidatesText = renderCandidates(candidates, aliases);
        String caseText = renderCase(facts);
        return new RenderedCase(caseText, candidatesText, String.join(", ", aliases.aliases()), aliases);
    }

    /** At most this many supporting findings per candidate in a compact case (the small model saw at most 8 + 2). */
    static final int COMPACT_SUPPORTING = 8;
    /** At most this many key findings not yet present per candidate in a compact case. */
    static final int COMPACT_MISSING = 5;
    /** At most this many findings in a compact case. */
    static final int COMPACT_FINDINGS = 10;

    /**
     * The compact case for a model with a small context (the embedded model): only what the candidates use. The
     * patient part is age, sex and the findings that support a candidate (as the model was trained: findings only);
     * each candidate lists at most {@value #COMPACT_SUPPORTING} supporting and {@value #COMPACT_MISSING} missing
     * findings. Conditions, labs, medications, allergies and findings no candidate uses are left out. Same
     * de-identification as {@link #render}.
     */
    public RenderedCase renderCompact(PatientFacts facts, List<Candidate> candidates) {
        EvidenceAliases aliases = new EvidenceAliases();
        List<Candidate> compact = new ArrayList<>();
        java.util.LinkedHashMap<String, Evidence> used = new java.util.LinkedHashMap<>();
        for (Candidate c : candidates) {
            List<Evidence> supporting = c.supporting().stream().limit(COMPACT_SUPPORTING).toList();
            List<Evidence> missing = c.missing().stream().limit(COMPACT_MISSING).toList();
            supporting.forEach(e -> used.putIfAbsent(e.id(), e));
            compact.add(new Candidate(c.disease(), c.name(), c.score(), c.severity(), supporting, missing));
        }
        String candidatesText = renderCandidates(compact, aliases);
        StringBuilder sb = new StringBuilder();
        sb.append("Patient: ").append(age(facts.ageYears())).append(", ").append(sex(facts.sex())).append('\n');
        section(sb, "Findings", used.values().stream().limit(COMPACT_FINDINGS)
            .map(e -> "present: " + label(e.label(), e.finding())).toList());
        return new RenderedCase(sb.toString().stripTrailing(), candidatesText, String.join(", ", aliases.aliases()),
            aliases);
    }

    String renderCase(PatientFacts f) {
        Instant asOf = f.asOf();
        StringBuilder sb = new StringBuilder();
        sb.append("Patient: ").append(age(f.ageYears())).append(", ").append(sex(f.sex()));
        if (f.weightKg() != null) {
            sb.append(", weight ").append(number(Math.round(f.weightKg() * 10) / 10.0)).append(" kg");
        }
        if (f.pregnancy() != PregnancyStatus.UNKNOWN) {
            sb.append(", ").append(f.pregnancy() == PregnancyStatus.PREGNANT ? "pregnant" : "not pregnant");
        }
        sb.append('\n');

        section(sb, "Active conditions", f.conditions().stream().filter(Condition::active)
            .map(c -> concept(c.codes()) + onset(c.onset(), asOf)).toList());
        section(sb, "Past or inactive conditions", f.conditions().stream().filter(c -> !c.active())
            .map(c -> concept(c.codes()) + onset(c.onset(), asOf)).toList());
        section(sb, "Labs and observations (most recent first)", f.observations().stream()
            .sorted(Comparator.comparing((Observation o) -> o.effective() == null ? Instant.MIN : o.effective())
                .reversed())
            .limit(MAX_OBSERVATIONS)
            .map(o -> observation(o, asOf)).toList());
        section(sb, "Active medications", f.activeMedications().stream()
            .filter(m -> m.status() != org.dxguard.model.MedicationStatus.STOPPED).map(m -> medication(m, asOf)).toList());
        section(sb, "Draft orders (being ordered now)", f.draftOrders().stream().map(m -> medication(m, asOf)).toList());
        section(sb, "Allergies and intolerances", f.allergies().stream().map(CaseRenderer::allergy).toList());
        section(sb, "Findings", f.findings().stream().map(CaseRenderer::finding).toList());
        return sb.toString().stripTrailing();
    }

    String renderCandidates(List<Candidate> candidates, EvidenceAliases aliases) {
        StringBuilder sb = new StringBuilder();
        int rank = 1;
        for (Candidate c : candidates) {
            sb.append(rank++).append(". ").append(label(c.name(), c.disease()))
                .append(" - score ").append(String.format(Locale.ROOT, "%.2f", c.score()))
                .append(", severity ").append(c.severity()).append(" of 5 (1 = most severe)\n");
            sb.append("   supporting evidence: ").append(evidence(c.supporting(), aliases)).append('\n');
            sb.append("   key findings not (yet) present: ").append(evidence(c.missing(), aliases)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String evidence(List<Evidence> items, EvidenceAliases aliases) {
        if (items.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Evidence e : items) {
            parts.add("[" + aliases.aliasOf(e.id()) + "] " + label(e.label(), e.finding()));
        }
        return String.join("; ", parts);
    }

    /** A knowledge-graph label (scrubbed) with the concept's code when it is a known terminology. */
    private static String label(String label, Code code) {
        String text = Scrubber.scrub(label);
        String ref = codeRef(code);
        if (Code.TEXT.equals(code.system()) || text == null || text.isBlank()) {
            String display = display(code);
            text = display != null ? display : ref != null ? ref : WITHHELD;
            return text;
        }
        return ref == null || text.contains(code.code()) ? text : text + " (" + ref + ")";
    }

    private static void section(StringBuilder sb, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        sb.append(title).append(":\n");
        for (String line : lines) {
            sb.append("- ").append(line).append('\n');
        }
    }

    static String age(Integer years) {
        if (years == null) {
            return "age unknown";
        }
        if (years > 89) {
            return "age 90+";
        }
        return "age " + years;
    }

    private static String sex(Sex sex) {
        return switch (sex) {
            case FEMALE -> "female";
            case MALE -> "male";
            case OTHER -> "sex other";
            case UNKNOWN -> "sex unknown";
        };
    }

    /** The best display of a list of codings, with the code of a known terminology; never free text. */
    static String concept(List<Code> codes) {
        String display = null;
        String ref = null;
        for (Code c : codes) {
            if (display == null) {
                display = display(c);
            }
            if (ref == null) {
                ref = codeRef(c);
            }
        }
        if (display == null && ref == null) {
            return WITHHELD;
        }
        if (display == null) {
            return ref;
        }
        return ref == null ? display : display + " (" + ref + ")";
    }

    /** The scrubbed display of a coding, or null; free-text pseudo-codes never count. */
    private static String display(Code c) {
        if (Code.TEXT.equals(c.system()) || c.display() == null) {
            return null;
        }
        String s = Scrubber.scrub(c.display());
        return s.isBlank() ? null : s;
    }

    /** "LOINC 33914-3" for a known terminology whose code has the right shape, else null. */
    static String codeRef(Code c) {
        String name = SYSTEM_NAMES.get(c.system());
        Pattern shape = CODE_SHAPES.get(c.system());
        if (name == null || shape == null || !shape.matcher(c.code()).matches()) {
            return null;
        }
        return name + " " + c.code();
    }

    private static String observation(Observation o, Instant asOf) {
        String name = null;
        for (Code c : o.codes()) {
            if (c.system().equals(Code.LOINC) && LOINC_NAMES.containsKey(c.code())) {
                name = LOINC_NAMES.get(c.code());
                break;
            }
        }
        if (name == null) {
            name = concept(o.codes());
        }
        String value;
        if (o.value() != null) {
            value = number(o.value()) + unit(o.unit());
        } else if (o.valueCode() != null) {
            String d = concept(List.of(o.valueCode()));
            value = d;
        } else if (o.valueText() != null) {
            value = "(free-text result withheld)";
        } else {
            value = "no value";
        }
        return name + ": " + value + ", " + relative(o.effective(), asOf);
    }

    private static String unit(String unit) {
        if (unit == null) {
            return "";
        }
        String u = org.dxguard.model.Units.normalise(unit);
        if (u.equals("mL/min/{1.73_m2}")) {
            u = "mL/min/1.73m2";
        }
        return SAFE_UNIT.matcher(u).matches() && Scrubber.isClean(u) ? " " + u : "";
    }

    private static String medication(Medication m, Instant asOf) {
        StringBuilder sb = new StringBuilder(concept(m.codes()));
        Dose d = m.dose();
        if (d != null) {
            sb.append(": ").append(number(d.amount())).append(unit(d.unit()));
            if (d.frequency() != null) {
                sb.append(' ').append(frequency(d.frequency()));
            }
            if (d.route() != null && SAFE_ROUTE.matcher(d.route()).matches()) {
                sb.append(", ").append(d.route().toLowerCase(Locale.ROOT));
            }
        }
        if (m.authoredOn() != null) {
            sb.append(", ordered ").append(relative(m.authoredOn(), asOf));
        }
        return sb.toString();
    }

    static String frequency(DoseFrequency f) {
        String base;
        if (f.periodDays() == 1.0) {
            base = switch (f.count()) {
                case 1 -> "once daily";
                case 2 -> "twice daily";
                case 3 -> "three times daily";
                default -> f.count() + " times daily";
            };
        } else if (f.periodDays() == 7.0 && f.count() == 1) {
            base = "once weekly";
        } else {
            base = f.count() + " times every " + number(f.periodDays()) + " days";
        }
        return f.asNeeded() ? base + " as needed" : base;
    }

    private static String allergy(Allergy a) {
        String s = concept(a.codes());
        if (!a.active()) {
            s += " (inactive)";
        }
        return a.highCriticality() ? s + " (high criticality)" : s;
    }

    private static String finding(Finding f) {
        return (f.present() ? "present: " : "absent: ") + concept(List.of(f.code()));
    }

    private static String onset(LocalDate onset, Instant asOf) {
        return onset == null ? "" : ", onset " + relative(onset.atStartOfDay().toInstant(ZoneOffset.UTC), asOf);
    }

    /** "today", "30 days ago", "about 14 months ago", "about 3 years ago", "in 5 days" or "date unknown". */
    static String relative(Instant when, Instant asOf) {
        if (when == null) {
            return "date unknown";
        }
        long days = Duration.between(when, asOf).toDays();
        if (days < 0) {
            long ahead = -days;
            return ahead == 1 ? "in 1 day" : "in " + ahead + " days";
        }
        if (days == 0) {
            return "today";
        }
        if (days == 1) {
            return "1 day ago";
        }
        if (days < 60) {
            return days + " days ago";
        }
        if (days < 730) {
            return "about " + Math.round(days / 30.44) + " months ago";
        }
        return "about " + Math.round(days / 365.25) + " years ago";
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(4)).stripTrailingZeros()
            .toPlainString();
    }
}
