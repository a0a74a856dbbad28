package org.dxguard.graph;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the fixture files under src/test/resources/fixtures. */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }
}
