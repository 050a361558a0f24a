package dev.zen.integration.core.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the receiver made of one delivery, and the HTTP answer it suggests.
 *
 * @param outcome     accepted, duplicate, ignored, rejected or busy
 * @param httpStatus  the status to answer: 202 accepted, 200 duplicate or ignored, 400 malformed or stale,
 *                    401 bad or missing signature, 404 unknown provider, 413 too large, 503 busy
 * @param provider    the configured provider, or {@code "unknown"} for a 404 (the caller's name is not echoed)
 * @param deliveryId  the sender's delivery id, or null when it was not read (rejected before)
 * @param externalIds the items queued for a sync (empty unless accepted)
 * @param reason      why, in words safe to log and to return to the sender (no secret, no body)
 * @param retryAfter  for 503: when the sender may try again (the {@code Retry-After} header); else null
 */
public record WebhookResult(Outcome outcome, int httpStatus, String provider, @Nullable String deliveryId,
                            List<String> externalIds, String reason, @Nullable Duration retryAfter) {
    /** Validates and copies. */
    public WebhookResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(reason, "reason");
        externalIds = List.copyOf(externalIds);
    }

    /** Whether the sender should see a 2xx (accepted, duplicate or ignored). */
    public boolean successful() {
        return httpStatus >= 200 && httpStatus < 300;
    }

    static WebhookResult accepted(String provider, String deliveryId, List<String> ids, String event) {
        return new WebhookResult(Outcome.ACCEPTED, 202, provider, deliveryId, ids, "queued: " + event, null);
    }

    static WebhookResult duplicate(String provider, String deliveryId) {
        return new WebhookResult(Outcome.DUPLICATE, 200, provider, deliveryId, List.of(),
                "delivery already received", null);
    }

    static WebhookResult ignored(String provider, String deliveryId, String why) {
        return new WebhookResult(Outcome.IGNORED, 200, provider, deliveryId, List.of(), "ignored: " + why, null);
    }

    static WebhookResult rejected(int status, String provider, @Nullable String deliveryId, String reason) {
        return new WebhookResult(Outcome.REJECTED, status, provider, deliveryId, List.of(), reason, null);
    }

    static WebhookResult busy(String provider, String deliveryId, Duration retryAfter) {
        return new WebhookResult(Outcome.BUSY, 503, provider, deliveryId, List.of(),
                "too many items waiting to sync; retry later", retryAfter);
    }

    /** What became of a delivery. */
    public enum Outcome {
        /** Verified, new, about an issue: its items are queued for a sync (202). */
        ACCEPTED,
        /** Verified, but its delivery id was seen already: a retry or a replay (200, nothing done). */
        DUPLICATE,
        /** Verified, but not about a synced item: ping, pull request, other event (200, nothing done). */
        IGNORED,
        /** Refused: unknown provider, too large, bad signature, malformed or stale (4xx). */
        REJECTED,
        /** Verified, but the sync queue is full (503 with Retry-After; the sender retries). */
        BUSY;

        /** The lower-case name, as used in metric tags. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
