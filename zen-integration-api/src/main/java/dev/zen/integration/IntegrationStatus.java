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
 * @param scopes         the whole-project sync of each provider that has a scope
 */
public record IntegrationStatus(boolean enabled, @Nullable String taskSystem, List<ProviderHealth> providers,
                                @Nullable Instant lastSync, int errorCount, int recordCount, int conflictCount,
                                int pendingChanges, List<ScopeStatus> scopes) {
    /** Validates the status. */
    public IntegrationStatus {
        providers = Checks.copyList(providers);
        Checks.requireNonNegative(errorCount, "errorCount");
        Checks.requireNonNegative(recordCount, "recordCount");
        Checks.requireNonNegative(conflictCount, "conflictCount");
        Checks.requireNonNegative(pendingChanges, "pendingChanges");
        scopes = Checks.copyList(scopes);
    }

    /** A status without scopes (the constructor before {@code scopes}). */
    public IntegrationStatus(boolean enabled, @Nullable String taskSystem, List<ProviderHealth> providers,
                             @Nullable Instant lastSync, int errorCount, int recordCount, int conflictCount,
                             int pendingChanges) {
        this(enabled, taskSystem, providers, lastSync, errorCount, recordCount, conflictCount, pendingChanges,
                List.of());
    }
}
