package dev.zen.examples.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.time.Duration;

/**
 * The JSON body of every error response: {@code {"code":"INVALID_DATA","message":"...","retryable":false}}.
 *
 * <p>{@code code} is an {@link ErrorCode} name when the library or the input is at fault, and one of
 * {@value #UNAUTHENTICATED}, {@value #METHOD_NOT_ALLOWED}, {@value #PAYLOAD_TOO_LARGE} or
 * {@value #INTERNAL_ERROR} for failures of the HTTP
 * exchange itself.
 *
 * @param code              what went wrong, machine-readable
 * @param message           what went wrong and what to do, for people
 * @param retryable         whether the same request may succeed later
 * @param retryAfterSeconds how long to wait first, or null (also sent as the {@code Retry-After} header)
 */
record ApiError(String code, String message, boolean retryable, Long retryAfterSeconds) {
    /** The request named no user. */
    static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    /** The path exists, the method does not. */
    static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    /** The body exceeds the limit. */
    static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    /** A bug in this service; details are in its log only. */
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    static ApiError of(ErrorCode code, String message) {
        return new ApiError(code.name(), message, code.retryableByDefault(), null);
    }

    static ApiError of(IntegrationException e) {
        return new ApiError(e.code().name(), e.getMessage(), e.retryable(),
                e.retryAfter().map(ApiError::ceilSeconds).orElse(null));
    }

    /** This error as its JSON body. */
    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ApiError is always serializable", e);
        }
    }

    /** Whole seconds, rounded up, at least 1: what {@code Retry-After} carries. */
    static long ceilSeconds(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
