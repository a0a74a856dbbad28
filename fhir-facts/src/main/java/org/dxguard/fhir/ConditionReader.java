package org.dxguard.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import org.hl7.fhir.r4.model.Condition;

/**
 * Reads the common, well-formed shape of a Condition (a problem-list entry or encounter diagnosis as EHRs and
 * Synthea send it, current or resolved) straight from the request's JSON tree into the HAPI {@link Condition} that
 * HAPI's parser would build from the same projected tree ({@link ProjectedJson}), as {@link ObservationReader} does
 * for Observations (issue 21: the history conditions of issue 16 made Conditions a realistic call's largest HAPI
 * parse after the Observations). Package-private.
 *
 * <p>Only the elements the mapping reads, each in the shape {@link ObservationReader} reads exactly as HAPI does:
 * {@code id}, {@code clinicalStatus}, {@code verificationStatus}, {@code code}, {@code onsetDateTime} or
 * {@code onsetPeriod}, {@code recordedDate}, {@code abatementDateTime} or {@code abatementPeriod}. Anything else
 * (another element or choice, an extension on a primitive, an unusual member, a value HAPI would refuse) gives
 * {@code null}: the caller hands that Condition to HAPI, which accepts or refuses it as before. The elements the
 * projection hides are not looked at. {@code ObservationReaderTest} and {@code TreeReadersTest} check that what it
 * builds equals HAPI's parse on every fixture.
 */
final class ConditionReader {
    private ConditionReader() {}

    /** The Condition as HAPI would parse it from the projected tree, or null when HAPI must read it. */
    static Condition read(ObjectNode json) {
        return ObservationReader.orNull(ConditionReader::readOrNull, json);
    }

    private static Condition readOrNull(ObjectNode json) {
        if (!"Condition".equals(ObservationReader.text(json.get("resourceType")))) {
            return null;
        }
        Set<String> hidden = ProjectedJson.elementsHidden(json);
        Condition c = new Condition();
        int onsets = 0;
        int abatements = 0;
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("resourceType") || hidden.contains(name)) {
                continue;
            }
            onsets += name.startsWith("onset") ? 1 : 0;
            abatements += name.startsWith("abatement") ? 1 : 0;
            if (onsets > 1 || abatements > 1) {
                return null; // two choices of one element: HAPI's business
            }
            JsonNode v = json.get(name);
            boolean ok = switch (name) {
                case "id" -> ObservationReader.set(ObservationReader.id(v, "Condition"), c::setIdElement);
                case "clinicalStatus" -> ObservationReader.set(ObservationReader.concept(v), c::setClinicalStatus);
                case "verificationStatus" ->
                    ObservationReader.set(ObservationReader.concept(v), c::setVerificationStatus);
                case "code" -> ObservationReader.set(ObservationReader.concept(v), c::setCode);
                case "onsetDateTime" -> ObservationReader.set(ObservationReader.dateTime(v), c::setOnset);
                case "onsetPeriod" -> ObservationReader.set(ObservationReader.period(v), c::setOnset);
                case "recordedDate" ->
                    ObservationReader.set(ObservationReader.dateTime(v), c::setRecordedDateElement);
                case "abatementDateTime" -> ObservationReader.set(ObservationReader.dateTime(v), c::setAbatement);
                case "abatementPeriod" -> ObservationReader.set(ObservationReader.period(v), c::setAbatement);
                default -> false;
            };
            if (!ok) {
                return null;
            }
        }
        return c;
    }
}
