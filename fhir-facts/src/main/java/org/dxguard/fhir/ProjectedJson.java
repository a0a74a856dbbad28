package org.dxguard.fhir;

import ca.uhn.fhir.parser.json.BaseJsonLikeArray;
import ca.uhn.fhir.parser.json.BaseJsonLikeObject;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.parser.json.BaseJsonLikeWriter;
import ca.uhn.fhir.parser.json.JsonLikeStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A request's JSON tree as HAPI's parser walks it ({@link JsonLikeStructure}, read-only), seen through the
 * projection of {@link FhirFacts#UNREAD}: a resource's unread elements are not there, and a Bundle entry has no
 * {@code fullUrl} (HAPI's tree reader would otherwise replace the entry resource's own id with it). Nothing is
 * copied: the projection is applied as HAPI asks for names and values.
 *
 * <p>Scalars read as HAPI's own reader gives them (a decimal as its plain string, exact as the tree holds it).
 * HAPI asks every object for {@code "_" + name} (a primitive's extension) for each of its names; an object without
 * any such name answers at once, without looking the new string up.
 */
final class ProjectedJson implements JsonLikeStructure {
    private static final List<String> EFFECTIVE = List.of("effectiveDateTime", "effectiveInstant", "effectivePeriod",
        "effectiveTiming");
    private static final Set<String> DROP = withUnderscores(FhirFacts.UNREAD.stream());
    private static final Set<String> DROP_PATIENT = withUnderscores(
        Stream.concat(FhirFacts.UNREAD.stream(), FhirFacts.UNREAD_PATIENT.stream()));
    /** An Observation's {@code issued} is read only when it has no {@code effective[x]}. */
    private static final Set<String> DROP_DATED_OBSERVATION = withUnderscores(
        Stream.concat(FhirFacts.UNREAD.stream(), Stream.of("issued")));
    private static final Set<String> DROP_ENTRY = Set.of("fullUrl", "_fullUrl");

    /** Where an object sits, which decides what of it is seen. */
    private enum Role { RESOURCE, ENTRY, PLAIN }

    private final ObjectNode root;
    /** Resources (by identity) that HAPI sees as a bare {@code resourceType}: they were read without it. */
    private final Set<JsonNode> stubs;

    ProjectedJson(ObjectNode root) {
        this(root, Set.of());
    }

    /**
     * @param stubs resource objects (compared by identity) shown to HAPI with nothing but their resourceType: their
     *              entries keep their places in the Bundle, and HAPI does no work on them ({@link ObservationReader}
     *              read them)
     */
    ProjectedJson(ObjectNode root, Set<JsonNode> stubs) {
        this.root = root;
        this.stubs = stubs;
    }

    /** The elements of an Observation that HAPI is not shown (the projection's). */
    static Set<String> observationElementsHidden(ObjectNode observation) {
        return dropped(observation, Role.RESOURCE, "Observation");
    }

    /** The elements of a resource of any type that HAPI is not shown (the projection's). */
    static Set<String> elementsHidden(ObjectNode resource) {
        return dropped(resource, Role.RESOURCE, resource.path("resourceType").asText());
    }

    private static Set<String> withUnderscores(Stream<String> names) {
        return names.flatMap(n -> Stream.of(n, "_" + n)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public BaseJsonLikeObject getRootObject() {
        return new Obj(root, Role.RESOURCE, stubs);
    }

    @Override
    public JsonLikeStructure getInstance() {
        throw new UnsupportedOperationException("a projected request tree is parsed, never re-created");
    }

    @Override
    public void load(Reader reader) {
        throw new UnsupportedOperationException("a projected request tree is already parsed");
    }

    @Override
    public void load(Reader reader, boolean allowArray) {
        throw new UnsupportedOperationException("a projected request tree is already parsed");
    }

    @Override
    public BaseJsonLikeWriter getJsonLikeWriter() {
        throw new UnsupportedOperationException("a projected request tree is only read");
    }

    @Override
    public BaseJsonLikeWriter getJsonLikeWriter(Writer writer) {
        throw new UnsupportedOperationException("a projected request tree is only read");
    }

    /** What of an object is left out: {@code type} is its resourceType when it stands as a resource. */
    private static Set<String> dropped(ObjectNode object, Role role, String type) {
        if (role == Role.ENTRY) {
            return DROP_ENTRY;
        }
        if (role == Role.PLAIN) {
            return Set.of();
        }
        return switch (type) {
            case "Bundle" -> Set.of();
            case "Patient" -> DROP_PATIENT;
            case "Observation" -> EFFECTIVE.stream().anyMatch(object::has) ? DROP_DATED_OBSERVATION : DROP;
            default -> DROP;
        };
    }

    /** The role of the named child of an object in {@code role}. */
    private static Role childRole(Role role, boolean bundle, String name) {
        if (role == Role.ENTRY && name.equals("resource")) {
            return Role.RESOURCE;
        }
        if (role == Role.RESOURCE && bundle && name.equals("entry")) {
            return Role.ENTRY; // for the entry array: its elements are entries
        }
        return Role.PLAIN;
    }

    private static final class Obj extends BaseJsonLikeObject {
        private final ObjectNode node;
        private final Role role;
        private final boolean bundle;
        private final Set<String> dropped;
        private final Set<JsonNode> stubs;
        private List<String> names;
        private boolean underscored;

        Obj(ObjectNode node, Role role, Set<JsonNode> stubs) {
            this.node = node;
            this.role = role;
            this.stubs = stubs;
            String type = role == Role.RESOURCE ? node.path("resourceType").asText() : "";
            this.bundle = type.equals("Bundle");
            this.dropped = dropped(node, role, type);
        }

        private List<String> names() {
            if (names == null && role == Role.RESOURCE && !stubs.isEmpty() && stubs.contains(node)) {
                names = List.of("resourceType");
            }
            if (names == null) {
                List<String> kept = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!name.isEmpty() && name.charAt(0) == '_') {
                        underscored = true;
                    }
                    if (dropped.isEmpty() || !dropped.contains(name)) {
                        kept.add(name);
                    }
                }
                names = kept;
            }
            return names;
        }

        @Override
        public Object getValue() {
            return null;
        }

        @Override
        public Iterator<String> keyIterator() {
            return names().iterator();
        }

        @Override
        public BaseJsonLikeValue get(String key) {
            names();
            if (!underscored && !key.isEmpty() && key.charAt(0) == '_') {
                return null;
            }
            // a dropped name is never asked for: HAPI asks for the names it was given, their "_" forms (dropped
            // with them) and a few it knows (resourceType, id), which are never dropped
            if (names.size() == 1 && role == Role.RESOURCE && !key.equals("resourceType") && stubs.contains(node)) {
                return null;
            }
            JsonNode child = node.get(key);
            return child == null ? null : new Value(child, childRole(role, bundle, key), stubs);
        }
    }

    private static final class Arr extends BaseJsonLikeArray {
        private final ArrayNode node;
        private final Role elementRole;
        private final Set<JsonNode> stubs;

        Arr(ArrayNode node, Role elementRole, Set<JsonNode> stubs) {
            this.node = node;
            this.elementRole = elementRole;
            this.stubs = stubs;
        }

        @Override
        public Object getValue() {
            return null;
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public BaseJsonLikeValue get(int index) {
            JsonNode child = node.get(index);
            return child == null ? null : new Value(child, elementRole, stubs);
        }
    }

    /** Any value; for an array, {@code role} is its elements' role. */
    private static final class Value extends BaseJsonLikeValue {
        private final JsonNode node;
        private final Role role;
        private final Set<JsonNode> stubs;
        private BaseJsonLikeObject object;
        private BaseJsonLikeArray array;

        Value(JsonNode node, Role role, Set<JsonNode> stubs) {
            this.node = node;
            this.role = role;
            this.stubs = stubs;
        }

        @Override
        public ValueType getJsonType() {
            return switch (node.getNodeType()) {
                case NULL, MISSING -> ValueType.NULL;
                case OBJECT -> ValueType.OBJECT;
                case ARRAY -> ValueType.ARRAY;
                default -> ValueType.SCALAR;
            };
        }

        @Override
        public ScalarType getDataType() {
            if (node.isNumber()) {
                return ScalarType.NUMBER;
            }
            if (node.isTextual()) {
                return ScalarType.STRING;
            }
            return node.isBoolean() ? ScalarType.BOOLEAN : null;
        }

        @Override
        public Object getValue() {
            if (!node.isValueNode()) {
                return null;
            }
            if (node.isNumber()) {
                return node.numberValue();
            }
            return node.isBoolean() ? (Object) node.booleanValue() : node.asText();
        }

        @Override
        public BaseJsonLikeObject getAsObject() {
            if (object == null && node instanceof ObjectNode o) {
                object = new Obj(o, role, stubs);
            }
            return object;
        }

        @Override
        public BaseJsonLikeArray getAsArray() {
            if (array == null && node instanceof ArrayNode a) {
                array = new Arr(a, role, stubs);
            }
            return array;
        }

        @Override
        public String getAsString() {
            return node instanceof DecimalNode d ? d.decimalValue().toPlainString() : node.asText();
        }

        @Override
        public Number getAsNumber() {
            return node.numberValue();
        }

        @Override
        public boolean getAsBoolean() {
            return node.isBoolean() ? node.booleanValue() : super.getAsBoolean();
        }
    }
}
