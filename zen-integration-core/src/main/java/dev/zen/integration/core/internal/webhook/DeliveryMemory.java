package dev.zen.integration.core.internal.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * The delivery ids seen lately, per provider: bounded in number (the oldest are forgotten first) and in time (an id
 * is forgotten {@code ttl} after it was first seen). Senders resend a delivery with the same id, so a second sight
 * is a retry or a replay and is not processed again.
 */
public final class DeliveryMemory {
    private final Cache<String, Boolean> seen;

    /** A memory of at most {@code capacity} ids, each kept for {@code ttl} by {@code clock}. */
    public DeliveryMemory(long capacity, Duration ttl, Clock clock) {
        this.seen = Caffeine.newBuilder().maximumSize(capacity).expireAfterWrite(ttl)
                .ticker(() -> clockNanos(clock)).executor(Runnable::run).build();
    }

    private static long clockNanos(Clock clock) {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Remembers the id; true if it was not remembered already (atomic: of two racing calls one gets true). */
    public boolean firstSight(String provider, String deliveryId) {
        return seen.asMap().putIfAbsent(key(provider, deliveryId), Boolean.TRUE) == null;
    }

    /** Forgets the id, so the sender's retry is processed (used when the delivery could not be queued). */
    public void forget(String provider, String deliveryId) {
        seen.invalidate(key(provider, deliveryId));
    }

    private static String key(String provider, String deliveryId) {
        return provider + '\n' + deliveryId;
    }
}
