package org.dxguard.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dxguard.model.testing.RepoPaths;

/** Test helpers: the shipped terminology (../guidelines/terminology) and DRL fixtures. */
final class TestData {
    private TestData() {}

    /** The repository's guidelines/ folder. */
    static Path guidelinesDir() {
        return RepoPaths.repo("guidelines");
    }

    static Terminology terminology() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : Terminology.FILES) {
            Path p = guidelinesDir().resolve("terminology").resolve(f);
            files.put(f, read(p));
        }
        return Terminology.parse(files);
    }

    /** Every table of the shipped terminology as the loader reads it, the Chinese drug and condition names included. */
    static Terminology terminologyWithNames() {
        Path dir = guidelinesDir().resolve("terminology");
        Map<String, String> files = new LinkedHashMap<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(Terminology::isTableFile).sorted()
                .forEach(f -> files.put(f, read(dir.resolve(f))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String f : Terminology.NAME_FILES_ZH) {
            files.put(f, read(dir.resolve(f)));
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
