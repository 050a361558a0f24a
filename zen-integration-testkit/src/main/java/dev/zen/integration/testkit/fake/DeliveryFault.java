package dev.zen.integration.testkit.fake;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Something that goes wrong with a webhook delivery a fake sends (the push side of {@link Fault}): it is dropped, sent
 * twice, or held back so later deliveries overtake it. Scripted like a {@link FaultRule}: deliveries are counted from
 * 1 and the fault applies from occurrence {@code from} for {@code times} deliveries.
 *
 * <pre>{@code
 * fakeJira.injectWebhookFault(DeliveryFault.duplicate().always());
 * fakeJira.injectWebhookFault(DeliveryFault.delay(Duration.ofMillis(300)).fromOccurrence(2));   // arrives out of order
 * fakeJira.injectWebhookFault(DeliveryFault.drop().times(3));   // polling must catch these
 * }</pre>
 *
 * Immutable.
 */
public final class DeliveryFault {
    /** What happens to the delivery. */
    public enum Kind {
        /** Never sent (nor retried). */
        DROP,
        /** Sent twice with the same delivery id. */
        DUPLICATE,
        /** Sent after {@link #delay()}, so deliveries made meanwhile arrive first. */
        DELAY
    }

    private final Kind kind;
    private final Duration delay;
    private final long from;
    private final long times;

    private DeliveryFault(Kind kind, Duration delay, long from, long times) {
        this.kind = kind;
        this.delay = delay;
        this.from = from;
        this.times = times;
    }

    /** The delivery is lost. */
    public static DeliveryFault drop() {
        return new DeliveryFault(Kind.DROP, Duration.ZERO, 1, 1);
    }

    /** The delivery arrives twice (same id, same signature), as an at-least-once sender may do. */
    public static DeliveryFault duplicate() {
        return new DeliveryFault(Kind.DUPLICATE, Duration.ZERO, 1, 1);
    }

    /** The delivery is sent {@code delay} late. */
    public static DeliveryFault delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative: " + delay);
        return new DeliveryFault(Kind.DELAY, delay, 1, 1);
    }

    /** Applies first to the {@code n}-th delivery (1-based); the default is 1. */
    public DeliveryFault fromOccurrence(long n) {
        if (n < 1) throw new IllegalArgumentException("occurrences count from 1: " + n);
        return new DeliveryFault(kind, delay, n, times);
    }

    /** Applies to this many deliveries in a row; the default is 1. */
    public DeliveryFault times(long count) {
        if (count < 1) throw new IllegalArgumentException("times must be at least 1: " + count);
        return new DeliveryFault(kind, delay, from, count);
    }

    /** Applies to every delivery from the first occurrence on. */
    public DeliveryFault always() {
        return new DeliveryFault(kind, delay, from, Long.MAX_VALUE);
    }

    /** What happens. */
    public Kind kind() {
        return kind;
    }

    /** How late a {@link Kind#DELAY} delivery is sent. */
    public Duration delay() {
        return delay;
    }

    boolean appliesTo(long occurrence) {
        return occurrence >= from && occurrence - from < times;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (kind == Kind.DELAY ? " " + delay : "")
                + " from #" + from + (times == Long.MAX_VALUE ? " always" : " x" + times);
    }
}
