package org.dxguard.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;

/**
 * Reads the common, well-formed shape of a MedicationRequest (an order of the record, current or stopped, as EHRs
 * and Synthea send it) straight from the request's JSON tree into the HAPI {@link MedicationRequest} that HAPI's
 * parser would build from the same projected tree ({@link ProjectedJson}), as {@link ObservationReader} does for
 * Observations (issue 21: the stopped orders of issue 15 are a realistic call's largest HAPI parse left).
 * Package-private.
 *
 * <p>Only the elements the mapping reads, each in its usual shape: {@code id}, {@code status}, {@code intent},
 * {@code authoredOn}, {@code medicationCodeableConcept} (a {@code medicationReference} is HAPI's: HAPI links it to
 * a Medication of the same Bundle), and {@code dosageInstruction}s of {@code sequence}, {@code text},
 * {@code additionalInstruction}, {@code asNeededBoolean}, {@code timing.repeat} ({@code frequency}, {@code period},
 * {@code periodUnit}, {@code boundsPeriod}) and {@code doseAndRate} ({@code type}, {@code doseQuantity}).
 * Anything else (another element, an extension on a primitive, an unusual member, a value HAPI would refuse or
 * might read differently) gives {@code null}: the caller hands that MedicationRequest to HAPI, which accepts or
 * refuses it as before. The elements the projection hides are not looked at. {@code TreeReadersTest}
 * checks that what it builds equals HAPI's parse on every fixture.
 */
final class MedicationRequestReader {
    private static final Set<String> DOSAGE = Set.of("sequence", "text", "additionalInstruction", "asNeededBoolean",
        "timing", "doseAndRate");
    private static final Set<String> TIMING = Set.of("repeat");
    private static final Set<String> REPEAT = Set.of("frequency", "period", "periodUnit", "boundsPeriod");
    private static final Set<String> DOSE_AND_RATE = Set.of("type", "doseQuantity");

    private MedicationRequestReader() {}

    /** The MedicationRequest as HAPI would parse it from the projected tree, or null when HAPI must read it. */
    static MedicationRequest read(ObjectNode json) {
        return ObservationReader.orNull(MedicationRequestReader::readOrNull, json);
    }

