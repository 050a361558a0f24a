package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;

/** Which failures mean "the provider is unavailable right now", so changes are queued and pulls use the cache. */
final class Offline {
    private Offline() {}

    static boolean isUnavailable(Throwable t) {
        if (!(t instanceof IntegrationException e)) return false;
        return e.code() == ErrorCode.PROVIDER_UNAVAILABLE
                || ((e.code() == ErrorCode.NETWORK_ERROR || e.code() == ErrorCode.RATE_LIMITED) && e.retryable());
    }
}
