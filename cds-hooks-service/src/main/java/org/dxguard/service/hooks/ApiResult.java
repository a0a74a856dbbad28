package org.dxguard.service.hooks;

/**
 * What the HTTP layer sends back: a status and a body to serialise as JSON ({@code null} for an empty body).
 */
public record ApiResult(int status, Object body) {
    public static ApiResult ok(Object body) {
        return new ApiResult(200, body);
    }

    /** The JSON error body every non-2xx answer (except a bare 401) carries. */
    public record ErrorBody(Error error) {
        public record Error(String code, String message, String hint) {}
    }

    public static ApiResult error(int status, org.dxguard.model.DxGuardException e) {
        return new ApiResult(status, new ErrorBody(new ErrorBody.Error(e.errorCode().code(), e.reason(),
            e.errorCode().hint())));
    }
}
