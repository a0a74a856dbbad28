package org.dxguard.guidelines;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A directory packaged on the classpath (the guideline packages, the starter safety suites) as a {@link Path}: a
 * plain directory when running from {@code target/classes}, or a directory inside the jar's file system (opened
 * once and shared) when running from the application jar.
 */
public final class ClasspathDirectory {
    private ClasspathDirectory() {}

    /**
     * The classpath directory {@code dir}, found through {@code marker}, a file inside it (a path relative to
     * {@code dir}, e.g. {@code terminology/drugs.csv}); empty when the marker is not on the classpath.
     *
     * @throws IOException when the jar holding it cannot be opened as a file system
     */
    public static synchronized Optional<Path> find(ClassLoader loader, String dir, String marker) throws IOException {
        URL url = loader.getResource(dir + "/" + marker);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return Optional.of(fs.getPath("/" + dir));
            }
            Path p = Path.of(uri);
            for (int i = 0; i < marker.split("/").length; i++) {
                p = p.getParent();
            }
            return Optional.of(p);
        } catch (URISyntaxException e) {
            throw new IOException("classpath URL " + url + " is not a valid URI: " + e.getMessage(), e);
        }
    }
}
