package dev.zen.integration.core.resilience;

import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.TimeoutExceededException;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.config.ResilienceConfig;

import java.time.Duration;
import java.util.Set;

/** Which failures are retried or count against the breaker, and how policy failures become API errors. Not API. */
final class Failures {
    /** HTTP statuses worth retrying: 429 and the transient gateway errors. A 500 is not retried. */
    static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

    private Failures() {}

    /**
     * Whether an attempt's failure may be retried: a retryable IntegrationException with code RATE_LIMITED, or
     * NETWORK_ERROR / PROVIDER_UNAVAILABLE without an HTTP status (connection failure) or with 429/502/503/504.
     */
    static boolean isRetryable(Throwable t) {
        if (!(t instanceof IntegrationException e) || !e.retryable()) return false;
        return switch (e.code()) {
            case RATE_LIMITED -> true;
            case NETWORK_ERROR, PROVIDER_UNAVAILABLE -> {
                Integer status = httpStatus(e);
                yield status == null || RETRYABLE_STATUS.contains(status);
            }
            default -> false;
        };
    }

    /**
     * Whether a failure code means the provider answered and refused the request itself (a missing item, bad data,
     * an edit conflict): the provider is healthy. The engine's own HealthTracker reads the same codes the same way.
     */
    static boolean isRequestFault(ErrorCode code) {
        return code == ErrorCode.NOT_FOUND || code == ErrorCode.INVALID_DATA || code == ErrorCode.SYNC_CONFLICT;
    }

    /** Whether an attempt's failure says the provider is unhealthy (counts towards opening the breaker). */
    static boolean countsAgainstBreaker(Throwable t) {
        return t instanceof IntegrationException e && (e.code() == ErrorCode.NETWORK_ERROR
                || e.code() == ErrorCode.RATE_LIMITED || e.code() == ErrorCode.PROVIDER_UNAVAILABLE)
                && !"true".equals(e.details().get(ProviderPipeline.CLIENT_SIDE));
    }

    static Integer httpStatus(IntegrationException e) {
        String s = e.details().get("http_status");
        if (s == null) return null;
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** The wait to honour for a failure that carries Retry-After, if it does. */
    static Duration retryAfter(Throwable t) {
        return t instanceof IntegrationException e ? e.retryAfter().orElse(null) : null;
    }

    /** Turns whatever a Failsafe execution failed with into the exception the caller sees. */
    static RuntimeException toCallerException(Throwable t, String provider, String operation,
                                              ResilienceConfig config, Duration remainingOpen) {
        if (t instanceof IntegrationException e) {
            IntegrationException.Builder b = e.toBuilder();
            if (e.provider().isEmpty()) b.provider(provider);
            if (!e.details().containsKey("operation")) b.detail("operation", operation);
            return b.build();
        }
        if (t instanceof CircuitBreakerOpenException) {
            return IntegrationException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "provider '" + provider
                            + "' is unavailable: its circuit breaker opened after "
                            + config.circuitBreaker().failureThreshold() + " consecutive failures; calls resume with a"
                            + " trial call in " + remainingOpen.toSeconds() + "s. Changes are kept and sent later.")
                    .provider(provider).retryAfter(remainingOpen).detail("operation", operation).cause(t).build();
        }
        if (t instanceof RateLimitExceededException) {
            return IntegrationException.builder(ErrorCode.RATE_LIMITED, "client-side rate limit for provider '"
                            + provider + "' (" + config.rateLimit().requestsPerMinute()
                            + " requests per minute) gave no permit within "
                            + config.rateLimit().maxWait().toMillis() + "ms; retry later or raise "
                            + "resilience.rate_limit.requests_per_minute")
                    .provider(provider).detail("operation", operation).cause(t).build();
        }
        if (t instanceof BulkheadFullException) {
            return IntegrationException.builder(ErrorCode.RATE_LIMITED, "too many concurrent calls to provider '"
                            + provider + "': all " + config.bulkhead().maxConcurrentCalls()
                            + " slots stayed busy for " + config.bulkhead().maxWait().toMillis()
                            + "ms; retry later or raise resilience.bulkhead.max_concurrent_calls")
                    .provider(provider).detail("operation", operation).cause(t).build();
        }
        if (t instanceof TimeoutExceededException) {
            return IntegrationException.builder(ErrorCode.NETWORK_ERROR, "call '" + operation + "' to provider '"
                            + provider + "' did not complete within " + config.timeout().toMillis()
                            + "ms (resilience.timeout), including retries; the provider may be slow or unreachable")
                    .provider(provider).detail("operation", operation).cause(t).build();
        }
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error err) throw err;
        return IntegrationException.builder(ErrorCode.PLUGIN_EXECUTION_FAILED, "call '" + operation
                + "' to provider '" + provider + "' failed: " + t).provider(provider).cause(t).build();
    }
}
