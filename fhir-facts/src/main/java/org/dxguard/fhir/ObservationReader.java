package org.dxguard.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Reads the common, well-formed shape of an Observation (a lab or vital sign as EHRs and Synthea send it) straight
 * from the request's JSON tree into the HAPI {@link Observation} that HAPI's parser would build from the same
 * projected tree ({@link ProjectedJson}), without HAPI's generic parser (its reflective walk was most of a realistic
 * call's FHIR cost). Package-private.
 *
 * <p>Only what it can read exactly as HAPI does: the elements the mapping reads ({@code id}, {@code status},
 * {@code code}, {@code effectiveDateTime}/{@code effectivePeriod}, {@code issued} when there is no effective date,
 * {@code value[x]} as Quantity, CodeableConcept, string, boolean or integer, {@code dataAbsentReason} and
 * {@code component}s of those), each with only its usual members, every primitive a non-blank JSON scalar of the
 * right kind without surrounding spaces, every date and code valid. Anything else (another element, an extension
 * on a primitive, an unusual member, a value HAPI would refuse or might read differently) gives {@code null}: the
 * caller hands that Observation to HAPI, which accepts or refuses it as before. The elements the projection hides
 * are not looked at, as HAPI does not see them. {@code ObservationReaderTest} checks, element for element, that
 * what it builds equals HAPI's parse on every fixture and on real-shaped edge cases.
 */
final class ObservationReader {
    private static final Set<String> CODEABLE_CONCEPT = Set.of("coding", "text");
    private static final Set<String> CODING = Set.of("system", "code", "display");
    private static final Set<String> QUANTITY = Set.of("value", "unit", "system", "code");
    private static final Set<String> PERIOD = Set.of("start", "end");
    private static final Set<String> RANGE = Set.of("low", "high", "text");
    /** A FHIR id: HAPI keeps it as given. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private ObservationReader() {}

    /** The Observation as HAPI would parse it from the projected tree, or null when HAPI must read it. */
    static Observation read(ObjectNode json) {
        try {
            return readOrNull(json);
        } catch (DataFormatException | FHIRException | IllegalArgumentException e) {
            return null; // HAPI reads it, and says what is wrong if anything is
        }
    }

