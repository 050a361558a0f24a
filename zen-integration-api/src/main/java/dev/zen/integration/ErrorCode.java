package dev.zen.integration;

/**
 * What went wrong, as a stable machine-readable code. Every {@link IntegrationException} carries one.
 *
 * <p>Each code says whether a failure of its kind is usually worth retrying; an exception may override
 * that for its own case (a 503 is retryable, a 400 is not, both may arrive as {@link #NETWORK_ERROR}).
 */
public enum ErrorCode {
    /** No plugin of that name was discovered. Check the plugin folders and the classpath. */
    PLUGIN_NOT_FOUND(false),
    /** A plugin was found but could not be loaded: bad manifest, checksum, signature, or forbidden import. */
    PLUGIN_LOAD_FAILED(false),
    /**
     * A plugin call failed inside the sandbox: trap, timeout, memory cap, malformed or oversized output. Also every
     * call after the service, the plugin handle or the registry was closed, with the detail {@code reason=closed}.
     */
    PLUGIN_EXECUTION_FAILED(false),
    /** The plugin does not export the operation that was asked for. */
    UNSUPPORTED_OPERATION(false),
    /** A plugin tried something its manifest does not permit, such as a request to an undeclared host. */
    PERMISSION_DENIED(false),
    /** The external system rejected the credentials (401/403), or no credential was found for a reference. */
    AUTH_FAILED(false),
    /** The external system asked us to slow down (429). See {@link IntegrationException#retryAfter()}. */
    RATE_LIMITED(true),
    /** The external system could not be reached, or answered with a server error. */
    NETWORK_ERROR(true),
    /** The external system is unavailable and calls are short-circuited (circuit breaker open). */
    PROVIDER_UNAVAILABLE(true),
    /**
     * The state changed under the request: a concurrent writer changed the same record or task first, a link
     * already exists, or queued changes stand in the way. The exception's {@code reason} detail says which
     * ({@code version_conflict}, {@code already_linked}, {@code pending_changes}). Re-read and retry.
     */
    SYNC_CONFLICT(false),
    /** Another sync held the task's lock for longer than the lock timeout. Retry later. */
    LOCK_TIMEOUT(true),
    /** The calling thread was interrupted; the operation stopped and may or may not have taken effect. */
    INTERRUPTED(false),
    /** An unexpected failure inside the library (a bug, not bad input): the cause is attached. Please report it. */
    INTERNAL_ERROR(false),
    /** The data was rejected: a missing field, an invalid value, an impossible status transition. */
    INVALID_DATA(false),
    /** A task, record or external item does not exist. */
    NOT_FOUND(false),
    /** The configuration is invalid. The message names the key and the values it accepts. */
    CONFIG_ERROR(false),
    /** Local storage failed: a record or task could not be read or written. */
    STORAGE_ERROR(false);

    private final boolean retryableByDefault;

    ErrorCode(boolean retryableByDefault) {
        this.retryableByDefault = retryableByDefault;
    }

    /** Whether failures with this code are retryable unless the exception says otherwise. */
    public boolean retryableByDefault() {
        return retryableByDefault;
    }
}
