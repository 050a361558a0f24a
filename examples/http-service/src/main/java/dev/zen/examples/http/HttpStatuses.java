package dev.zen.examples.http;

import dev.zen.integration.ErrorCode;

/** Which HTTP status answers an {@link dev.zen.integration.IntegrationException} of each code. */
final class HttpStatuses {
    private HttpStatuses() {}

    /** The status for a code: 4xx when the request is at fault, 5xx when the service or Jira is. */
    static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_DATA -> 400;
            case NOT_FOUND -> 404;
            case SYNC_CONFLICT -> 409;             // someone else is editing the same task or link: retry
            case LOCK_TIMEOUT -> 503;              // another sync holds the task for now: retry later
            case AUTH_FAILED, NETWORK_ERROR -> 502; // Jira rejected our credentials or could not be reached
            case RATE_LIMITED, PROVIDER_UNAVAILABLE -> 503; // Jira asked us to slow down, or its breaker is open
            case UNSUPPORTED_OPERATION -> 501;
            case PLUGIN_NOT_FOUND, PLUGIN_LOAD_FAILED, PLUGIN_EXECUTION_FAILED, PERMISSION_DENIED, CONFIG_ERROR,
                    STORAGE_ERROR, INTERRUPTED, INTERNAL_ERROR -> 500; // misconfigured, shutting down, or a bug
        };
    }
}
