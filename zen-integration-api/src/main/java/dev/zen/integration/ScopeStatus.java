package dev.zen.integration;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A provider's whole-project sync, as {@link TaskSyncService#status()} shows it.
 *
 * @param provider       the provider
 * @param filter         the scope filter (empty for the whole project)
 * @param watermark      the tracker time up to which changes are covered; null until the bulk import completed
 * @param lastPoll       when the last page or poll was committed; null before the first
 * @param itemsInScope   linked items of the provider (what the scope holds now)
 * @param pendingImports items seen but not imported yet: 0 once the bulk import is complete, else unknown (-1)
 * @param bulkComplete   whether the initial bulk import finished
 * @param bulkSeen       items the bulk import and polls have seen so far
 * @param bulkImported   items imported so far
 */
public record ScopeStatus(String provider, String filter, @Nullable Instant watermark, @Nullable Instant lastPoll,
                          int itemsInScope, int pendingImports, boolean bulkComplete, long bulkSeen,
                          long bulkImported) {
    /** Validates the status. */
    public ScopeStatus {
        Checks.requireText(provider, "provider");
        filter = filter == null ? "" : filter;
        Checks.requireNonNegative(itemsInScope, "itemsInScope");
    }
}
