package dev.zen.integration.core.internal.webhook;

/** A delivery whose headers or payload cannot be read; its message says what is wrong (never the body). */
public final class MalformedDelivery extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code reason}. */
    public MalformedDelivery(String reason) {
        super(reason, null, false, false);
    }
}
