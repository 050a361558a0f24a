package dev.zen.integration;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a provider's whole-project sync stands, kept with the sync records (see
 * {@link dev.zen.integration.spi.ScopeStateStore}) so a restarted host resumes instead of starting over.
 *
 * @param provider      the provider name
 * @param filter        the scope filter the state belongs to (empty for none); a changed filter starts over
 * @param watermark     the tracker's time up to which every change was seen; null before the bulk import completed
 * @param cursor        the search cursor of the next page of the bulk import; null at the start or when complete
 * @param bulkStarted   the tracker's time when the bulk import started (its watermark once complete); null before
 * @param bulkComplete  whether the initial bulk import finished
 * @param lastPoll      when the last bulk page or poll was committed (the tracker's time where known); null before
 * @param seen          items seen over the bulk import and all polls
 * @param imported      items imported as new tasks
 * @param linked        items found already linked
 * @param skipped       items skipped by policy
 * @param removed       links handled as deleted or moved out of the scope
 * @param failed        items whose import or sync failed
 * @param polls         incremental polls committed (drives the periodic reconcile)
 * @param boundary      {@code id@updated} marks of the items the last poll saw inside the overlap window, so the
 *                      next poll skips them when unchanged
 */
public record ScopeState(String provider, String filter, @Nullable Instant watermark, @Nullable String cursor,
                         @Nullable Instant bulkStarted, boolean bulkComplete, @Nullable Instant lastPoll, long seen,
                         long imported, long linked, long skipped, long removed, long failed, long polls,
                         List<String> boundary) {
    /** Validates and copies. */
    public ScopeState {
        Checks.requireText(provider, "provider");
        filter = Objects.requireNonNullElse(filter, "");
        Checks.requireNonNegative(seen, "seen");
        Checks.requireNonNegative(imported, "imported");
        Checks.requireNonNegative(linked, "linked");
        Checks.requireNonNegative(skipped, "skipped");
        Checks.requireNonNegative(removed, "removed");
        Checks.requireNonNegative(failed, "failed");
        Checks.requireNonNegative(polls, "polls");
        boundary = Checks.copyList(boundary);
    }

    /** The state before anything ran. */
    public static ScopeState initial(String provider, String filter) {
        return new ScopeState(provider, filter, null, null, null, false, null, 0, 0, 0, 0, 0, 0, 0, List.of());
    }
}
