package org.dxguard.app;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.dxguard.bench.JwtSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard token}: prints signed CDS Hooks caller JWTs, for trying the API and for load tests (with
 * {@code --count}, one per line for an external load tool such as wrk: every request needs its own, since the
 * service refuses a replayed jti).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Print a signed CDS Hooks caller JWT (each jti is single-use: one token per call).",
        "Example: dxguard token --key ecprivkey.pem --kid KID --iss https://sandbox.cds-hooks.org "
            + "--aud http://localhost:8080/cds-services",
        "With --count N: N tokens, one per line, for an external load tool (GENERATOR=wrk bench/scripts/stages.sh)."})
public final class TokenCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "PKCS#8 PEM private key (EC P-256/P-384 or RSA).")
    Path key;

    @Option(names = "--kid", required = true, description = "Key id the service finds in the issuer's JWKS.")
    String kid;

    @Option(names = "--iss", required = true, description = "Issuer, as listed in the trusted EHRs file.")
    String issuer;

    @Option(names = "--aud", required = true, description = "The exact URL the token will be sent to.")
    String audience;

    @Option(names = "--jku", description = "Optional jku header (must be allow-listed for the issuer).")
    URI jku;

    @Option(names = "--sub", description = "Client id (default: the issuer).")
    String subject;

    @Option(names = "--tenant", description = "Optional tenant claim.")
    String tenant;

    @Option(names = "--ttl-seconds", defaultValue = "300", description = "Lifetime (default ${DEFAULT-VALUE}).")
    long ttlSeconds;

    /** The most tokens one run prints (a load tool's whole run, with room to spare). */
    static final int MAX_COUNT = 1_000_000;

    @Option(names = "--count", defaultValue = "1",
        description = "How many tokens, one per line, each with its own jti (1 to " + MAX_COUNT
            + "; default ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() {
        if (count < 1 || count > MAX_COUNT) {
            throw new ParameterException(spec.commandLine(),
                "--count must be between 1 and " + MAX_COUNT + ", was " + count);
        }
        JwtSigner signer = JwtSigner.fromPem(key, kid, issuer, jku);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < count; i++) {
            out.println(signer.sign(audience, subject, tenant, Duration.ofSeconds(ttlSeconds)));
        }
        out.flush();
        return 0;
    }
}
