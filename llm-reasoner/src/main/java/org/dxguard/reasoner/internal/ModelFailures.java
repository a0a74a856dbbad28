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
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ReasonerErrors;

/**
 * Translates langchain4j and JDK exceptions of a model call into a {@link ModelCallException} with a stable
 * {@link Reason} and a plain detail (built here from status codes and exception class names, never from the
 * exception's message, which may quote the server's answer).
 */
public final class ModelFailures {
    private ModelFailures() {}

    public static ModelCallException translate(Throwable t, Duration timeout) {
        Integer status = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof HttpException h) {
                status = h.statusCode();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DxGuardException d && ReasonerErrors.PROMPT_TOO_LONG.equals(d.errorCode())) {
                // the request did not fit a local model's context: not the server's failure
                return new ModelCallException(ReasonerErrors.PROMPT_TOO_LONG, Reason.TOO_LONG_FOR_MODEL, d.reason(), t,
                    false);
            }
        }
        if (has(t, RateLimitException.class) || Integer.valueOf(429).equals(status)) {
            return unavailable(Reason.MODEL_BUSY, "model server rate-limited the request (HTTP 429)", t);
        }
        if (has(t, HttpConnectTimeoutException.class)) {
            return unavailable(Reason.MODEL_UNREACHABLE, "model server unreachable (connect timed out after "
                + human(timeout) + ")", t);
        }
        if (has(t, TimeoutException.class) || has(t, HttpTimeoutException.class)
            || has(t, SocketTimeoutException.class) || has(t, java.util.concurrent.TimeoutException.class)) {
            return unavailable(Reason.MODEL_TIMEOUT, "model call timed out after " + human(timeout), t);
        }
        if (has(t, ConnectException.class) || has(t, UnresolvedModelServerException.class)
            || has(t, java.nio.channels.UnresolvedAddressException.class)) {
            return unavailable(Reason.MODEL_UNREACHABLE, "model server unreachable (connection refused or unknown host)",
                t);
        }
        if (has(t, AuthenticationException.class)) {
            return rejected(Reason.MODEL_REJECTED, "model server rejected the credentials (HTTP " + status + ")", t);
        }
        if (has(t, ModelNotFoundException.class)) {
            return rejected(Reason.MODEL_REJECTED, "model server does not serve the configured model (HTTP 404)", t);
        }
        if (has(t, ContentFilteredException.class)) {
            return rejected(Reason.MODEL_REFUSED, "model refused to answer (content filter)", t);
        }
        if (has(t, InvalidRequestException.class)) {
            return rejected(Reason.MODEL_REJECTED, "model server rejected the request (HTTP " + status + ")", t);
        }
        if (status != null) {
            return unavailable(Reason.MODEL_ERROR, "model server error (HTTP " + status + ")", t);
        }
        if (has(t, java.io.IOException.class)) {
            return unavailable(Reason.MODEL_UNREACHABLE, "model server connection failed (" + rootName(t) + ")", t);
        }
        return unavailable(Reason.MODEL_ERROR, "model call failed (" + rootName(t) + ")", t);
    }

    private static ModelCallException unavailable(Reason why, String reason, Throwable t) {
        return new ModelCallException(ReasonerErrors.MODEL_UNAVAILABLE, why, reason, t);
    }

    private static ModelCallException rejected(Reason why, String reason, Throwable t) {
        return new ModelCallException(ReasonerErrors.MODEL_REJECTED, why, reason, t);
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