    private static Observation readOrNull(ObjectNode json) {
        if (!"Observation".equals(text(json.get("resourceType")))) {
            return null;
        }
        Set<String> hidden = ProjectedJson.observationElementsHidden(json);
        Observation o = new Observation();
        int values = 0;
        int effectives = 0;
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("resourceType") || hidden.contains(name)) {
                continue;
            }
            values += name.startsWith("value") ? 1 : 0;
            effectives += name.startsWith("effective") ? 1 : 0;
            if (values > 1 || effectives > 1) {
                return null; // two choices of one element: HAPI's business
            }
            JsonNode v = json.get(name);
            boolean ok = switch (name) {
                case "id" -> {
                    String id = text(v);
                    if (id == null || !ID.matcher(id).matches()) {
                        yield false;
                    }
                    o.setIdElement(new IdType("Observation", id));
                    yield true;
                }
                case "status" -> {
                    String code = text(v);
                    if (code == null) {
                        yield false;
                    }
                    o.setStatus(Observation.ObservationStatus.fromCode(code));
                    yield true;
                }
                case "code" -> set(concept(v), o::setCode);
                case "effectiveDateTime" -> set(dateTime(v), o::setEffective);
                case "effectivePeriod" -> set(period(v), o::setEffective);
                case "issued" -> {
                    String at = text(v);
                    if (at == null) {
                        yield false;
                    }
                    InstantType issued = new InstantType();
                    issued.setValueAsString(at);
                    o.setIssuedElement(issued);
                    yield true;
                }
                case "dataAbsentReason" -> set(concept(v), o::setDataAbsentReason);
                case "component" -> components(v, o);
                case "referenceRange" -> ranges(v, o::addReferenceRange);
                default -> {
                    Type value = value(name, v);
                    if (value == null) {
                        yield false;
                    }
                    o.setValue(value);
                    yield true;
                }
            };
            if (!ok) {
                return null;
            }
        }
        return o;
    }

    /** {@code reader.apply(json)}, or null when the reader trips over what HAPI reports better (HAPI then reads it). */
    static <T> T orNull(java.util.function.Function<ObjectNode, T> reader, ObjectNode json) {
        try {
            return reader.apply(json);
        } catch (DataFormatException | FHIRException | IllegalArgumentException e) {
            return null; // HAPI reads it, and says what is wrong if anything is
        }
    }

    /** A resource id as HAPI keeps it, or null when it is not a plain FHIR id (HAPI's business then). */
    static IdType id(JsonNode v, String resourceType) {
        String id = text(v);
        return id == null || !ID.matcher(id).matches() ? null : new IdType(resourceType, id);
    }

    static <T> boolean set(T value, java.util.function.Consumer<T> setter) {
        if (value == null) {
            return false;
        }
        setter.accept(value);
        return true;
    }

    /** value[x] of the kinds read here; null for any other element or kind. */
    private static Type value(String name, JsonNode v) {
        return switch (name) {
            case "valueQuantity" -> quantity(v);
            case "valueCodeableConcept" -> concept(v);
            case "valueString" -> {
                String s = text(v);
                if (s == null) {
                    yield null;
                }
                StringType t = new StringType();
                t.setValueAsString(s);
                yield t;
            }
            case "valueBoolean" -> {
                if (v == null || !v.isBoolean()) {
                    yield null;
                }
                BooleanType b = new BooleanType();
                b.setValueAsString(v.asText());
                yield b;
            }
            case "valueInteger" -> {
                if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                    yield null;
                }
                IntegerType i = new IntegerType();
                i.setValueAsString(v.asText());
                yield i;
            }
            default -> null;
        };
    }

    private static boolean components(JsonNode v, Observation o) {
        if (!(v instanceof ArrayNode array) || array.isEmpty()) {
            return false;
        }
        for (JsonNode c : array) {
            if (!(c instanceof ObjectNode comp) || comp.isEmpty()) {
                return false;
            }
            Observation.ObservationComponentComponent out = new Observation.ObservationComponentComponent();
            for (Iterator<String> it = comp.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode x = comp.get(name);
                if (name.equals("code")) {
                    CodeableConcept code = concept(x);
                    if (code == null) {
                        return false;
                    }
                    out.setCode(code);
                } else if (name.equals("dataAbsentReason")) {
                    CodeableConcept reason = concept(x);
                    if (reason == null) {
                        return false;
                    }
                    out.setDataAbsentReason(reason);
                } else if (name.equals("referenceRange")) {
                    if (!ranges(x, out::addReferenceRange)) {
                        return false;
                    }
                } else {
                    Type value = value(name, x);
                    if (value == null) {
                        return false;
                    }
                    out.setValue(value);
                }
            }
            o.addComponent(out);
        }
        return true;
    }

    static CodeableConcept concept(JsonNode v) {
        if (!(v instanceof ObjectNode object) || object.isEmpty() || !only(object, CODEABLE_CONCEPT)) {
            return null;
        }
        CodeableConcept cc = new CodeableConcept();
        JsonNode codings = object.get("coding");
        if (codings != null) {
            if (!(codings instanceof ArrayNode array) || array.isEmpty()) {
                return null;
            }
            for (JsonNode c : array) {
                if (!(c instanceof ObjectNode coding) || coding.isEmpty() || !only(coding, CODING)) {
                    return null;
                }
                Coding out = new Coding();
                for (Iterator<String> it = coding.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    String s = text(coding.get(name));
                    if (s == null) {
                        return null;
                    }
                    switch (name) {
                        case "system" -> out.getSystemElement().setValueAsString(s);
                        case "code" -> out.getCodeElement().setValueAsString(s);
                        default -> out.getDisplayElement().setValueAsString(s);
                    }
                }
                cc.addCoding(out);
            }
        }
        if (object.has("text")) {
            String s = text(object.get("text"));
            if (s == null) {
                return null;
            }
            cc.getTextElement().setValueAsString(s);
        }
        return cc;
    }

    /**
     * {@code referenceRange} entries with only {@code low}, {@code high} (plain quantities) and {@code text} (issue
     * 16: the upper limit of normal); any other member (type, appliesTo, age) is HAPI's to read.
     */
    private static boolean ranges(JsonNode v,
                                  java.util.function.Consumer<Observation.ObservationReferenceRangeComponent> add) {
        if (!(v instanceof ArrayNode array) || array.isEmpty()) {
            return false;
        }
        for (JsonNode r : array) {
            if (!(r instanceof ObjectNode range) || range.isEmpty() || !only(range, RANGE)) {
                return false;
            }
            Observation.ObservationReferenceRangeComponent out = new Observation.ObservationReferenceRangeComponent();
            for (Iterator<String> it = range.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode x = range.get(name);
                if (name.equals("text")) {
                    String t = text(x);
                    if (t == null) {
                        return false;
                    }
                    out.getTextElement().setValueAsString(t);
                    continue;
                }
                Quantity q = quantity(x);
                if (q == null) {
                    return false;
                }
                org.hl7.fhir.r4.model.SimpleQuantity sq = new org.hl7.fhir.r4.model.SimpleQuantity();
                q.copyValues(sq);
                if (name.equals("low")) {
                    out.setLow(sq);
                } else {
                    out.setHigh(sq);
                }
            }
            add.accept(out);
        }
        return true;
    }

    static Quantity quantity(JsonNode v) {
        if (!(v instanceof ObjectNode object) || object.isEmpty() || !only(object, QUANTITY)) {
            return null;
        }
        Quantity q = new Quantity();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode x = object.get(name);
            if (name.equals("value")) {
                DecimalType d = decimal(x);
                if (d == null) {
                    return null;
                }
                q.setValueElement(d);
                continue;
            }
            String s = text(x);
            if (s == null) {
                return null;
            }
            switch (name) {
                case "unit" -> q.getUnitElement().setValueAsString(s);
                case "system" -> q.getSystemElement().setValueAsString(s);
                default -> q.getCodeElement().setValueAsString(s);
            }
        }
        return q;
    }

    /** A JSON number as HAPI's parser reads it from the tree: the number's plain text, exact; null otherwise. */
    static DecimalType decimal(JsonNode x) {
        if (x == null || !x.isNumber()) {
            return null;
        }
        DecimalType d = new DecimalType();
        d.setValueAsString(x instanceof DecimalNode dn ? dn.decimalValue().toPlainString() : x.asText());
        return d;
    }

    static DateTimeType dateTime(JsonNode v) {
        String s = text(v);
        if (s == null) {
            return null;
        }
        DateTimeType dt = new DateTimeType();
        dt.setValueAsString(s);
        return dt;
    }

    static Period period(JsonNode v) {
        if (!(v instanceof ObjectNode object) || object.isEmpty() || !only(object, PERIOD)) {
            return null;
        }
        Period p = new Period();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            DateTimeType dt = dateTime(object.get(name));
            if (dt == null) {
                return null;
            }
            if (name.equals("start")) {
                p.setStartElement(dt);
            } else {
                p.setEndElement(dt);
            }
        }
        return p;
    }

    static boolean only(ObjectNode object, Set<String> names) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            if (!names.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    /** A textual scalar that is neither blank nor padded with spaces (HAPI's reading of those is not copied here). */
    static String text(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return null;
        }
        String s = v.textValue();
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return null;
        }
        return s;
    }
}
