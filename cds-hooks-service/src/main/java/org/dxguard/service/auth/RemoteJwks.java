package org.dxguard.service.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWKS published at one URL, fetched with the JDK HttpClient (timeout, no redirects, size limit) and cached.
 *
 * <ul>
 *   <li>A fresh snapshot ({@code ttl}) is used without locking.</li>
 *   <li>A stale snapshot is refreshed by one thread; the others keep using it meanwhile. If the refresh fails,
 *       the stale keys stay usable for one more {@code ttl}, then the issuer is {@code JWKS_UNAVAILABLE}.</li>
 *   <li>After a failed fetch, no new fetch is tried for {@link #FAILURE_BACKOFF} (requests fail fast).</li>
 *   <li>An unknown {@code kid} triggers at most one refetch per {@code refetchMinInterval} (key rotation without
 *       letting forged kids hammer the EHR).</li>
 * </ul>
 */
final class RemoteJwks {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);
    static final int MAX_BYTES = 512 * 1024;

    private record Snapshot(KeySet keys, long fetchedAtMillis) {}

    private final String url;
    private final URI uri;
    private final HttpClient http;
    private final Clock clock;
    private final Duration fetchTimeout;
    private final long ttlMillis;
    private final long refetchMinIntervalMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger fetches = new AtomicInteger();

    private volatile Snapshot snapshot;
    private volatile long noFetchBeforeMillis = Long.MIN_VALUE;
    private volatile long nextKidRefetchAllowedMillis = Long.MIN_VALUE;
    private volatile String lastFailure = "not fetched yet";

    RemoteJwks(String url, HttpClient http, Clock clock, Duration fetchTimeout, Duration ttl,
               Duration refetchMinInterval) {
        this.url = url;
        this.uri = URI.create(url);
        this.http = http;
        this.clock = clock;
        this.fetchTimeout = fetchTimeout;
        this.ttlMillis = ttl.toMillis();
        this.refetchMinIntervalMillis = refetchMinInterval.toMillis();
    }

    String url() {
        return url;
    }

    /** The current keys, fetching or refreshing them if needed. */
    KeySet keys() {
        long now = clock.millis();
        Snapshot s = snapshot;
        if (s != null && now < s.fetchedAtMillis() + ttlMillis) {
            return s.keys();
        }
        boolean usableStale = s != null && now < s.fetchedAtMillis() + 2 * ttlMillis;
        if (usableStale) {
            if (now >= noFetchBeforeMillis && lock.tryLock()) {
                try {
                    refreshIfStillStale(now);
                } finally {
                    lock.unlock();
                }
            }
            Snapshot current = snapshot;
            return current.keys(); // the refreshed snapshot, or the stale one within its grace period
        }
        lock.lock();
        try {
            if (now >= noFetchBeforeMillis) {
                refreshIfStillStale(now);
            }
            Snapshot current = snapshot;
            if (current != null && now < current.fetchedAtMillis() + 2 * ttlMillis) {
                return current.keys();
            }
        } finally {
            lock.unlock();
        }
        throw unavailable();
    }

    /**
     * Called when {@code kid} is not in {@code seen}: refetches once if the rate limit allows and returns the keys
     * then current (which may still lack the kid).
     */
    KeySet keysAfterUnknownKid(KeySet seen) {
        lock.lock();
        try {
            Snapshot current = snapshot;
            if (current != null && current.keys() != seen) {
                return current.keys(); // another thread refreshed meanwhile
            }
            long now = clock.millis();
            if (now < nextKidRefetchAllowedMillis || now < noFetchBeforeMillis) {
                return seen;
            }
            nextKidRefetchAllowedMillis = now + refetchMinIntervalMillis;
            if (!fetch(now)) {
                throw unavailable();
            }
            return snapshot.keys();
        } finally {
            lock.unlock();
        }
    }

    /** How many fetches were attempted (for tests and metrics). */
    int fetchCount() {
        return fetches.get();
    }

    private void refreshIfStillStale(long now) {
        Snapshot s = snapshot;
        if (s == null || now >= s.fetchedAtMillis() + ttlMillis) {
            fetch(now);
        }
    }

    /** Fetches and installs a new snapshot; false (with the failure remembered and logged) if that failed. */
    private boolean fetch(long now) {
        fetches.incrementAndGet();
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(fetchTimeout)
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    return failed(now, "response larger than " + MAX_BYTES + " bytes");
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            if (response.statusCode() != 200) {
                return failed(now, "HTTP status " + response.statusCode());
            }
            KeySet keys = KeySet.of(publicKeysWithKid(JWKSet.parse(body)));
            snapshot = new Snapshot(keys, now);
            noFetchBeforeMillis = Long.MIN_VALUE;
            LOG.debug("fetched JWKS {} ({} usable keys)", url, keys.size());
            return true;
        } catch (ParseException e) {
            return failed(now, "not a JWK set (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(now, "interrupted");
        } catch (IOException | RuntimeException e) {
            return failed(now, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private List<JWK> publicKeysWithKid(JWKSet set) {
        List<JWK> keys = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk.getKeyID() == null || jwk.getKeyID().isBlank()) {
                continue;
            }
            if (!kids.add(jwk.getKeyID())) {
                LOG.warn("JWKS {}: duplicate kid {}; using the first key", url, jwk.getKeyID());
                continue;
            }
            if (jwk.isPrivate()) {
                JWK pub = jwk.toPublicJWK();
                if (pub == null) {
                    LOG.warn("JWKS {}: kid {} is a symmetric key; ignored", url, jwk.getKeyID());
                    continue;
                }
                LOG.warn("JWKS {}: kid {} publishes private key material; only its public part is used", url,
                    jwk.getKeyID());
                jwk = pub;
            }
            keys.add(jwk);
        }
        return keys;
    }

    private boolean failed(long now, String why) {
        lastFailure = why;
        noFetchBeforeMillis = now + FAILURE_BACKOFF.toMillis();
        LOG.warn("cannot fetch JWKS {}: {}", url, why);
        return false;
    }

    private AuthenticationException unavailable() {
        return new AuthenticationException(AuthenticationException.Reason.JWKS_UNAVAILABLE,
            "JWKS " + url + " is unavailable (" + lastFailure + ")");
    }
}
