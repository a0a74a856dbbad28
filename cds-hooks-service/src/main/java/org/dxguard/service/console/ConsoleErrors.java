package org.dxguard.service.console;

import org.dxguard.model.ErrorCode;

/** Error codes of the web console (DXG-0170…0179, inside the service's 0100–0199 range). */
public final class ConsoleErrors {
    private ConsoleErrors() {}

    public static final ErrorCode AUTH_REQUIRED = ErrorCode.of("DXG-0170", false,
        "Log in at /console/login with the admin token (bin/dxguard console-token), or send "
            + "'Authorization: Bearer <CDS Hooks JWT>' signed by a trusted EHR with aud = the URL called.");
    public static final ErrorCode TOKEN_FILE = ErrorCode.of("DXG-0171", false,
        "The console admin token could not be written under the data directory; check its permissions, or start "
            + "with --no-console.");
    public static final ErrorCode SAFETY_SUITES = ErrorCode.of("DXG-0172", false,
        "The safety suites for the veto report could not be read or run; check --safety-suites / "
            + "DXGUARD_SAFETY_SUITES (dxguard safety run DIR shows the problem).");
    public static final ErrorCode CROSS_SITE = ErrorCode.of("DXG-0173", false,
        "The console accepts form posts only from its own pages; open /console/login in the browser.");
    public static final ErrorCode BAD_QUERY = ErrorCode.of("DXG-0174", false,
        "A query parameter is invalid; page and size are whole numbers (size 1..200), seq a record number.");
}
