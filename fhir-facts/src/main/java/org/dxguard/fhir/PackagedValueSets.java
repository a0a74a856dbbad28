package org.dxguard.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.rules.Terminology;

/**
 * The value sets the mapping reads when its caller gives none ({@link FhirFacts#create()}): the packaged guideline
 * terminology on the classpath ({@code guidelines/terminology/}, shipped by guideline-loader), read once. The service
 * passes the loaded guidelines' terminology instead ({@link FhirFacts#create(java.util.function.Supplier)}), so a
 * reload applies an author's edit. Package-private.
 */
final class PackagedValueSets {
    /** The tables the mapping reads: pregnancy conditions (with the SNOMED CT descendants), tests and procedures. */
    static final List<String> FILES = List.of("conditions.csv", "snomed-descendants.csv", "pregnancy-tests.csv",
        "dialysis-procedures.csv");
    private static final String DIR = "guidelines/terminology/";

    private PackagedValueSets() {}

    private static final class Holder {
        static final Terminology TERMINOLOGY = read();
    }

    static Terminology get() {
        return Holder.TERMINOLOGY;
    }

    private static Terminology read() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : FILES) {
            try (InputStream in = PackagedValueSets.class.getClassLoader().getResourceAsStream(DIR + f)) {
                if (in == null) {
                    throw new IllegalStateException(DIR + f + " is missing from the classpath: pass the loaded "
                        + "guidelines' terminology to FhirFacts.create(terminology)");
                }
                files.put(f, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Terminology.parse(files);
    }
}
