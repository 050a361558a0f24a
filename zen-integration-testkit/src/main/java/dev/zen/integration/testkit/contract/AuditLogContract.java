package dev.zen.integration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.spi.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@link AuditLog} contract: every appended entry comes back whole, oldest first; the query's task, provider and
 * time filters all apply ({@code until} exclusive); a limit keeps the newest entries; a durable log still holds its
 * entries when opened again. Extend it, return an empty log from {@link #newLog()} and, for a durable log, override
 * {@link #reopened(AuditLog)}.
 */
public abstract class AuditLogContract {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    /** An empty log. */
    protected abstract AuditLog newLog();

    /**
     * A new instance over the same storage as {@code log}, as after a restart; the default returns {@code log}
     * itself, for logs that live in memory.
     */
    protected AuditLog reopened(AuditLog log) {
        return log;
    }

    private static AuditEntry entry(int second, AuditEntry.Action action, String task, String provider) {
        return new AuditEntry(T0.plusSeconds(second), action, task, provider, "EXT-" + second, "title", "old " + second,
                "new " + second, "sync-" + second, Map.of("strategy", "newest_wins"));
    }

    @Test
    void auditLogReturnsEveryEntryWholeOldestFirstAndKeepsThemWhenReopened() {
        AuditLog log = newLog();
        AuditEntry linked = new AuditEntry(T0, AuditEntry.Action.LINKED, "t-1", "jira", "SYNC-1", null, null, null,
                null, Map.of());
        AuditEntry pushed = entry(1, AuditEntry.Action.FIELD_PUSHED, "t-1", "jira");
        AuditEntry pulled = entry(2, AuditEntry.Action.FIELD_PULLED, "t-2", "github");
        log.append(linked);
        log.append(pushed);
        log.append(pulled);

        AuditQuery all = new AuditQuery(null, null, null, null, AuditQuery.MAX_LIMIT);
        assertThat(log.query(all)).containsExactly(linked, pushed, pulled);
        AuditLog again = reopened(log);
        assertThat(again.query(all)).as("after reopening").containsExactly(linked, pushed, pulled);
    }

    @Test
    void auditLogAppliesTaskProviderAndTimeFiltersWithAnExclusiveUntil() {
        AuditLog log = newLog();
        List<AuditEntry> entries = List.of(entry(0, AuditEntry.Action.LINKED, "t-1", "jira"),
                entry(10, AuditEntry.Action.FIELD_PUSHED, "t-1", "jira"),
                entry(20, AuditEntry.Action.FIELD_PULLED, "t-2", "jira"),
                entry(30, AuditEntry.Action.CONFLICT_OPENED, "t-1", "github"));
        entries.forEach(log::append);

        assertThat(log.query(AuditQuery.forTask("t-1"))).containsExactly(entries.get(0), entries.get(1),
                entries.get(3));
        assertThat(log.query(new AuditQuery(null, "jira", null, null, 100))).containsExactly(entries.get(0),
                entries.get(1), entries.get(2));
        assertThat(log.query(AuditQuery.since(T0.plusSeconds(10)))).containsExactly(entries.get(1), entries.get(2),
                entries.get(3));
        assertThat(log.query(new AuditQuery("t-1", "jira", T0.plusSeconds(5), T0.plusSeconds(30), 100)))
                .containsExactly(entries.get(1));
        assertThat(log.query(new AuditQuery(null, null, null, T0.plusSeconds(20), 100))).as("until is exclusive")
                .containsExactly(entries.get(0), entries.get(1));
    }

    @Test
    void auditLogLimitKeepsTheNewestEntriesOldestFirst() {
        AuditLog log = newLog();
        for (int i = 0; i < 5; i++) log.append(entry(i, AuditEntry.Action.FIELD_PUSHED, "t-1", "jira"));

        assertThat(log.query(new AuditQuery("t-1", null, null, null, 2))).extracting(AuditEntry::syncId)
                .containsExactly("sync-3", "sync-4");
    }
}
