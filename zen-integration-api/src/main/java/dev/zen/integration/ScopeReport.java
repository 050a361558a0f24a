package dev.zen.integration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code syncScope} call did: a part (or all) of the initial bulk import, or an incremental poll.
 *
 * @param provider  the provider
 * @param syncId    the run's id, also in events and logs
 * @param bulk      whether this call ran (part of) the initial bulk import rather than a poll
 * @param bulkDone  whether the bulk import is complete after this call
 * @param seen      items the search returned (after dedupe)
 * @param imported  items imported as new tasks (on_new_remote: import)
 * @param linked    items already linked, synced from the search result
 * @param updated   of the linked ones, those whose sync changed something
 * @param skipped   items left alone by policy (on_new_remote: ignore) or unchanged at the overlap boundary
 * @param published local tasks published (on_new_local: publish)
 * @param removed   links handled as deleted or moved out of the scope (on_removed)
 * @param failed    items whose import, sync or removal failed (see {@code results})
 * @param watermark the tracker time up to which changes are now covered; null while the bulk import runs
 * @param started   when the call started
 * @param finished  when it finished
 * @param results   a row per item touched, in order
 */
public record ScopeReport(String provider, String syncId, boolean bulk, boolean bulkDone, int seen, int imported,
                          int linked, int updated, int skipped, int published, int removed, int failed,
                          @Nullable Instant watermark, Instant started, Instant finished,
                          List<TaskSyncResult> results) {
    /** Validates the report. */
    public ScopeReport {
        Checks.requireText(provider, "provider");
        Checks.requireText(syncId, "syncId");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        for (int n : new int[] {seen, imported, linked, updated, skipped, published, removed, failed}) {
            Checks.requireNonNegative(n, "count");
        }
        results = Checks.copyList(results);
    }

    /** Alias of {@link #bulkDone()}: whether the initial bulk import is complete. */
    public boolean complete() {
        return bulkDone;
    }

    /** The rows that failed. */
    public List<TaskSyncResult> failures() {
        return results.stream().filter(r -> !r.success()).toList();
    }
}
