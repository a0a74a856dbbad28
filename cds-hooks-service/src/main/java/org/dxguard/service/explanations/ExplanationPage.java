package org.dxguard.service.explanations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.MedicationSuggestion;
import org.dxguard.service.route.Route;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /explanations/{hookInstance}?t=<capability token>}: what a clinician may see of one hook call's
 * explanation, for the card's link: the vetted explanation ({@link ShownExplanation}, everything HTML-escaped), or
 * JSON with {@code Accept: application/json}. Shows which model wrote it (and that the project's small local model is
 * small), or the product's fixed phrase ({@link ClinicianPhrases}) saying it is still being written or why it is not
 * available. Never shows an explanation the veto has not reviewed, a raw answer or a precise reason. A missing,
 * wrong or altered token is a plain 404, an expired one a plain 410: neither says whether the hook instance exists.
 * A valid link answers 200 until it expires (saying so when the explanation is no longer kept, e.g. after a
 * restart). Responses are not cached and send no referrer.
 *
 * <p>The page's fixed texts (title, headings, notes, why there is none) and its {@code <html lang>} are in the
 * language of the call that made the link, kept with the explanation ({@link LateExplanations}); where that is not
 * known (a 404, 405 or 410, which must not say whether the hook instance exists, or a link whose explanation is no
 * longer kept) they follow the browser's {@code Accept-Language} ({@code zh*} first: Chinese, else English). Neither
 * the link nor any header changes anything but the language of the fixed texts; what the model wrote is shown as
 * vetted, in whatever language it was written.
 */
public final class ExplanationPage implements Route {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final LateExplanations late;
    private final ExplanationReview review;

    public ExplanationPage(LateExplanations late, ExplanationReview review) {
        this.late = Objects.requireNonNull(late, "late");
        this.review = Objects.requireNonNull(review, "review");
    }

