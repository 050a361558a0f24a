package dev.zen.integration.core.webhook;

import dev.zen.integration.SyncReport;
import dev.zen.integration.core.ZenIntegration;
import java.util.List;
import java.util.Objects;

/**
 * Where the receiver sends the items a delivery named: a targeted sync. Called on the receiver's own threads, after
 * coalescing, never on the thread that answers the sender.
 */
@FunctionalInterface
public interface WebhookTarget {

    /**
     * Syncs the named items of a provider: linked ones are synced; new, deleted and moved ones are handled by the
     * provider's scope policies.
     *
     * @param provider    the configured provider, such as "jira"
     * @param externalIds the items' external ids ({@code SYNC-7}, {@code owner/repo#42}), each once
     * @return the sync's report
     */
    SyncReport sync(String provider, List<String> externalIds);

    /**
     * A target that syncs through {@link ZenIntegration#syncItems}: linked items are synced, new ones imported per the
     * scope's {@code on_new_remote} (without a scope they are skipped), deleted or moved ones handled per
     * {@code on_removed}.
     */
    static WebhookTarget of(ZenIntegration zen) {
        Objects.requireNonNull(zen, "zen");
        return zen::syncItems;
    }
}
