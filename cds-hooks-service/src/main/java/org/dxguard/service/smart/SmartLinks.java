package org.dxguard.service.smart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.Link;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.explanations.CapabilityTokens;
import org.dxguard.service.hooks.CdsService;
import org.dxguard.service.hooks.Decision;
import org.dxguard.service.hooks.HookCall;

/**
 * The {@code smart} link on the differential and medication cards (CDS Hooks 2.0 {@code Link}, type {@code smart}):
 * the app's launch URL, with {@code appContext} {@code {"hookInstance": "…", "view": "differential"|"medication"}},
 * which the EHR hands back to the app in its token response. Which patient each hook instance was about is kept
 * here for the link's lifetime, so that the app shows a card's explanation only to a session launched for that
 * patient. Wraps a service ({@link #decorate}) instead of changing it. Thread-safe.
 */
public final class SmartLinks {
    public static final String LAUNCH_PATH = "/smart/launch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<URI> defaultBaseUrl;
    private final Cache<String, String> patientOfHook;

    public SmartLinks(Supplier<URI> defaultBaseUrl, Duration ttl) {
        this.defaultBaseUrl = defaultBaseUrl;
        this.patientOfHook = Caffeine.newBuilder().expireAfterWrite(ttl == null ? Duration.ofHours(24) : ttl)
            .maximumSize(200_000).build();
    }

    /** The service with the app's link added to each of its cards. */
    public CdsService decorate(CdsService service, String view) {
        return new CdsService() {
            @Override
            public ServiceDescriptor descriptor() {
                return service.descriptor();
            }

            @Override
            public List<ServiceDescriptor> descriptors() {
                return service.descriptors();
            }

            @Override
            public List<Hook> hooks() {
                return service.hooks();
            }

            @Override
            public java.util.Set<String> optionalPrefetch() {
                return service.optionalPrefetch();
            }

            @Override
            public Decision decide(HookCall call) {
                Decision decision = service.decide(call);
                List<Card> cards = decision.cards();
                if (cards.isEmpty()) {
                    return decision;
                }
                String hookInstance = call.request().hookInstance();
                String patient = call.request().contextText("patientId").orElse(null);
                if (patient != null) {
                    patientOfHook.put(key(hookInstance, call.callerIssuer()), patient);
                }
                Link link = link(call.baseUrl(), hookInstance, view);
                List<Card> out = new ArrayList<>(cards.size());
                for (Card c : cards) {
                    List<Link> links = new ArrayList<>(c.links());
                    links.add(link);
                    out.add(new Card(c.uuid(), c.summary(), c.detail(), c.indicator(), c.source(), c.suggestions(),
                        c.selectionBehavior(), c.overrideReasons(), links, c.extension()));
                }
                return new Decision(out, decision.rules(), decision.ruleOfCard(), decision.candidates(),
                    decision.explanation(), decision.review(), decision.withheld());
            }
        };
    }

    Link link(URI baseUrl, String hookInstance, String view) {
        URI base = baseUrl != null ? baseUrl : defaultBaseUrl.get();
        String b = base.toString();
        ObjectNode ctx = JSON.createObjectNode().put("hookInstance", hookInstance).put("view", view);
        return new Link("Ask dxguard about this patient", (b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
            + LAUNCH_PATH, Link.Type.SMART, ctx.toString(), false);
    }

    /** The patient a hook instance of this issuer was about, while its link is valid. */
    Optional<String> patientOf(String hookInstance, String issuer) {
        return Optional.ofNullable(patientOfHook.getIfPresent(key(hookInstance, issuer)));
    }

    private static String key(String hookInstance, String issuer) {
        return hookInstance + "@" + CapabilityTokens.issuerDigest(issuer);
    }
}
