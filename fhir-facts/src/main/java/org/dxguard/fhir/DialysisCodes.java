package org.dxguard.fhir;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.dxguard.model.Code;

/**
 * Codes that say "this patient is on dialysis" when recorded as a Procedure, or "has a kidney transplant": the value
 * set {@code guidelines/terminology/dialysis-procedures.csv} (SNOMED CT, CPT, HCPCS, ICD-10-PCS with prefixes such as
 * {@code 5A1D*}), copied in at build time. Package-private.
 */
final class DialysisCodes {
    /** Code system URIs by the table's system names; the first is the one a prefetch asks with as well. */
    static final Map<String, List<String>> SYSTEMS = Map.of(
        "SNOMED", List.of(Code.SNOMED),
        "CPT", List.of("http://www.ama-assn.org/go/cpt"),
        "HCPCS", List.of("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets",
            "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"),
        "ICD10PCS", List.of("http://www.cms.gov/Medicare/Coding/ICD10", "http://hl7.org/fhir/sid/icd-10-pcs"));

    /** One row of the value set. {@code recent} is null for a kidney transplant. */
    private record Entry(List<String> systems, String code, boolean prefix, boolean dialysis, Duration recent) {
        boolean matches(Code c) {
            if (!systems.contains(c.system())) {
                return false;
            }
            String v = c.code().strip().toUpperCase(Locale.ROOT);
            return prefix ? v.startsWith(code) : v.equals(code);
        }
    }

    private static final List<Entry> ENTRIES = read();
    /** The condition derived from recent dialysis procedures: SNOMED CT 105502003. */
    static final Code DEPENDENCE_ON_DIALYSIS = new Code(Code.SNOMED, "105502003", "Dependence on renal dialysis");

    private DialysisCodes() {}

    private static List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        for (Map<String, String> r : ValueSetFiles.rows("dialysis-procedures.csv")) {
            List<String> systems = SYSTEMS.get(r.getOrDefault("system", ""));
            String code = r.getOrDefault("code", "").toUpperCase(Locale.ROOT);
            boolean dialysis = "DIALYSIS".equals(r.get("kind"));
            if (systems == null || code.isEmpty() || (!dialysis && !"KIDNEY_TRANSPLANT".equals(r.get("kind")))) {
                throw new IllegalStateException("dialysis-procedures.csv: unreadable row " + r
                    + " (guidelines validate names the line)");
            }
            boolean prefix = code.endsWith("*");
            out.add(new Entry(systems, prefix ? code.substring(0, code.length() - 1) : code, prefix, dialysis,
                dialysis ? Duration.ofDays(Long.parseLong(r.getOrDefault("recentDays", "30"))) : null));
        }
        return List.copyOf(out);
    }

    /** How long after it a dialysis procedure with this code still means "on dialysis"; empty when not dialysis. */
    static Optional<Duration> dialysisWindow(Code code) {
        return ENTRIES.stream().filter(e -> e.dialysis() && e.matches(code)).map(Entry::recent).findFirst();
    }

    static boolean isDialysisProcedure(Code code) {
        return dialysisWindow(code).isPresent();
    }

    static boolean isKidneyTransplant(Code code) {
        return ENTRIES.stream().anyMatch(e -> !e.dialysis() && e.matches(code));
    }

    /**
     * {@code system|code} of every whole code of the table, with each URI its system is known by (a prefix such as
     * {@code 5A1D*} cannot be asked for in a FHIR token search), sorted.
     */
    static Set<String> tokens() {
        Set<String> out = new TreeSet<>();
        for (Entry e : ENTRIES) {
            if (!e.prefix()) {
                e.systems().forEach(s -> out.add(s + "|" + e.code()));
            }
        }
        return out;
    }
}
