package dev.zen.integration;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The state of the integration as a whole, as returned by {@link TaskSyncService#status()}.
 *
 * @param enabled        whether integration is enabled (the integration_enabled flag)
 * @param taskSystem     the configured task system, such as "jira"; null when there is none
 * @param providers      health per configured provider
 * @param lastSync       when the last sync finished; null before the first
 * @param errorCount     links currently in error
 * @param recordCount    linked tasks
 * @param conflictCount  conflicts waiting for review
 * @param pendingChanges local changes waiting to be pushed, over all providers
 */
public record IntegrationStatus(boolean enabled, @Nullable String taskSystem, List<ProviderHealth> providers,
                                @Nullable Instant lastSync, int errorCount, int recordCount, int conflictCount,
                                int pendingChanges) {
    /** Validates the status. */
    public IntegrationStatus {
        providers = Checks.copyList(providers);
        Checks.requireNonNegative(errorCount, "errorCount");
        Checks.requireNonNegative(recordCount, "recordCount");
        Checks.requireNonNegative(conflictCount, "conflictCount");
        Checks.requireNonNegative(pendingChanges, "pendingChanges");
    }
}
