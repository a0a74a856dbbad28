package org.dxguard.service.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dxguard token}: prints a signed CDS Hooks caller JWT, for trying the API and for load tests. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = {"Print a signed CDS Hooks caller JWT (one per call: its jti is single-use).",
        "Example: dxguard token --key ecprivkey.pem --kid KID --iss https://sandbox.cds-hooks.org "
            + "--aud http://localhost:8080/cds-services"})
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

    @Override
    public Integer call() {
        JwtSigner signer = JwtSigner.fromPem(key, kid, issuer, jku);
        spec.commandLine().getOut().println(signer.sign(audience, subject, tenant, Duration.ofSeconds(ttlSeconds)));
        return 0;
    }
}
