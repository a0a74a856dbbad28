package org.dxguard.service.smart;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.ask.AskErrors;

/**
 * dxguard's own key as a confidential SMART client ({@code private_key_jwt}, SMART App Launch 2 "asymmetric client
 * authentication"): an ES384 key created on first start in {@code <data-dir>/secrets/smart-client.jwk} (readable by
 * the service's user only); its public half is served at {@code /smart/jwks.json} for the EHR to register.
 */
public final class SmartClientKey {
    static final String FILE = "smart-client.jwk";
    private final ECKey key;

    private SmartClientKey(ECKey key) {
        this.key = key;
    }

    public static SmartClientKey open(Path dataDir) {
        Path file = dataDir.resolve("secrets").resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                ECKey fresh = new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384)
                    .keyID(UUID.randomUUID().toString()).generate();
                try {
                    Files.writeString(file, fresh.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: the data directory's own permissions apply
                    }
                } catch (FileAlreadyExistsException e) {
                    // another start created it first: use theirs
                }
            }
            return new SmartClientKey(ECKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new DxGuardException(AskErrors.SMART_KEY, "cannot create or read " + file + " ("
                + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The private key (signs client assertions). */
    ECKey key() {
        return key;
    }

    /** The public JWKS to register with the EHR. */
    public String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }
}
