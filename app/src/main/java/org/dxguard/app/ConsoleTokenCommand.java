package org.dxguard.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard console-token}: prints the web console's admin token of a running instance (the service writes a
 * fresh one to {@code <data-dir>/console-token}, owner-readable only, at every start).
 */
@Command(name = "console-token", mixinStandardHelpOptions = true,
    description = "Print the web console's admin token (written by 'serve' to <data-dir>/console-token at every "
        + "start) and the console's address.")
public final class ConsoleTokenCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDirOption dataDir;

    @Override
    public Integer call() throws IOException {
        Path file = dataDir.resolve().resolve("console-token");
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("dxguard: DXG-0171: no console token at " + file
                + "; start the service (bin/dxguard serve) with this --data-dir first, without --no-console");
            return 1;
        }
        spec.commandLine().getOut().println(Files.readString(file, StandardCharsets.US_ASCII).strip());
        spec.commandLine().getErr().println("log in at http://localhost:<port>/console/ with this token");
        return 0;
    }
}