    @Override
    public boolean handle(String path, Request request, Response response, Callback callback) throws Exception {
        if (!path.startsWith(LateExplanations.PATH)) {
            return false;
        }
        String rest = path.substring(LateExplanations.PATH.length());
        boolean json = Optional.ofNullable(request.getHeaders().get(HttpHeader.ACCEPT))
            .map(a -> a.contains("application/json")).orElse(false);
        ClinicianPhrases browser = ClinicianPhrases.forLocale(browserLocale(request.getHeaders().get(
            HttpHeader.ACCEPT_LANGUAGE)));
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            plain(response, callback, 405, json, "page.title.method", "page.method", browser);
            return true;
        }
        String hookInstance = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        Fields query = Request.extractQueryParameters(request);
        String token = query.getValue("t");
        CapabilityTokens.Verified v = hookInstance.isBlank() || rest.contains("/")
            ? new CapabilityTokens.Verified(CapabilityTokens.Check.INVALID, null)
            : late.tokens().verify(hookInstance, token, late.clock().instant());
        if (v.check() == CapabilityTokens.Check.INVALID) {
            plain(response, callback, 404, json, "page.title.not-found", "page.not-found", browser);
            return true;
        }
        if (v.check() == CapabilityTokens.Check.EXPIRED) {
            plain(response, callback, 410, json, "page.title.expired", "page.expired", browser);
            return true;
        }
        ClinicianPhrases phrases = late.locale(hookInstance, v.issuerDigest()).map(ClinicianPhrases::forLocale)
            .orElse(browser);
        Optional<ShownExplanation> found = late.shown(hookInstance, v.issuerDigest());
        if (found.isEmpty()) {
            String why = phrases.frame("page.unavailable", "explanation.not-kept");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hookInstance", hookInstance);
            body.put("status", "unavailable");
            body.put("reason", phrases.text("explanation.not-kept"));
            body.put("reasonKey", "explanation.not-kept");
            send(response, callback, 200, json, body, phrases, phrases.text("page.title.unavailable"),
                "<p class=\"status\">" + esc(why) + "</p>");
            return true;
        }
        ShownExplanation o = found.get();
        switch (o.status()) {
            case PENDING -> send(response, callback, 200, json, body(hookInstance, "pending", o, phrases), phrases,
                phrases.text("page.title.pending"),
                model(o, phrases) + "<p class=\"status\">" + esc(phrases.frame("page.pending", o.why())) + "</p>");
            case UNAVAILABLE -> send(response, callback, 200, json, body(hookInstance, "unavailable", o, phrases),
                phrases, phrases.text("page.title.unavailable"), model(o, phrases) + "<p class=\"status\">"
                    + esc(phrases.frame(o.why().key().startsWith("explanation.withheld.") ? "card.sentence"
                        : "page.unavailable", o.why())) + "</p>");
            case READY -> send(response, callback, 200, json, body(hookInstance, "ready", o, phrases), phrases,
                phrases.text("page.title.ready"), model(o, phrases) + explanationHtml(o, phrases));
            default -> throw new IllegalStateException(o.status().toString());
        }
        return true;
    }

    /** A fixed page (404, 405, 410) that says nothing about the hook instance. */
    private void plain(Response response, Callback callback, int status, boolean json, String titleKey,
                       String textKey, ClinicianPhrases phrases) throws Exception {
        send(response, callback, status, json, Map.of("status", "error", "reason", phrases.text(textKey)), phrases,
            phrases.text(titleKey), "<p>" + esc(phrases.text(textKey)) + "</p>");
    }

    /**
     * The browser's preferred language of ours, from an {@code Accept-Language} header: Chinese when a {@code zh}
     * range comes before any {@code en} one, else English (also for a missing or malformed header).
     */
    static Locale browserLocale(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage)) {
                String range = r.getRange().toLowerCase(Locale.ROOT);
                if (r.getWeight() > 0 && (range.equals("zh") || range.startsWith("zh-"))) {
                    return Locale.CHINESE;
                }
                if (r.getWeight() > 0 && (range.equals("en") || range.startsWith("en-"))) {
                    return Locale.ENGLISH;
                }
            }
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH;
        }
        return Locale.ENGLISH;
    }

    /**
     * The JSON view of what may be shown of one explanation (as {@code Accept: application/json} gets it), for the
     * SMART app: reviewed text only, or the fixed phrase of why there is none.
     */
    public Map<String, Object> view(String hookInstance, ShownExplanation o) {
        return view(hookInstance, o, Locale.ENGLISH);
    }

    /** As {@link #view(String, ShownExplanation)}, the fixed phrases in the language of {@code locale}. */
    public Map<String, Object> view(String hookInstance, ShownExplanation o, Locale locale) {
        return body(hookInstance, switch (o.status()) {
            case READY -> "ready";
            case PENDING -> "pending";
            case UNAVAILABLE -> "unavailable";
        }, o, ClinicianPhrases.forLocale(locale));
    }

    private Map<String, Object> body(String hookInstance, String status, ShownExplanation o,
                                     ClinicianPhrases phrases) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hookInstance", hookInstance);
        m.put("status", status);
        if (o.why() != null) {
            m.put(o.isReady() ? "note" : "reason", phrases.of(o.why()));
            m.put(o.isReady() ? "noteKey" : "reasonKey", o.why().key());
        }
        m.put("modelId", o.modelId());
        m.put("smallLocalModel", ExplanationReview.smallLocalModel(o.modelId()));
        m.put("promptVersion", o.promptVersion());
        m.put("reviewed", o.status() != ExplanationOutcome.Status.PENDING);
        if (o.isReady()) {
            m.put("explanation", o.explanation());
            Map<String, GuidelineExcerpt> byId = review.excerptsById();
            List<Map<String, Object>> cited = new ArrayList<>();
            for (String id : o.explanation().citedExcerptIds()) {
                GuidelineExcerpt x = byId.get(id);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", id);
                if (x != null) {
                    e.put("title", phrases.excerptTitle(x));
                    e.put("text", phrases.excerptText(x));
                    e.put("language", x.hasLanguage(phrases.language()) ? phrases.language() : "en");
                    e.put("citation", x.citation());
                    e.put("url", x.url());
                }
                cited.add(e);
            }
            m.put("guidelineExcerpts", cited);
        }
        return m;
    }

    private static String model(ShownExplanation o, ClinicianPhrases phrases) {
        String note = o.isReady() && o.why() != null ? "<p class=\"note\">" + esc(phrases.of(o.why())) + "</p>" : "";
        boolean evidenceOnly = ExplanationReview.EVIDENCE_ONLY.equals(o.modelId());
        String key = evidenceOnly ? "page.model.evidence-only"
            : ExplanationReview.smallLocalModel(o.modelId()) ? "page.model.small" : "page.model";
        String model = evidenceOnly ? esc(o.modelId()) : "<code>" + esc(o.modelId()) + "</code>";
        return note + "<p class=\"model\">" + esc(phrases.text(key)).replace("{model}", model) + "</p>";
    }

    private String explanationHtml(ShownExplanation o, ClinicianPhrases phrases) {
        StringBuilder h = new StringBuilder();
        if (!o.explanation().summary().isBlank()) {
            h.append("<p>").append(esc(o.explanation().summary())).append("</p>");
        }
        for (CandidateExplanation c : o.explanation().candidates()) {
            h.append("<section><h2>").append(esc(c.diagnosis())).append("</h2><p>").append(esc(ModelText.withoutIds(c.rationale())))
                .append("</p>");
            list(h, phrases.text("page.would-confirm"), c.wouldConfirm());
            list(h, phrases.text("page.would-exclude"), c.wouldExclude());
            list(h, phrases.text("page.next-steps"), c.nextSteps());
            List<String> meds = c.medications().stream().map(m -> medication(m, phrases)).toList();
            list(h, phrases.text("page.medications"), meds);
            list(h, phrases.text("page.evidence-cited"), c.citedEvidenceIds());
            h.append("</section>");
        }
        List<String> cited = o.explanation().citedExcerptIds();
        if (!cited.isEmpty()) {
            h.append(excerptsHtml(cited, review.excerptsById(), phrases));
        }
        return h.toString();
    }

    /**
     * The cited guideline excerpts in the page's language (issue 20): the excerpt's title and text in that language,
     * or the English ones labelled as the English source text; the citation (the source's title) as written.
     */
    static String excerptsHtml(List<String> cited, Map<String, GuidelineExcerpt> byId, ClinicianPhrases phrases) {
        StringBuilder h = new StringBuilder();
        h.append("<section><h2>").append(esc(phrases.text("page.excerpts-cited"))).append("</h2><ul>");
        for (String id : cited) {
            GuidelineExcerpt x = byId.get(id);
            h.append("<li><strong>").append(esc(id)).append("</strong>");
            if (x != null) {
                h.append(" ").append(esc(phrases.excerptTitle(x))).append(": ").append(esc(phrases.excerptText(x)))
                    .append(" <em>").append(esc(x.citation())).append("</em>");
            }
            h.append("</li>");
        }
        h.append("</ul><p class=\"note\">").append(esc(phrases.text("page.excerpts-note"))).append("</p></section>");
        return h.toString();
    }

    /** "start metformin 500 mg, twice daily": the action in the page's language (a fixed phrase), the rest as reviewed. */
    static String medication(MedicationSuggestion m, ClinicianPhrases phrases) {
        StringBuilder s = new StringBuilder(phrases.text("page.medication." + m.action())).append(' ').append(m.drug());
        if (m.doseAmount() != null) {
            double d = m.doseAmount();
            s.append(' ').append(d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d)
                : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()).append(m.doseUnit() == null ? "" : " " + m.doseUnit());
        }
        if (m.frequency() != null) {
            s.append(", ").append(m.frequency());
        }
        return s.toString();
    }

    private static void list(StringBuilder h, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        h.append("<h3>").append(esc(title)).append("</h3><ul>");
        items.forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
        h.append("</ul>");
    }

    private static void send(Response response, Callback callback, int status, boolean json, Map<String, Object> body,
                             ClinicianPhrases phrases, String title, String html) throws Exception {
        response.setStatus(status);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CONTENT_LANGUAGE, phrases.languageTag());
        headers.put(HttpHeader.VARY, "Accept-Language");
        byte[] bytes;
        if (json) {
            headers.put(HttpHeader.CONTENT_TYPE, "application/json");
            bytes = JSON.writeValueAsBytes(body);
        } else {
            headers.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            headers.put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            bytes = ("<!doctype html><html lang=\"" + phrases.languageTag() + "\"><head><meta charset=\"utf-8\"><meta name=\"robots\" "
                + "content=\"noindex\"><title>dxguard: " + esc(title) + "</title><style>body{font-family:sans-serif;"
                + "max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.4}.status{font-weight:bold}"
                + ".model,.note{color:#444}</style></head><body><h1>dxguard: " + esc(title) + "</h1>" + html
                + "</body></html>").getBytes(StandardCharsets.UTF_8);
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** HTML-escapes text (element content and attribute values). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
