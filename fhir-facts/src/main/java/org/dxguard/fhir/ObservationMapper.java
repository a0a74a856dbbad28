package org.dxguard.fhir;

import java.time.Instant;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Observation;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;

/** Observation → {@link Observation}s, one per coded component too (package-info, "Observation"). Package-private. */
final class ObservationMapper {
    private ObservationMapper() {}

    /**
     * Adds the observation and its coded components to {@code out}, in that order; nothing when it was entered in
     * error, cancelled or has no code.
     */
    static void map(org.hl7.fhir.r4.model.Observation o, List<Observation> out, MappingLog log) {
        if (o.hasStatus()) {
            String status = o.getStatus().toCode();
            if ("entered-in-error".equals(status) || "cancelled".equals(status)) {
                return;
            }
        }
        List<Code> codes = codes(o.getCode());
        if (codes.isEmpty()) {
            log.ignored("Observation without code");
            return;
        }
        String id = FhirValues.idPart(o);
        Instant effective = effective(o);
        out.add(withRange(withValue(id, codes, o.hasDataAbsentReason() ? null : o.getValue(), effective),
            o.getReferenceRange()));
        int i = 0;
        for (org.hl7.fhir.r4.model.Observation.ObservationComponentComponent comp : o.getComponent()) {
            i++;
            List<Code> compCodes = codes(comp.getCode());
            if (compCodes.isEmpty()) {
                continue;
            }
            String compId = id == null ? null : id + "#component-" + i;
            out.add(withRange(withValue(compId, compCodes, comp.hasDataAbsentReason() ? null : comp.getValue(),
                effective), comp.getReferenceRange()));
        }
    }

    private static List<Code> codes(CodeableConcept concept) {
        List<Code> codes = FhirValues.codes(concept);
        if (codes.isEmpty()) {
            String text = FhirValues.text(concept);
            if (text != null) {
                codes.add(new Code(Code.TEXT, text, text));
            }
        }
        return codes;
    }

    /**
     * The observation with the upper limit of its first reference range that has one (issue 16: ALT as a multiple
     * of the upper limit of normal), converted to the value's unit; unchanged when there is none, when the value is
     * not a number with a unit, or when the limit's unit is missing or not convertible (a limit is never assumed to
     * be in the value's unit).
     */
    static Observation withRange(Observation o,
                                 List<org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent> ranges) {
        if (o.value() == null || o.unit() == null || ranges.isEmpty()) {
            return o;
        }
        for (org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent r : ranges) {
            if (!r.hasHigh()) {
                continue;
            }
            Double high = FhirValues.value(r.getHigh());
            String unit = FhirValues.unit(r.getHigh());
            if (high == null || unit == null || !(high > 0) || high.isInfinite()) {
                return o;
            }
            java.util.OptionalDouble inValueUnit = unit.equals(o.unit()) ? java.util.OptionalDouble.of(high)
                : org.dxguard.model.Ucum.convert(high, unit, o.unit(), Double.NaN);
            if (inValueUnit.isEmpty() || !(inValueUnit.getAsDouble() > 0)) {
                return o;
            }
            return new Observation(o.id(), o.codes(), o.value(), o.unit(), o.valueCode(), o.valueText(), o.effective(),
                inValueUnit.getAsDouble());
        }
        return o;
    }

    private static Observation withValue(String id, List<Code> codes, Type value, Instant effective) {
        Double number = null;
        String unit = null;
        Code valueCode = null;
        String valueText = null;
        if (value instanceof Quantity q) {
            number = FhirValues.value(q);
            unit = number == null ? null : FhirValues.unit(q);
        } else if (value instanceof CodeableConcept cc) {
            List<Code> answer = FhirValues.codes(cc);
            valueCode = answer.isEmpty() ? null : answer.get(0);
            valueText = FhirValues.text(cc);
        } else if (value instanceof StringType s) {
            valueText = s.getValue();
        } else if (value instanceof BooleanType bool && bool.hasValue()) {
            valueText = bool.getValueAsString();
        } else if (value instanceof IntegerType integer && integer.hasValue()) {
            number = integer.getValue().doubleValue();
        }
        return new Observation(id, codes, number, unit, valueCode, valueText, effective);
    }

    /** effectiveDateTime / effectiveInstant / effectivePeriod (start, else end) / effectiveTiming, else issued. */
    private static Instant effective(org.hl7.fhir.r4.model.Observation o) {
        Type e = o.getEffective();
        Instant at = null;
        if (e instanceof BaseDateTimeType dt) {
            at = FhirValues.instant(dt);
        } else if (e instanceof org.hl7.fhir.r4.model.Period p) {
            at = p.hasStart() ? FhirValues.instant(p.getStartElement()) : FhirValues.instant(p.getEndElement());
        } else if (e instanceof Timing t && t.hasEvent()) {
            at = FhirValues.instant(t.getEvent().get(0));
        }
        if (at == null && o.hasIssued()) {
            at = o.getIssued().toInstant();
        }
        return at;
    }
}