    private static MedicationRequest readOrNull(ObjectNode json) {
        if (!"MedicationRequest".equals(ObservationReader.text(json.get("resourceType")))) {
            return null;
        }
        Set<String> hidden = ProjectedJson.elementsHidden(json);
        MedicationRequest mr = new MedicationRequest();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("resourceType") || hidden.contains(name)) {
                continue;
            }
            JsonNode v = json.get(name);
            boolean ok = switch (name) {
                case "id" -> ObservationReader.set(ObservationReader.id(v, "MedicationRequest"), mr::setIdElement);
                case "status" -> ObservationReader.set(ObservationReader.text(v),
                    code -> mr.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(code)));
                case "intent" -> ObservationReader.set(ObservationReader.text(v),
                    code -> mr.setIntent(MedicationRequest.MedicationRequestIntent.fromCode(code)));
                case "authoredOn" -> ObservationReader.set(ObservationReader.dateTime(v), mr::setAuthoredOnElement);
                case "medicationCodeableConcept" ->
                    ObservationReader.set(ObservationReader.concept(v), mr::setMedication);
                case "dosageInstruction" -> dosages(v, mr);
                default -> false;
            };
            if (!ok) {
                return null;
            }
        }
        return mr;
    }

    private static boolean dosages(JsonNode v, MedicationRequest mr) {
        if (!(v instanceof ArrayNode array) || array.isEmpty()) {
            return false;
        }
        for (JsonNode d : array) {
            Dosage dosage = dosage(d);
            if (dosage == null) {
                return false;
            }
            mr.addDosageInstruction(dosage);
        }
        return true;
    }

    private static Dosage dosage(JsonNode v) {
        if (!(v instanceof ObjectNode object) || object.isEmpty() || !ObservationReader.only(object, DOSAGE)) {
            return null;
        }
        Dosage d = new Dosage();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode x = object.get(name);
            boolean ok = switch (name) {
                case "sequence" -> {
                    if (!x.isIntegralNumber() || !x.canConvertToInt()) {
                        yield false;
                    }
                    IntegerType i = new IntegerType();
                    i.setValueAsString(x.asText());
                    d.setSequenceElement(i);
                    yield true;
                }
                case "text" -> {
                    String s = ObservationReader.text(x);
                    if (s == null) {
                        yield false;
                    }
                    StringType t = new StringType();
                    t.setValueAsString(s);
                    d.setTextElement(t);
                    yield true;
                }
                case "additionalInstruction" -> {
                    if (!(x instanceof ArrayNode array) || array.isEmpty()) {
                        yield false;
                    }
                    for (JsonNode c : array) {
                        CodeableConcept cc = ObservationReader.concept(c);
                        if (cc == null) {
                            yield false;
                        }
                        d.addAdditionalInstruction(cc);
                    }
                    yield true;
                }
                case "asNeededBoolean" -> {
                    if (!x.isBoolean()) {
                        yield false;
                    }
                    BooleanType b = new BooleanType();
                    b.setValueAsString(x.asText());
                    d.setAsNeeded(b);
                    yield true;
                }
                case "timing" -> ObservationReader.set(timing(x), d::setTiming);
                default -> doseAndRate(x, d);
            };
            if (!ok) {
                return null;
            }
        }
        return d;
    }

    private static Timing timing(JsonNode v) {
        if (!(v instanceof ObjectNode object) || object.isEmpty() || !ObservationReader.only(object, TIMING)
            || !(object.get("repeat") instanceof ObjectNode repeat) || repeat.isEmpty()
            || !ObservationReader.only(repeat, REPEAT)) {
            return null;
        }
        Timing.TimingRepeatComponent r = new Timing.TimingRepeatComponent();
        for (Iterator<String> it = repeat.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode x = repeat.get(name);
            switch (name) {
                case "frequency" -> {
                    if (!x.isIntegralNumber() || !x.canConvertToInt() || x.intValue() < 1) {
                        return null;
                    }
                    PositiveIntType f = new PositiveIntType();
                    f.setValueAsString(x.asText());
                    r.setFrequencyElement(f);
                }
                case "period" -> {
                    DecimalType p = ObservationReader.decimal(x);
                    if (p == null) {
                        return null;
                    }
                    r.setPeriodElement(p);
                }
                case "periodUnit" -> {
                    String s = ObservationReader.text(x);
                    if (s == null) {
                        return null;
                    }
                    r.setPeriodUnit(Timing.UnitsOfTime.fromCode(s));
                }
                default -> {
                    Period bounds = ObservationReader.period(x);
                    if (bounds == null) {
                        return null;
                    }
                    r.setBounds(bounds);
                }
            }
        }
        return new Timing().setRepeat(r);
    }

    private static boolean doseAndRate(JsonNode v, Dosage d) {
        if (!(v instanceof ArrayNode array) || array.isEmpty()) {
            return false;
        }
        for (JsonNode x : array) {
            if (!(x instanceof ObjectNode object) || object.isEmpty() || !ObservationReader.only(object, DOSE_AND_RATE)) {
                return false;
            }
            Dosage.DosageDoseAndRateComponent dr = new Dosage.DosageDoseAndRateComponent();
            if (object.has("type")) {
                CodeableConcept type = ObservationReader.concept(object.get("type"));
                if (type == null) {
                    return false;
                }
                dr.setType(type);
            }
            if (object.has("doseQuantity")) {
                Quantity dose = ObservationReader.quantity(object.get("doseQuantity"));
                if (dose == null) {
                    return false;
                }
                dr.setDose(dose);
            }
            d.addDoseAndRate(dr);
        }
        return true;
    }
}
