package org.dxguard.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dxguard.model.testing.RepoPaths;

/** Test fixtures read from src/test/resources, and the location of ../shared. */
public final class Fixtures {
    private Fixtures() {}

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    /** A request fixture with its {@code __RECENT__} dates set to 30 days ago, so labs are never "too old". */
    public static byte[] withRecentDates(String resource) {
        String recent = java.time.Instant.now().minus(30, java.time.temporal.ChronoUnit.DAYS)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return text(resource).replace("__RECENT__", recent).getBytes(StandardCharsets.UTF_8);
    }

    /** The shared/ folder beside the repository ({@link RepoPaths#shared()}), or null when absent. */
    public static Path shared() {
        return RepoPaths.shared().orElse(null);
    }
}
