package org.dxguard.service.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.service.hooks.ApiResult;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before a request reaches {@link CdsHttpHandler} (headers too large, a
 * malformed request line, bad framing), in dxguard's JSON error shape ({@code DXG-0191}) instead of Jetty's HTML
 * page: every non-401 error of the service carries {@code {"error": {"code", "message", "hint"}}}.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final String JSON = "application/json; charset=utf-8";
    private final CdsJson json;

    public JsonErrorHandler(CdsJson json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int status, String reason) {
        // Jetty's own reason ("Header Line Too Long"), but never one that quotes what the request carried
        String text = reason == null || !PLAIN_REASON.matcher(reason).matches() ? HttpStatus.getMessage(status)
            : reason;
        return json.write(ApiResult.error(status, new DxGuardException(ServiceErrors.BAD_HTTP,
            "HTTP " + status + ": " + text)).body());
    }

    private static final java.util.regex.Pattern PLAIN_REASON = java.util.regex.Pattern.compile("[A-Za-z0-9 ,.()/-]{1,100}");
}
