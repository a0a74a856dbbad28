package org.dxguard.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dxguard.model.Code;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;

/** Small conversions from HAPI R4 values to clinical-model values. Package-private. */
final class FhirValues {
    private FhirValues() {}

    /** Every coding with a code, in source order; never null. */
    static List<Code> codes(CodeableConcept concept) {
        List<Code> out = new ArrayList<>();
        if (concept == null) {
            return out;
        }
        for (Coding coding : concept.getCoding()) {
            if (coding.hasCode() && !coding.getCode().isBlank()) {
                out.add(new Code(coding.getSystem(), coding.getCode().trim(), coding.getDisplay()));
            }
        }
        return out;
    }

    /** Codes with RxNorm codings first (stable otherwise). */
    static List<Code> rxnormFirst(List<Code> codes) {
        List<Code> sorted = new ArrayList<>(codes);
        sorted.sort(Comparator.comparingInt(c -> Code.RXNORM.equals(c.system()) ? 0 : 1));
        return sorted;
    }

    /** The concept's text, else the first coding display, else null. */
    static String text(CodeableConcept concept) {
        if (concept == null) {
            return null;
        }
        if (concept.hasText() && !concept.getText().isBlank()) {
            return concept.getText();
        }
        return concept.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst()
            .orElse(null);
    }

    /** The first code of the given concept in {@code system} (lower-cased), or null. */
    static String firstCode(CodeableConcept concept) {
        if (concept == null) {
            return null;
        }
        return concept.getCoding().stream().filter(Coding::hasCode)
            .map(c -> c.getCode().trim().toLowerCase(Locale.ROOT)).findFirst().orElse(null);
    }

    /**
     * The resource's own id part ({@code MedicationRequest/xyz/_history/2} → {@code xyz};
     * {@code urn:uuid:abc} → {@code abc}), or null.
     */
    static String idPart(IBaseResource resource) {
        if (resource == null || resource.getIdElement() == null || resource.getIdElement().isEmpty()) {
            return null;
        }
        String value = resource.getIdElement().getValue();
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.startsWith("urn:uuid:") || value.startsWith("urn:oid:")) {
            return value.substring(value.indexOf(':', 4) + 1);
        }
        String part = resource.getIdElement().getIdPart();
        return part == null || part.isBlank() ? null : part;
    }

    /** {@code Type/id} for de-duplication, or null when the resource has no id. */
    static String typedId(IBaseResource resource) {
        String id = idPart(resource);
        return id == null ? null : resource.fhirType() + "/" + id;
    }

    /** True when the precision is a calendar date or coarser (no time of day). */
    private static boolean dateOnly(BaseDateTimeType value) {
        TemporalPrecisionEnum p = value.getPrecision();
        return p == TemporalPrecisionEnum.YEAR || p == TemporalPrecisionEnum.MONTH || p == TemporalPrecisionEnum.DAY;
    }

    /**
     * The local calendar date as written in the source (for a date-time, in the source's own offset); partial
     * dates take the first day of the period ({@code 1970} → 1970-01-01). Null when empty.
     */
    static LocalDate localDate(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValue() == null) {
            return null;
        }
        String s = value.getValueAsString();
        int year = Integer.parseInt(s.substring(0, 4));
        int month = s.length() >= 7 ? Integer.parseInt(s.substring(5, 7)) : 1;
        int day = s.length() >= 10 ? Integer.parseInt(s.substring(8, 10)) : 1;
        return LocalDate.of(year, month, day);
    }

    /** The instant; a date without time is the start of that day in UTC (independent of the JVM's zone). */
    static Instant instant(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValue() == null) {
            return null;
        }
        if (dateOnly(value)) {
            return localDate(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return value.getValue().toInstant();
    }

    /** The UCUM code when present, else the unit text, else null. */
    static String unit(Quantity quantity) {
        if (quantity.hasCode() && !quantity.getCode().isBlank()) {
            return quantity.getCode().trim();
        }
        if (quantity.hasUnit() && !quantity.getUnit().isBlank()) {
            return quantity.getUnit().trim();
        }
        return null;
    }

    /** The numeric value of a quantity when present and finite, else null. */
    static Double value(Quantity quantity) {
        if (quantity == null || !quantity.hasValue()) {
            return null;
        }
        double v = quantity.getValue().doubleValue();
        return Double.isFinite(v) ? v : null;
    }
}
