package org.dxguard.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Reads the FHIR fixtures under {@code src/test/resources/fhir/} (shared with the service's tests through this
 * module's test-jar).
 */
public final class Fixtures {
    /** The moment all fixture-based tests describe. */
    public static final Instant AS_OF = Instant.parse("2026-11-29T12:00:00Z");
    public static final FhirFacts FHIR = FhirFacts.create();

    private Fixtures() {}

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fhir/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture /fhir/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<IBaseResource> resources(String name) {
        return FHIR.resources(FHIR.parse(text(name)));
    }
}
