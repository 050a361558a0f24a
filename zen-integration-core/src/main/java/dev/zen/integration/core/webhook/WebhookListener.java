package dev.zen.integration.core.webhook;

import java.time.Duration;
import java.util.List;

/**
 * Observes a {@link WebhookReceiver}, for metrics ({@code ZenMetrics} implements it). Called on the receiver's
 * threads; implementations must be quick and must not throw.
 */
public interface WebhookListener {

    /** A delivery was answered (every outcome, rejections included). */
    default void onWebhookDelivery(WebhookResult result) {}

    /**
     * Items named by webhooks were synced.
     *
     * @param provider    the provider
     * @param externalIds the items of this batch
     * @param latency     from the arrival of the earliest delivery in the batch to the end of its sync
     * @param succeeded   whether the sync ran and every item in its report succeeded
     */
    default void onWebhookSynced(String provider, List<String> externalIds, Duration latency, boolean succeeded) {}
}
