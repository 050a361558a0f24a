package dev.zen.integration;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which audit entries to return: every filter that is set must match. Entries come back oldest first.
 *
 * @param taskId   only this task's entries; null for all
 * @param provider only this provider's entries; null for all
 * @param since    only entries at or after this instant; null for no lower bound
 * @param until    only entries before this instant; null for no upper bound
 * @param limit    at most this many, the newest ones (at least 1)
 */
public record AuditQuery(@Nullable String taskId, @Nullable String provider, @Nullable Instant since,
                         @Nullable Instant until, int limit) {
    /** The default and the largest limit. */
    public static final int MAX_LIMIT = 10_000;

    /** Validates the query. */
    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Checks.invalidArgument("limit", "limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** "What happened to task X": that task's entries. */
    public static AuditQuery forTask(String taskId) {
        return new AuditQuery(Checks.requireArgument(taskId, "taskId"), null, null, null, MAX_LIMIT);
    }

    /** "What did the engine change since then": every entry at or after {@code since}. */
    public static AuditQuery since(Instant since) {
        return new AuditQuery(null, null, Checks.requireArgument(since, "since"), null, MAX_LIMIT);
    }

    /** Whether an entry matches the filters (the limit aside). */
    public boolean matches(AuditEntry e) {
        return (taskId == null || taskId.equals(e.taskId())) && (provider == null || provider.equals(e.provider()))
                && (since == null || !e.timestamp().isBefore(since)) && (until == null || e.timestamp().isBefore(until));
    }
}
