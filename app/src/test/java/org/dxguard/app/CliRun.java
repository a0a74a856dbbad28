package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test support: one in-process run of {@code bin/dxguard ARGS}, with its exit code and what it printed. */
public record CliRun(int code, String out, String err) {

    /** Runs the command line in this JVM, as {@code Main} does, capturing stdout and stderr. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DxGuardCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The {@code name=value} lines of stdout. */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /** The whole-number value of a {@code name=value} line, which must be there. */
    public int number(String name) {
        assertThat(values()).as(out).containsKey(name);
        return Integer.parseInt(values().get(name));
    }
}
