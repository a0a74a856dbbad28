package org.dxguard.service.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.ask.AskErrors;

/**
 * The EHRs that may launch dxguard's SMART app ({@code --smart-clients FILE}, {@code DXGUARD_SMART_CLIENTS}):
 * <pre>{"clients": [{"fhirBaseUrl": "https://ehr.example.org/fhir", "clientId": "dxguard",
 *   "auth": "private_key_jwt", "ehrIssuer": "https://ehr.example.org"}]}</pre>
 * {@code fhirBaseUrl} is the {@code iss} the EHR launches with (compared exactly, a trailing slash aside): an
 * {@code iss} not listed is refused, so the app never follows a launch to an unknown server. {@code auth}:
 * {@code private_key_jwt} (a confidential client authenticating with dxguard's own key, whose public JWKS is at
 * {@code /smart/jwks.json}) or {@code public} (PKCE only). {@code ehrIssuer}: the {@code iss} of the same EHR's CDS
 * Hooks JWTs (from {@code --trusted-ehrs}): the app session acts as it, so it sees the explanations of that EHR's
 * cards and its questions are recorded under it. https only, except on loopback.
 */
public final class SmartClients {
    /** How the app authenticates at the token endpoint. */
    public enum Auth { PRIVATE_KEY_JWT, PUBLIC }

    /** One EHR registration. */
    public record Client(String fhirBaseUrl, String clientId, Auth auth, String ehrIssuer) {}

    private static final Set<String> KEYS = Set.of("fhirBaseUrl", "clientId", "auth", "ehrIssuer");
    private final List<Client> clients;

    private SmartClients(List<Client> clients) {
        this.clients = List.copyOf(clients);
    }

    public static SmartClients of(List<Client> clients) {
        return new SmartClients(clients);
    }

    /** Reads the file; every problem names the entry and the field. */
    public static SmartClients load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new DxGuardException(AskErrors.SMART, "cannot read the SMART clients file " + file + ": "
                + e.getClass().getSimpleName());
        }
        JsonNode list = root == null ? null : root.get("clients");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new DxGuardException(AskErrors.SMART, file + ": expected {\"clients\": [ … ]} with at least one client");
        }
        List<Client> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String at = file + ": clients[" + i + "]";
            Iterator<String> names = c.fieldNames();
            while (names.hasNext()) {
                String k = names.next();
                if (!KEYS.contains(k)) {
                    throw new DxGuardException(AskErrors.SMART, at + ": unknown field '" + k + "' (allowed: " + KEYS + ")");
                }
            }
            String base = normalise(text(c, "fhirBaseUrl", at));
            checkUrl(base, at + ".fhirBaseUrl");
            String clientId = text(c, "clientId", at);
            String auth = c.path("auth").asText("private_key_jwt").toLowerCase(Locale.ROOT);
            Auth a = switch (auth) {
                case "private_key_jwt" -> Auth.PRIVATE_KEY_JWT;
                case "public" -> Auth.PUBLIC;
                default -> throw new DxGuardException(AskErrors.SMART, at + ".auth must be private_key_jwt or public");
            };
            out.add(new Client(base, clientId, a, c.hasNonNull("ehrIssuer") ? c.get("ehrIssuer").asText() : base));
        }
        return new SmartClients(out);
    }

    /** The registration of a launch's {@code iss}, if it is one. */
    public Optional<Client> byIssuer(String iss) {
        if (iss == null) {
            return Optional.empty();
        }
        String n = normalise(iss);
        return clients.stream().filter(c -> c.fhirBaseUrl().equals(n)).findFirst();
    }

    public List<Client> clients() {
        return clients;
    }

    static String normalise(String url) {
        String u = url.strip();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static String text(JsonNode c, String key, String at) {
        JsonNode v = c.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new DxGuardException(AskErrors.SMART, at + "." + key + " is required");
        }
        return v.asText().strip();
    }

    private static void checkUrl(String url, String where) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new DxGuardException(AskErrors.SMART, where + " is not a URL");
        }
        boolean loopback = u.getHost() != null && (u.getHost().equals("localhost") || u.getHost().startsWith("127.")
            || u.getHost().equals("[::1]"));
        if (u.getHost() == null || !("https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && loopback))) {
            throw new DxGuardException(AskErrors.SMART, where + " must be an https:// URL (http only on loopback)");
        }
    }
}
