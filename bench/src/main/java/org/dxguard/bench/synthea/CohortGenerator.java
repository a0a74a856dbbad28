package org.dxguard.bench.synthea;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.mitre.synthea.engine.Generator;
import org.mitre.synthea.export.Exporter;
import org.mitre.synthea.helpers.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic cohort of FHIR R4 patients generated in-process by Synthea 3.3.0 (offline, Apache-2.0; no real PHI):
 * the load of {@code dxguard bench replay}, and the cohort of this module's Synthea tests.
 *
 * <p>Generation parameters (equivalent to the command line {@code -p COUNT -s SEED -cs SEED -a 40-90
 * -r 20260601 --exporter.fhir.export true --exporter.hospital.fhir.export false
 * --exporter.practitioner.fhir.export false --exporter.metadata.export false
 * --exporter.fhir.transaction_bundle false --generate.only_alive_patients true
 * --exporter.fhir.excluded_resources ...}): living adults aged 40–90 (diabetes, CKD, metformin, insulin are
 * common), one {@code collection} Bundle per patient, billing and document resources left out to keep files
 * small, a fixed reference date ({@link #REFERENCE_TIME}) so that a seed always gives the same cohort.
 *
 * <p>{@link Notes#WITH_NOTES} keeps Synthea's clinical notes: one {@code DocumentReference} per encounter (status
 * {@code current}, a {@code text/plain} attachment in base64 with chief complaint, history, medications and
 * assessment; <b>the history names the patient</b>, so the service must de-identify it). A notes cohort is cached
 * apart ({@code seed-S-n-N-notes}), so the cohorts cached without notes stay valid and are never regenerated.
 *
 * <p>Output goes to {@code outDir/fhir/*.json} and is cached: a directory holding a completed run (marker file
 * {@code .complete}) is reused, an interrupted run (only {@code fhir/}) is cleared and generated again, any other
 * non-empty directory is refused, and so is a completed run without notes when notes are asked for. Synthea's
 * configuration is global, so generation is serialised ({@code synchronized}); Synthea's progress lines go to
 * stderr while it runs.
 */
public final class CohortGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(CohortGenerator.class);
    /** The "today" of every generated cohort (Synthea's reference and end time). */
    public static final Instant REFERENCE_TIME = Instant.parse("2026-06-01T00:00:00Z");
    public static final int MIN_AGE = 40;
    public static final int MAX_AGE = 90;
    /** FHIR resource types Synthea should not write (claims, documents, provenance…: not used by dxguard). */
    public static final String EXCLUDED_RESOURCES = "Claim,ExplanationOfBenefit,DocumentReference,Provenance,"
        + "SupplyDelivery,ImagingStudy,Device,CareTeam,CarePlan,Media";
    /** {@link #EXCLUDED_RESOURCES} less {@code DocumentReference}: the resources a notes cohort leaves out. */
    public static final String EXCLUDED_RESOURCES_WITH_NOTES = "Claim,ExplanationOfBenefit,Provenance,"
        + "SupplyDelivery,ImagingStudy,Device,CareTeam,CarePlan,Media";
    private static final String COMPLETE_MARKER = ".complete";
    /** What the {@code .complete} marker of a notes cohort says. */
    private static final String NOTES_MARKER = "notes=true";

    /** Whether a cohort carries Synthea's clinical notes ({@code DocumentReference}). */
    public enum Notes {
        /** Without documents (the default; smaller files, the cohorts cached before notes existed). */
        WITHOUT_NOTES,
        /** With one clinical note per encounter. */
        WITH_NOTES;

        /** The cache directory's name of a run: {@code seed-S-n-N}, with {@code -notes} for a notes cohort. */
        public String directory(long seed, int count) {
            return "seed-" + seed + "-n-" + count + (this == WITH_NOTES ? "-notes" : "");
        }
    }
    /** Patients per Synthea run in {@link #cohort(Path, int, long)}. */
    public static final int CHUNK = 120;

    private CohortGenerator() {}

    /**
     * A cohort of {@code patients} patients of any size under {@code baseDir}: runs of at most {@value #CHUNK}
     * patients with seeds {@code seed}, {@code seed}+1, ..., each cached in {@code baseDir/seed-S-n-N}.
     */
    public static List<Path> cohort(Path baseDir, int patients, long seed) {
        return cohort(baseDir, patients, seed, Notes.WITHOUT_NOTES);
    }

    /**
     * {@link #cohort(Path, int, long)} with or without clinical notes; a notes cohort's runs are cached in
     * {@code baseDir/seed-S-n-N-notes}.
     */
    public static List<Path> cohort(Path baseDir, int patients, long seed, Notes notes) {
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1, was " + patients);
        }
        List<Path> bundles = new java.util.ArrayList<>();
        for (long s = seed; bundles.size() < patients; s++) {
            int count = Math.min(CHUNK, patients - bundles.size());
            List<Path> files = generate(baseDir.resolve(notes.directory(s, count)), count, s, notes);
            if (files.isEmpty()) {
                throw new IllegalStateException("Synthea produced no patients for seed " + s);
            }
            bundles.addAll(files.subList(0, Math.min(files.size(), patients - bundles.size())));
        }
        return bundles;
    }

    /**
     * Generates {@code count} patients with {@code seed} into {@code outDir} unless a completed run is already
     * there; returns the patient Bundle files, sorted by name.
     */
    public static List<Path> generate(Path outDir, int count, long seed) {
        return generate(outDir, count, seed, Notes.WITHOUT_NOTES);
    }

    /**
     * {@link #generate(Path, int, long)} with or without clinical notes. A completed run without notes is refused
     * when notes are asked for (it is never silently regenerated); a notes run serves a call without notes too.
     */
    public static synchronized List<Path> generate(Path outDir, int count, long seed, Notes notes) {
        if (count < 1 || count > 200) {
            throw new IllegalArgumentException("count must be between 1 and 200, was " + count);
        }
        try {
            Path marker = outDir.resolve(COMPLETE_MARKER);
            if (Files.exists(marker)) {
                if (notes == Notes.WITH_NOTES && !Files.readString(marker).contains(NOTES_MARKER)) {
                    throw new IllegalStateException(outDir + " holds a cohort generated without clinical notes; "
                        + "give a notes cohort its own directory (" + notes.directory(seed, count) + ")");
                }
                return bundles(outDir);
            }
            clear(outDir);
            Files.createDirectories(outDir);
            long started = System.nanoTime();
            run(outDir, count, seed, notes);
            long ms = (System.nanoTime() - started) / 1_000_000;
            List<Path> files = bundles(outDir);
            Files.writeString(marker, "count=" + count + " seed=" + seed + " files=" + files.size() + " ms=" + ms
                + (notes == Notes.WITH_NOTES ? " " + NOTES_MARKER : "") + "\n");
            LOG.info("Synthea generated {} patients (seed {}, ages {}-{}, {}) in {} ms into {}", files.size(), seed,
                MIN_AGE, MAX_AGE, notes, ms, outDir);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path outDir, int count, long seed, Notes notes) {
        quietHapiLogging();
        Config.set("exporter.baseDirectory", outDir.toAbsolutePath() + "/");
        Config.set("exporter.fhir.export", "true");
        Config.set("exporter.fhir.transaction_bundle", "false");
        Config.set("exporter.fhir.excluded_resources",
            notes == Notes.WITH_NOTES ? EXCLUDED_RESOURCES_WITH_NOTES : EXCLUDED_RESOURCES);
        Config.set("exporter.hospital.fhir.export", "false");
        Config.set("exporter.practitioner.fhir.export", "false");
        Config.set("exporter.metadata.export", "false");
        Config.set("exporter.ccda.export", "false");
        Config.set("exporter.csv.export", "false");
        Config.set("exporter.text.export", "false");
        Config.set("generate.only_alive_patients", "true");
        Generator.GeneratorOptions options = new Generator.GeneratorOptions();
        options.population = count;
        options.seed = seed;
        options.clinicianSeed = seed;
        options.ageSpecified = true;
        options.minAge = MIN_AGE;
        options.maxAge = MAX_AGE;
        options.referenceTime = REFERENCE_TIME.toEpochMilli();
        options.endTime = REFERENCE_TIME.toEpochMilli();
        java.io.PrintStream stdout = System.out;
        System.setOut(System.err); // Synthea prints its progress on stdout; a CLI's stdout carries results only
        try {
            new Generator(options, new Exporter.ExporterRuntimeOptions()).run();
        } finally {
            System.setOut(stdout);
        }
    }

    private static List<Path> bundles(Path outDir) throws IOException {
        Path fhir = outDir.resolve("fhir");
        if (!Files.isDirectory(fhir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fhir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Removes an incomplete earlier run; refuses to touch a directory that holds anything else. */
    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            if (!names.stream().allMatch("fhir"::equals)) {
                throw new IllegalStateException(dir + " is not empty and holds no completed Synthea cohort; "
                    + "choose an empty directory or delete it");
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** HAPI logs every model class it scans at DEBUG; that drowns the test output during generation. */
    private static void quietHapiLogging() {
        if (LoggerFactory.getLogger("ca.uhn.fhir") instanceof ch.qos.logback.classic.Logger hapi) {
            hapi.setLevel(ch.qos.logback.classic.Level.INFO);
        }
    }
}
