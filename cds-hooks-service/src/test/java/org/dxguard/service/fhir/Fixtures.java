package org.dxguard.service.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Reads the FHIR fixtures under {@code src/test/resources/fhir/}. */
final class Fixtures {
    /** The moment all fixture-based tests describe. */
    static final Instant AS_OF = Instant.parse("2026-11-29T12:00:00Z");
    static final FhirFacts FHIR = FhirFacts.create();

    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fhir/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture /fhir/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<IBaseResource> resources(String name) {
        return FHIR.resources(FHIR.parse(text(name)));
    }
}
