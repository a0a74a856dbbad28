package org.dxguard.graph.internal;

import java.util.Locale;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;

/** Node keys: {@code system|code} for concepts, {@code system|code=value} for a value of a categorical finding. */
public final class Keys {
    /** Code system of DDXPlus evidences (E_xx). */
    public static final String DDXPLUS_EVIDENCE = "urn:dxguard:ddxplus:evidence";
    /** Code system of DDXPlus pathologies that carry no usable ICD-10 code. */
    public static final String DDXPLUS_PATHOLOGY = "urn:dxguard:ddxplus:pathology";
    /** Code system of Synthea symptom names (Synthea symptoms carry no codes). */
    public static final String SYNTHEA_SYMPTOM = "urn:dxguard:synthea:symptom";

    private Keys() {}

    public static String concept(String system, String code) {
        return system + "|" + code;
    }

    public static String concept(Code code) {
        return concept(code.system(), code.code());
    }

    public static String value(String baseKey, String value) {
        return baseKey + "=" + value;
    }

    /** The key of the graph finding a patient finding refers to (its value node when it has a value). */
    public static String of(Finding f) {
        String base = concept(f.code());
        return f.value() == null ? base : value(base, f.value());
    }

    /** Stable evidence id: {@code ev:<code>} or {@code ev:<code>=<value>}. */
    public static String evidenceId(String code, String value) {
        return "ev:" + code + (value == null ? "" : "=" + value);
    }

    /** Lower-case, hyphenated slug for names without codes ("Nausea/Vomiting" → "nausea-vomiting"). */
    public static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return s.replaceAll("^-+|-+$", "");
    }
}
