package org.dxguard.app;

import java.nio.file.Path;
import org.dxguard.service.ServiceConfig;
import picocli.CommandLine.Option;

/** {@code --data-dir} of the commands that read an instance's data directory: flag, else env, else the default. */
final class DataDirOption {
    @Option(names = "--data-dir", defaultValue = "${env:DXGUARD_DATA_DIR}", description = "Data directory.")
    Path dataDir;

    /** The directory given, or {@link ServiceConfig#defaultDataDir()} (what {@code serve} uses when none is). */
    Path resolve() {
        return dataDir == null ? ServiceConfig.defaultDataDir() : dataDir;
    }
}
