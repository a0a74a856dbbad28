package org.dxguard.reasoner.internal;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.dxguard.reasoner.ReasonerErrors;

/** Translates langchain4j and JDK exceptions of a model call into a {@link ModelCallException} with a plain reason. */
final class ModelFailures {
    private ModelFailures() {}

    static ModelCallException translate(Throwable t, Duration timeout) {
        Integer status = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpException h) {
                status = h.statusCode();
            }
        }
        if (has(t, RateLimitException.class) || Integer.valueOf(429).equals(status)) {
            return unavailable("model server rate-limited the request (HTTP 429)", t);
        }
        if (has(t, HttpConnectTimeoutException.class)) {
            return unavailable("model server unreachable (connect timed out after " + human(timeout) + ")", t);
        }
        if (has(t, TimeoutException.class) || has(t, HttpTimeoutException.class)
            || has(t, SocketTimeoutException.class) || has(t, java.util.concurrent.TimeoutException.class)) {
            return unavailable("model call timed out after " + human(timeout), t);
        }
        if (has(t, ConnectException.class) || has(t, UnresolvedModelServerException.class)
            || has(t, java.nio.channels.UnresolvedAddressException.class)) {
            return unavailable("model server unreachable (connection refused or unknown host)", t);
        }
        if (has(t, AuthenticationException.class)) {
            return rejected("model server rejected the credentials (HTTP " + status + ")", t);
        }
        if (has(t, ModelNotFoundException.class)) {
            return rejected("model server does not serve the configured model (HTTP 404)", t);
        }
        if (has(t, ContentFilteredException.class)) {
            return rejected("model refused to answer (content filter)", t);
        }
        if (has(t, InvalidRequestException.class)) {
            return rejected("model server rejected the request (HTTP " + status + ")", t);
        }
        if (status != null) {
            return unavailable("model server error (HTTP " + status + ")", t);
        }
        if (has(t, java.io.IOException.class)) {
            return unavailable("model server connection failed (" + rootName(t) + ")", t);
        }
        return unavailable("model call failed (" + rootName(t) + ")", t);
    }

    private static ModelCallException unavailable(String reason, Throwable t) {
        return new ModelCallException(ReasonerErrors.MODEL_UNAVAILABLE, reason, t);
    }

    private static ModelCallException rejected(String reason, Throwable t) {
        return new ModelCallException(ReasonerErrors.MODEL_REJECTED, reason, t);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootName(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
