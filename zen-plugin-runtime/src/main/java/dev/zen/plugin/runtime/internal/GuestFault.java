package dev.zen.plugin.runtime.internal;

/**
 * The guest broke the ABI (bad pointer, oversized or malformed output, failed allocation). The call fails with
 * {@code PLUGIN_EXECUTION_FAILED}, {@code details.reason} set to {@link #reason()}, and the instance is discarded.
 */
final class GuestFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    /** A fault with a machine-readable reason and a human message. */
    GuestFault(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The machine-readable reason, such as {@code output_too_large}. */
    String reason() {
        return reason;
    }
}
