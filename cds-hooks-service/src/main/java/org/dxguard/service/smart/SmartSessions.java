package org.dxguard.service.smart;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.dxguard.service.ask.AskRoute;
import org.dxguard.service.ask.AskService;

/**
 * The SMART app's sessions: one per completed launch, bound to the patient of the token response, the FHIR server
 * it was launched from, the access token the EHR lent, the EHR's issuer and the hook instance of the card that
 * launched it. The app's page carries only an opaque random token ({@code dxgs_} + 256 bits); nothing of the
 * session leaves the server. A session ends when the access token would expire (at most 1 h) or the service
 * restarts. Thread-safe.
 */
public final class SmartSessions implements AskRoute.Sessions {
    /** Longest session, whatever the token's lifetime. */
    static final Duration MAX = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One launched session. */
    public record Session(String token, String patientId, String fhirServer, String accessToken, String issuer,
                          String fhirUser, String encounterId, String hookInstance, Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[patient ***, expires " + expiresAt + "]";
        }
    }

    private final Clock clock;
    private final Cache<String, Session> sessions;

    public SmartSessions(Clock clock) {
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.sessions = Caffeine.newBuilder().maximumSize(50_000).expireAfter(new Expiry<String, Session>() {
            @Override
            public long expireAfterCreate(String k, Session s, long now) {
                return Math.max(0, Duration.between(SmartSessions.this.clock.instant(), s.expiresAt()).toNanos());
            }

            @Override
            public long expireAfterUpdate(String k, Session s, long now, long current) {
                return current;
            }

            @Override
            public long expireAfterRead(String k, Session s, long now, long current) {
                return current;
            }
        }).build();
    }

    /** Opens a session; its token is what the app's page holds. */
    Session open(String patientId, String fhirServer, String accessToken, String issuer, String fhirUser,
                 String encounterId, String hookInstance, long expiresInSeconds) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String token = AskRoute.SESSION_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Duration life = expiresInSeconds > 0 ? Duration.ofSeconds(expiresInSeconds) : MAX;
        life = life.compareTo(MAX) > 0 ? MAX : life;
        Session s = new Session(token, patientId, fhirServer, accessToken, issuer, fhirUser, encounterId, hookInstance,
            clock.instant().plus(life));
        sessions.put(token, s);
        return s;
    }

    /** The live session of a token. */
    public Optional<Session> find(String token) {
        if (token == null || !token.startsWith(AskRoute.SESSION_PREFIX)) {
            return Optional.empty();
        }
        Session s = sessions.getIfPresent(token);
        if (s == null || !clock.instant().isBefore(s.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    @Override
    public Optional<AskService.AppSession> session(String bearerToken) {
        return find(bearerToken).map(s -> new AskService.AppSession(s.patientId(), s.fhirServer(), s.accessToken(),
            s.issuer()));
    }
}
