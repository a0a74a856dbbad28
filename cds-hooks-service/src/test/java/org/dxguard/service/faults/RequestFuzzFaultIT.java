package org.dxguard.service.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the whole HTTP surface from concurrent clients: mutated CDS Hooks bodies (JSON structure,
 * types, truncation, byte flips, huge strings, deep nesting, bad UTF-8, odd encodings), mutated feedback bodies,
 * header garbage (bad and hostile tokens, content types, oversized and numerous headers) and malformed HTTP on a
 * raw socket (request lines, framing, chunking, lengths). Whatever arrives: never a 5xx, never a hang (every
 * request has a timeout), and the heap after GC grows by a bounded amount. Case {@code i} is generated from seed
 * {@code SEED + i}, so a failure names a reproducible case. (Earlier finding kept as a case: HAPI's parser
 * throwing NullPointerException on a Bundle entry with an empty resource, now a 400.)
 *
 * <p>{@code -Ddxguard.fuzz.cases=N} sets the number of cases; default 2000, 10000 with
 * {@code -Ddxguard.faults.long=true}.
 */
class RequestFuzzFaultIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20261129L;
    private static final int CASES = Integer.getInteger("dxguard.fuzz.cases", FaultRun.count(2_000, 10_000));
    private static final int CLIENTS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final long HEAP_GROWTH_LIMIT = 64L * 1024 * 1024;
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String SELECT = "/cds-services/dxguard-medication-select";
    private static TestServer server;
    private static String signSeed;
    private static String feedbackSeed;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false).auditFsync(false));
        signSeed = JSON.readTree(Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"))
            .toString();
        feedbackSeed = JSON.readTree(Fixtures.bytes("cdshooks/feedback-request.json")).toString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What one case did. status: HTTP status; 0: the server closed the connection without an answer. */
    private record Outcome(String kind, int status, long nanos, String failure) {}

    /** One generated case, run and judged. */
    private static Outcome run(int i) {
        Random random = new Random(SEED + i);
        int r = random.nextInt(100);
        long t0 = System.nanoTime();
        try {
            if (r < 50) {
                return http("body", t0, i, SIGN, mutateTree(signSeed, random), null, null, false);
            } else if (r < 60) {
                return hostileBody(i, random, t0);
            } else if (r < 68) {
                return http("feedback", t0, i, SIGN + "/feedback", mutateTree(feedbackSeed, random), null, null,
                    false);
            } else if (r < 85) {
                return headers(i, random, t0);
            } else {
                return raw(i, random, t0);
            }
        } catch (RuntimeException e) {
            return new Outcome("client", -1, System.nanoTime() - t0, "case " + i + " generator: " + e);
        }
    }

    /**
     * Sends over the JDK client. {@code token}: null = a fresh valid sandbox token; "" = no Authorization header.
     * {@code mayClose}: the server may close the connection instead of answering (oversized requests).
     */
    private static Outcome http(String kind, long t0, int i, String path, byte[] body, String token,
                                Map<String, String> headers, boolean mayClose) {
        Outcome first = httpOnce(kind, t0, i, path, body, token, headers, mayClose);
        if (first.status() != 0 || mayClose) {
            return first;
        }
        // the JDK client sent on a kept-alive connection the server had just closed (after an earlier case's error
        // on it): "header parser received no bytes". Once more on a fresh connection; a second failure counts.
        RETRIED.incrementAndGet();
        return httpOnce(kind, t0, i, path, body, token, headers, false);
    }

    /** Cases sent twice because the first attempt met a connection the server had closed. */
    private static final AtomicInteger RETRIED = new AtomicInteger();

    private static Outcome httpOnce(String kind, long t0, int i, String path, byte[] body, String token,
                                    Map<String, String> headers, boolean mayClose) {
        String url = server.url(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        boolean typed = headers != null && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        if (!typed) {
            b.header("Content-Type", "application/json");
        }
        String auth = token == null ? "Bearer " + TestTokens.sandboxToken(url) : token;
        if (!auth.isEmpty()) {
            b.header("Authorization", auth);
        }
        if (headers != null) {
            headers.forEach(b::header);
        }
        try {
            HttpResponse<String> resp = FaultLoad.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String failure = null;
            if (resp.statusCode() >= 500) {
                failure = "case " + i + " (" + kind + ") -> " + resp.statusCode() + " " + resp.body() + " for "
                    + preview(body);
            } else if (resp.statusCode() != 401 && resp.statusCode() != 200 && resp.statusCode() != 204
                && !resp.body().startsWith("{\"error\"")) {
                failure = "case " + i + " (" + kind + ") -> " + resp.statusCode() + " without a JSON error body: "
                    + resp.body();
            }
            return new Outcome(kind, resp.statusCode(), System.nanoTime() - t0, failure);
        } catch (HttpTimeoutException e) {
            return new Outcome(kind, -1, System.nanoTime() - t0, "case " + i + " (" + kind + ") HUNG: no answer "
                + "within " + TIMEOUT + " for " + preview(body));
        } catch (IOException e) {
            return new Outcome(kind, 0, System.nanoTime() - t0, mayClose ? null : "case " + i + " (" + kind
                + ") connection failed: " + e + " for " + preview(body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(kind, -1, System.nanoTime() - t0, "interrupted");
        }
    }

    private static String preview(byte[] body) {
        String s = new String(body, 0, Math.min(200, body.length), StandardCharsets.UTF_8);
        return body.length + " bytes: " + s.replaceAll("\\p{Cntrl}", "?");
    }

    // ------------------------------------------------------------------------------------------ body mutations

    private static byte[] mutateTree(String seed, Random random) {
        byte[] original = seed.getBytes(StandardCharsets.UTF_8);
        int kind = random.nextInt(10);
        if (kind == 0) {
            byte[] b = original.clone();
            for (int n = 0; n < 1 + random.nextInt(8); n++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            return b;
        }
        if (kind == 1) {
            return java.util.Arrays.copyOf(original, random.nextInt(original.length));
        }
        try {
            JsonNode tree = JSON.readTree(seed);
            for (int n = 0; n < 1 + random.nextInt(4); n++) {
                mutateNode(tree, random);
            }
            return tree.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final JsonNode[] REPLACEMENTS = {
        JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode(""),
        JsonNodeFactory.instance.textNode("x".repeat(300)), JsonNodeFactory.instance.numberNode(-1),
        JsonNodeFactory.instance.numberNode(1e308), JsonNodeFactory.instance.numberNode(0),
        JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.arrayNode(),
        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.textNode("2026-13-45"),
        JsonNodeFactory.instance.textNode("Patient/../../etc"), JsonNodeFactory.instance.textNode("\u0000\u202e"),
        JsonNodeFactory.instance.numberNode(new java.math.BigInteger("9".repeat(400))),
        JsonNodeFactory.instance.numberNode(Long.MIN_VALUE), JsonNodeFactory.instance.numberNode(-0.0),
        JsonNodeFactory.instance.textNode("\ud83d\udc8a\u0627\u0644\u062f\u0648\u0627\u0621 二甲双胍"),
        JsonNodeFactory.instance.textNode("{{context.patientId}}"), JsonNodeFactory.instance.textNode("NaN"),
    };

    private static void mutateNode(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode replacement = REPLACEMENTS[random.nextInt(REPLACEMENTS.length)];
        if (target instanceof ObjectNode obj && obj.size() > 0) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(5)) {
                case 0 -> obj.remove(name);
                case 1 -> obj.set(name + "\u0000x", obj.get(name).deepCopy());
                default -> obj.set(name, replacement.deepCopy());
            }
        } else if (target instanceof ArrayNode arr && arr.size() > 0) {
            int idx = random.nextInt(arr.size());
            switch (random.nextInt(3)) {
                case 0 -> arr.set(idx, replacement.deepCopy());
                case 1 -> arr.add(arr.get(idx).deepCopy());
                default -> arr.remove(idx);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    /** Bodies meant to hurt a parser: size, depth, encodings, duplicates, odd top-level values. */
    private static Outcome hostileBody(int i, Random random, long t0) {
        String seed = signSeed;
        byte[] body;
        boolean mayClose = false;
        String kind;
        switch (random.nextInt(12)) {
            case 0 -> {
                kind = "huge-string";
                int size = random.nextInt(20) == 0 ? 17 * 1024 * 1024 : (1 + random.nextInt(2048)) * 1024;
                mayClose = size > 16 * 1024 * 1024;
                body = seed.replace("\"Practitioner/", "\"" + "A".repeat(size) + "Practitioner/")
                    .getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                kind = "deep-nesting";
                int depth = random.nextBoolean() ? 1 + random.nextInt(999) : 1_000 + random.nextInt(100_000);
                boolean arrays = random.nextBoolean();
                String nested = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                body = seed.replace("\"prefetch\":", "\"deep\":" + nested + ",\"prefetch\":")
                    .getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                kind = "bad-utf8";
                byte[] b = seed.getBytes(StandardCharsets.UTF_8);
                int at = seed.indexOf("Practitioner/") + 3;
                byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                    {(byte) 0xE2, (byte) 0x82}};
                byte[] ins = bad[random.nextInt(bad.length)];
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(b, 0, at);
                out.writeBytes(ins);
                out.write(b, at, b.length - at);
                body = out.toByteArray();
            }
            case 3 -> {
                kind = "utf16";
                body = seed.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16);
            }
            case 4 -> {
                kind = "bom";
                body = ("\ufeff" + seed).getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                kind = "duplicate-keys";
                body = seed.replaceFirst("\\{", "{\"hook\":\"patient-view\",\"context\":7,")
                    .getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> {
                kind = "top-level";
                String[] tops = {"", " ", "null", "[]", "\"x\"", "1", "true", "{}", "{", "}", "[{}]", "\u0000"};
                body = tops[random.nextInt(tops.length)].getBytes(StandardCharsets.UTF_8);
            }
            case 7 -> {
                kind = "many-keys";
                StringBuilder sb = new StringBuilder("{\"extra\":{");
                int n = 1_000 + random.nextInt(50_000);
                for (int k = 0; k < n; k++) {
                    sb.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":").append(k);
                }
                body = seed.replaceFirst("\\{", sb.append("},").toString()).getBytes(StandardCharsets.UTF_8);
            }
            case 8 -> {
                kind = "huge-array";
                int n = 10_000 + random.nextInt(200_000);
                body = seed.replace("\"prefetch\":", "\"many\":[" + "0,".repeat(n) + "0],\"prefetch\":")
                    .getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> {
                kind = "huge-number";
                body = seed.replaceFirst("\"value\":\\s*[0-9.]+", "\"value\":" + "9".repeat(1 + random.nextInt(
                    2_000_000)) + (random.nextBoolean() ? "" : "e99999999")).getBytes(StandardCharsets.UTF_8);
            }
            case 10 -> {
                kind = "empty-resource";
                body = seed.replaceFirst("\"resource\":\\s*\\{", "\"resource\":{},\"x\":{")
                    .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                kind = "control-chars";
                StringBuilder sb = new StringBuilder(seed);
                for (int n = 0; n < 1 + random.nextInt(20); n++) {
                    sb.insert(random.nextInt(sb.length()), (char) random.nextInt(32));
                }
                body = sb.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        String path = random.nextInt(4) == 0 ? SELECT : SIGN;
        return http(kind, t0, i, path, body, null, null, mayClose);
    }

    // ------------------------------------------------------------------------------------------ headers

    private static Outcome headers(int i, Random random, long t0) {
        byte[] body = signSeed.getBytes(StandardCharsets.UTF_8);
        String url = server.url(SIGN);
        Instant now = Instant.now();
        java.security.interfaces.ECPrivateKey key = TestTokens.sandboxPrivateKey();
        String token;
        Map<String, String> extra = new TreeMap<>();
        boolean mayClose = false;
        String kind = "token";
        switch (random.nextInt(16)) {
            case 0 -> token = "";
            case 1 -> token = "Bearer";
            case 2 -> token = "Bearer " + randomAscii(random, 1 + random.nextInt(2_000));
            case 3 -> token = "Basic dXNlcjpwYXNz";
            case 4 -> token = "Bearer " + TestTokens.sandboxToken(url, now.minusSeconds(3_600));
            case 5 -> token = "Bearer " + TestTokens.sandboxToken(server.url("/cds-services/other"));
            case 6 -> token = "Bearer " + TestTokens.unsigned(TestTokens.header("none", TestTokens.SANDBOX_KID),
                TestTokens.claims(TestTokens.SANDBOX_ISSUER, url, now));
            case 7 -> token = "Bearer " + TestTokens.hmac(TestTokens.header("HS256", TestTokens.SANDBOX_KID),
                TestTokens.claims(TestTokens.SANDBOX_ISSUER, url, now), "secret".getBytes(StandardCharsets.UTF_8));
            case 8 -> token = "Bearer " + TestTokens.tamperSignature(TestTokens.sandboxToken(url));
            case 9 -> {
                Map<String, Object> claims = TestTokens.claims(TestTokens.SANDBOX_ISSUER, url, now);
                Object[] odd = {null, 12, List.of(), Map.of("a", 1), "x".repeat(5_000), -1, 1e300, true};
                String[] names = {"iss", "aud", "exp", "iat", "jti"};
                claims.put(names[random.nextInt(names.length)], odd[random.nextInt(odd.length)]);
                token = "Bearer " + TestTokens.sign(TestTokens.sandboxHeader(), claims, key);
            }
            case 10 -> {
                Map<String, Object> header = TestTokens.sandboxHeader();
                Object[] odd = {null, "", "../../etc/passwd", "x".repeat(3_000), 42, "https://evil.example/jwks"};
                header.put(random.nextBoolean() ? "kid" : "jku", odd[random.nextInt(odd.length)]);
                token = "Bearer " + TestTokens.sign(header, TestTokens.claims(TestTokens.SANDBOX_ISSUER, url, now),
                    key);
            }
            case 11 -> {
                kind = "content-type";
                token = null;
                String[] types = {"text/plain", "application/xml", "application/json; charset=utf-16",
                    "application/json; charset=klingon", "multipart/form-data; boundary=x", "json",
                    "application/" + "j".repeat(5_000), ""};
                extra.put("Content-Type", types[random.nextInt(types.length)]);
            }
            case 12 -> {
                kind = "big-header";
                mayClose = true;
                token = null;
                extra.put("X-Fuzz", randomAscii(random, 1_000 + random.nextInt(64_000)));
            }
            case 13 -> {
                kind = "many-headers";
                mayClose = true;
                token = null;
                for (int h = 0; h < 50 + random.nextInt(500); h++) {
                    extra.put("X-Fuzz-" + h, randomAscii(random, 1 + random.nextInt(100)));
                }
            }
            case 14 -> {
                kind = "odd-headers";
                token = null;
                extra.put("Accept", randomAscii(random, 50));
                extra.put("Origin", random.nextBoolean() ? "null" : "https://" + randomAscii(random, 30));
                extra.put("Accept-Encoding", "gzip, br, " + randomAscii(random, 20));
                extra.put("X-Forwarded-Host", randomAscii(random, 40));
            }
            default -> {
                kind = "token-big";
                mayClose = true;
                token = "Bearer " + randomAscii(random, 8_000 + random.nextInt(60_000));
            }
        }
        return http(kind, t0, i, SIGN, body, token, extra, mayClose);
    }

    /** Printable ASCII without characters the JDK client refuses in a header value. */
    private static String randomAscii(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int k = 0; k < n; k++) {
            sb.append((char) (33 + random.nextInt(94)));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------ raw HTTP

    private static Outcome raw(int i, Random random, long t0) {
        String token = "Bearer " + TestTokens.sandboxToken(server.url(SIGN));
        byte[] json = signSeed.getBytes(StandardCharsets.UTF_8);
        String host = "Host: localhost:" + server.server().port() + "\r\n";
        String kind;
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        switch (random.nextInt(12)) {
            case 0 -> {
                kind = "raw-garbage";
                byte[] g = new byte[1 + random.nextInt(4_000)];
                random.nextBytes(g);
                req.writeBytes(g);
            }
            case 1 -> {
                kind = "raw-request-line";
                String[] lines = {"GET\r\n\r\n", "POST /cds-services HTTP/9.9\r\n" + host + "\r\n",
                    "FROB /cds-services HTTP/1.1\r\n" + host + "\r\n", "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\n"
                    + host + "\r\n", "GET /cds-services/%zz%00 HTTP/1.1\r\n" + host + "\r\n",
                    "GET /../../../etc/passwd HTTP/1.1\r\n" + host + "\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                    "GET / HTTP/1.1\r\n\r\n", "\r\n\r\n\r\n"};
                req.writeBytes(lines[random.nextInt(lines.length)].getBytes(StandardCharsets.ISO_8859_1));
            }
            case 2 -> {
                kind = "raw-bad-header";
                String[] bad = {"X-Bad\r\n", "X-Bad: a\u0000b\r\n", ": empty-name\r\n", "X Bad: space\r\n",
                    "X-Bad: \u00ff\u00fe\r\n", "X-Fold: a\r\n b\r\n", "Content-Length: 1\r\nContent-Length: 2\r\n"};
                req.writeBytes(("POST " + SIGN + " HTTP/1.1\r\n" + host + "Authorization: " + token + "\r\n"
                    + bad[random.nextInt(bad.length)] + "Content-Length: " + json.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
                req.writeBytes(json);
            }
            case 3, 4 -> {
                kind = "raw-length";
                String[] lengths = {"-1", "99999999999999999999", "abc", String.valueOf(json.length / 2),
                    String.valueOf(json.length + 10), "0", " " + json.length, "+" + json.length};
                req.writeBytes(("POST " + SIGN + " HTTP/1.1\r\n" + host + "Authorization: " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + lengths[random.nextInt(lengths.length)]
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                req.writeBytes(json);
            }
            case 5, 6 -> {
                kind = "raw-chunked";
                String[] chunking = {"zz\r\n", "FFFFFFFFFFFFFFFF\r\n", "-5\r\n", "5\r\nabc\r\n", "0\r\n",
                    Integer.toHexString(json.length) + "\r\n"};
                req.writeBytes(("POST " + SIGN + " HTTP/1.1\r\n" + host + "Authorization: " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    + (random.nextBoolean() ? "Content-Length: 10\r\n" : "") + "\r\n"
                    + chunking[random.nextInt(chunking.length)]).getBytes(StandardCharsets.ISO_8859_1));
                req.writeBytes(json);
                req.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            case 7 -> {
                kind = "raw-chunked-ok";
                req.writeBytes(("POST " + SIGN + " HTTP/1.1\r\n" + host + "Authorization: " + token
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
                for (int off = 0; off < json.length; ) {
                    int n = Math.min(json.length - off, 1 + random.nextInt(512));
                    req.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    req.write(json, off, n);
                    req.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    off += n;
                }
                req.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            case 8 -> {
                kind = "raw-pipelined";
                String one = "GET /cds-services HTTP/1.1\r\n" + host + "Authorization: " + token + "\r\n\r\n";
                req.writeBytes((one + one + "GET /health/live HTTP/1.1\r\n" + host + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            }
            case 9 -> {
                kind = "raw-http10";
                req.writeBytes(("POST " + SIGN + " HTTP/1.0\r\nAuthorization: " + token + "\r\nContent-Length: "
                    + json.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                req.writeBytes(json);
            }
            case 10 -> {
                kind = "raw-expect";
                req.writeBytes(("POST " + SIGN + " HTTP/1.1\r\n" + host + "Authorization: " + token
                    + "\r\nExpect: 100-continue\r\nContent-Length: " + json.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            }
            default -> {
                kind = "raw-methods";
                String[] methods = {"PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "HEAD", "OPTIONS", "get"};
                req.writeBytes((methods[random.nextInt(methods.length)] + " " + SIGN + " HTTP/1.1\r\n" + host
                    + "Authorization: " + token + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return rawSend(kind, i, t0, req.toByteArray());
    }

    /** Writes the bytes, half-closes, and reads the status line; 0 when the server closed without one. */
    private static Outcome rawSend(String kind, int i, long t0, byte[] bytes) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.server().port()), 5_000);
            s.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // the server answered and closed while we were still writing: read what it said
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n' && line.size() < 200) {
                line.write(c);
            }
            String status = line.toString(StandardCharsets.ISO_8859_1).trim();
            if (status.isEmpty()) {
                return new Outcome(kind, 0, System.nanoTime() - t0, null);
            }
            String[] parts = status.split(" ");
            int code = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
            // 505 is HTTP's own answer to an unsupported protocol version (HTTP/9.9, an HTTP/2 preface on this
            // HTTP/1.1 connector): the one 5xx that blames the client; any other 5xx is a failure
            boolean versionRefused = code == 505 && new String(bytes, StandardCharsets.ISO_8859_1).lines()
                .findFirst().orElse("").matches("\\S+ \\S+ HTTP/(?!1\\.[01]$).*");
            String failure = code < 0 ? "case " + i + " (" + kind + ") unreadable status line: " + status
                : code >= 500 && !versionRefused ? "case " + i + " (" + kind + ") -> " + status + " for "
                + preview(bytes) : null;
            return new Outcome(kind, code, System.nanoTime() - t0, failure);
        } catch (SocketTimeoutException e) {
            return new Outcome(kind, -1, System.nanoTime() - t0, "case " + i + " (" + kind + ") HUNG: no answer or "
                + "close within " + TIMEOUT + " for " + preview(bytes));
        } catch (IOException e) {
            // reset by the server on garbage: closed without an answer
            return new Outcome(kind, 0, System.nanoTime() - t0, null);
        }
    }

    // ------------------------------------------------------------------------------------------ the test

    private static final java.util.Set<String> HEADER_KINDS = java.util.Set.of("token", "content-type",
        "big-header", "many-headers", "odd-headers", "token-big");

    private static String category(String kind) {
        if (kind.startsWith("raw")) {
            return "malformed HTTP";
        }
        if (kind.equals("body") || kind.equals("feedback")) {
            return kind + " mutations";
        }
        return HEADER_KINDS.contains(kind) ? "headers/tokens" : "hostile bodies";
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int n = 0; n < 3; n++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static List<Outcome> runAll(int from, int to) throws InterruptedException {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    outcomes.add(run(i));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.MINUTES)).as("fuzz clients finished").isTrue();
        return new ArrayList<>(outcomes);
    }

    @Test
    void should_never_answer_5xx_or_hang_and_keep_memory_bounded_when_requests_are_fuzzed() throws Exception {
        // given a warmed-up service (the first 300 cases, not counted) and its heap after GC
        runAll(-300, 0);
        long heapBefore = heapAfterGc();
        long t0 = System.nanoTime();

        // when
        List<Outcome> outcomes = runAll(0, CASES);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        long heapAfter = heapAfterGc();

        // then
        Map<Integer, Long> statuses = new TreeMap<>();
        Map<String, Long> kinds = new TreeMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong slowest = new AtomicLong();
        for (Outcome o : outcomes) {
            statuses.merge(o.status(), 1L, Long::sum);
            kinds.merge(category(o.kind()), 1L, Long::sum);
            slowest.accumulateAndGet(o.nanos(), Math::max);
            if (o.failure() != null) {
                failures.add(o.failure());
            }
        }
        assertThat(outcomes).hasSize(CASES);
        assertThat(failures).as("failures (of %d cases)", CASES).isEmpty();
        assertThat(statuses).containsKeys(200, 400, 401);
        long growth = heapAfter - heapBefore;
        assertThat(growth).as("heap growth after GC (bytes)").isLessThanOrEqualTo(HEAP_GROWTH_LIMIT);
        FaultRun.proved(String.format("%d fuzzed requests from %d clients in %d s (%s) -> statuses %s "
                + "(0 = closed without an answer, for malformed HTTP only; 505 only for request lines naming an HTTP version other than 1.0/1.1), "
                + "no other 5xx, 0 hung (timeout %d s; slowest "
                + "%d ms; %d sent again after meeting a connection the server had just closed); heap after GC %d MB "
                + "before, %d MB after (growth %+d MB, limit %d MB)", CASES, CLIENTS,
            seconds, kinds, statuses, TIMEOUT.toSeconds(), slowest.get() / 1_000_000, RETRIED.get(), heapBefore >> 20,
            heapAfter >> 20, growth >> 20, HEAP_GROWTH_LIMIT >> 20));
    }
}
