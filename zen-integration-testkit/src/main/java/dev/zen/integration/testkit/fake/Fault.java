package dev.zen.integration.testkit.fake;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that goes wrong with one request to a fake (FakeJira, FakeGitHub). Faults are attached to requests by
 * {@link FaultRule}s or drawn at random ({@code injectRandomFaults}). Each fake renders a status fault the way its
 * service does (Jira's error envelope and headers, GitHub's {@code message}/{@code documentation_url}).
 *
 * <p>Most faults replace the response and leave the state untouched. {@link #commitThen(Fault)} is different:
 * the request is carried out (an issue is created, a field written) and only then the client gets the error,
 * the reset connection or the hang — the situation that makes a naive retry create a duplicate.
 */
public final class Fault {

    /** What the fault does. */
    public enum Kind {
        /** An error response instead of the real one. */
        STATUS,
        /** A delay, then the real response. */
        LATENCY,
        /** The connection closes without a response. */
        RESET,
        /** Nothing is sent for a while, then the connection closes. */
        HANG,
        /** The request is carried out, then the client gets {@link #after()} instead. */
        COMMIT_THEN
    }

    final Kind kind;
    final int status;
    final Duration duration;
    final String reason;
    final Fault after;

    private Fault(Kind kind, int status, Duration duration, String reason, Fault after) {
        this.kind = kind;
        this.status = status;
        this.duration = duration;
        this.reason = reason;
        this.after = after;
    }

    /** 429 with {@code Retry-After: 1}, {@code RateLimit-Reason: jira-burst-based} and the X-RateLimit headers. */
    public static Fault rateLimited() {
        return rateLimited(Duration.ofSeconds(1), "jira-burst-based");
    }

    /**
     * 429 with {@code Retry-After} (whole seconds, rounded up), {@code X-RateLimit-Limit},
     * {@code X-RateLimit-Remaining: 0}, an ISO-8601 {@code X-RateLimit-Reset} and {@code RateLimit-Reason}.
     *
     * @param retryAfter how long the client is told to wait; zero sends {@code Retry-After: 0} as Jira sometimes does
     * @param reason     the {@code RateLimit-Reason}, e.g. {@code jira-burst-based}, {@code jira-per-issue-on-write},
     *                   {@code jira-quota-tenant-based}
     */
    public static Fault rateLimited(Duration retryAfter, String reason) {
        requireNonNegative(retryAfter);
        return new Fault(Kind.STATUS, 429, retryAfter, Objects.requireNonNull(reason, "reason"), null);
    }

    /** 503 Service Unavailable with {@code Retry-After}. */
    public static Fault serviceUnavailable(Duration retryAfter) {
        requireNonNegative(retryAfter);
        return new Fault(Kind.STATUS, 503, retryAfter, null, null);
    }

    /** A server error (500–599) with Jira's error envelope and no {@code Retry-After}. */
    public static Fault serverError(int status) {
        if (status < 500 || status > 599) throw new IllegalArgumentException("not a 5xx status: " + status);
        return new Fault(Kind.STATUS, status, null, null, null);
    }

    /** 409 "could not be updated due to a conflicting update", as Jira answers a concurrent edit. */
    public static Fault conflict() {
        return new Fault(Kind.STATUS, 409, null, null, null);
    }

    /** Any status with Jira's error envelope carrying {@code message}. */
    public static Fault status(int status, String message) {
        if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
        return new Fault(Kind.STATUS, status, null, Objects.requireNonNull(message, "message"), null);
    }

    /** Waits {@code delay}, then handles the request normally. */
    public static Fault latency(Duration delay) {
        requireNonNegative(delay);
        return new Fault(Kind.LATENCY, 0, delay, null, null);
    }

    /** Closes the connection without sending a response. */
    public static Fault connectionReset() {
        return new Fault(Kind.RESET, 0, null, null, null);
    }

    /**
     * Sends nothing for {@code duration} (pick more than the client's timeout), then closes the connection.
     * Closing the fake ends every hang at once.
     */
    public static Fault hang(Duration duration) {
        requireNonNegative(duration);
        return new Fault(Kind.HANG, 0, duration, null, null);
    }

    /**
     * Carries the request out, then answers with {@code failure} instead of the real response: the write happened,
     * but the client cannot know. {@code failure} is a status fault, a connection reset or a hang.
     */
    public static Fault commitThen(Fault failure) {
        Objects.requireNonNull(failure, "failure");
        if (failure.kind == Kind.LATENCY || failure.kind == Kind.COMMIT_THEN) {
            throw new IllegalArgumentException("commitThen needs a failing fault (status, reset or hang), not "
                    + failure);
        }
        return new Fault(Kind.COMMIT_THEN, 0, null, null, failure);
    }

    /**
     * GitHub's secondary rate limit: 403 (or 429) with {@code Retry-After} and a message saying a secondary rate
     * limit was exceeded. FakeJira renders it as any other status fault.
     *
     * @param status     403 or 429
     * @param retryAfter how long the client is told to wait
     */
    public static Fault secondaryRateLimited(int status, Duration retryAfter) {
        requireNonNegative(retryAfter);
        if (status != 403 && status != 429) throw new IllegalArgumentException("403 or 429, not " + status);
        return new Fault(Kind.STATUS, status, retryAfter, "secondary", null);
    }

    /** What the fault does. */
    public Kind kind() {
        return kind;
    }

    /** The status of a {@link Kind#STATUS} fault, else 0. */
    public int status() {
        return status;
    }

    /** The Retry-After of a status fault, the delay of latency, the length of a hang; may be null. */
    public Duration duration() {
        return duration;
    }

    /** The reason or message of a status fault, or null. */
    public String reason() {
        return reason;
    }

    /** The failure a {@link Kind#COMMIT_THEN} fault answers with, else null. */
    public Fault after() {
        return after;
    }

    private static void requireNonNegative(Duration d) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) throw new IllegalArgumentException("duration must not be negative: " + d);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> "status " + status + (duration != null ? " retry-after " + duration : "")
                    + (reason != null ? " (" + reason + ")" : "");
            case LATENCY -> "latency " + duration;
            case RESET -> "connection reset";
            case HANG -> "hang " + duration;
            case COMMIT_THEN -> "commit then " + after;
        };
    }
}
