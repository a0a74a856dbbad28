package org.dxguard.app;

/** {@code bin/dxguard}: the one command-line entry of dxguard. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = DxGuardCommand.run(args);
        if (code != 0 || !DxGuardCommand.isLongRunning(args)) {
            System.exit(code);
        }
    }
}
