package dev.zen.integration.core.webhook;

import dev.zen.integration.SyncReport;
import dev.zen.integration.core.ZenIntegration;
import java.util.List;

/**
 * Where the receiver sends the items a delivery named: a targeted sync. Called on the receiver's own threads, after
 * coalescing, never on the thread that answers the sender.
 */
@FunctionalInterface
public interface WebhookTarget {

    /**
     * Syncs the named items of a provider: linked ones are synced, unknown ones imported, deleted ones reported by
     * the engine.
     *
     * @param provider    the configured provider, such as "jira"
     * @param externalIds the items' external ids ({@code SYNC-7}, {@code owner/repo#42}), each once
     * @return the sync's report
     */
    SyncReport sync(String provider, List<String> externalIds);

    /** A target that syncs through {@code zen}: each linked item's task is synced, an unlinked item is imported. */
    static WebhookTarget of(ZenIntegration zen) {
        return new ZenWebhookTarget(zen);
    }
}
