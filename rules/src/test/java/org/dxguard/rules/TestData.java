package org.dxguard.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: the shipped terminology (../guidelines/terminology) and DRL fixtures. */
final class TestData {
    private TestData() {}

    /** Walks up from the working directory to the repository's guidelines/ folder. */
    static Path guidelinesDir() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null) {
            Path g = p.resolve("guidelines/terminology/drugs.csv");
            if (Files.exists(g)) {
                return p.resolve("guidelines");
            }
            p = p.getParent();
        }
        throw new IllegalStateException("guidelines/terminology not found above " + System.getProperty("user.dir"));
    }

    static Terminology terminology() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : Terminology.FILES) {
            Path p = guidelinesDir().resolve("terminology").resolve(f);
            files.put(f, read(p));
        }
        return Terminology.parse(files);
    }

    static RuleSource drl(String name) {
        try (var in = TestData.class.getClassLoader().getResourceAsStream("drl/" + name)) {
            return new RuleSource("test", "test/rules/" + name, new String(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
