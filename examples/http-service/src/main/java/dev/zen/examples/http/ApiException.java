package dev.zen.examples.http;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;

/** Ends a request with an error response; thrown anywhere in the handler, answered in one place. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient ApiError error;
    private final String allow;

    ApiException(int status, ApiError error, String allow) {
        super(error.message(), null, false, false);
        this.status = status;
        this.error = error;
        this.allow = allow;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, ApiError.of(ErrorCode.INVALID_DATA, message), null);
    }

    static ApiException of(IntegrationException e) {
        return new ApiException(HttpStatuses.of(e.code()), ApiError.of(e), null);
    }

    int status() {
        return status;
    }

    ApiError error() {
        return error;
    }

    /** The {@code Allow} header of a 405, else null. */
    String allow() {
        return allow;
    }
}
