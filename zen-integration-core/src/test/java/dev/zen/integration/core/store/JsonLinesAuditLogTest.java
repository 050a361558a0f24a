package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The default audit trail: JSON lines that survive restarts and a kill -9, rotate by size, and answer queries. */
@Timeout(60)
class JsonLinesAuditLogTest {
    @TempDir Path dir;

    static AuditEntry entry(int i, String task) {
        return new AuditEntry(Instant.parse("2026-03-01T00:00:00Z").plusSeconds(i), AuditEntry.Action.FIELD_PULLED,
                task, "jira", "SYNC-" + i, "title", "old " + i, "new " + i, "run-" + i, Map.of("n", String.valueOf(i)));
    }

    @Test
    void givenEntriesWrittenWhenAnotherInstanceReadsThemThenTheyComeBackWholeOldestFirst() {
        JsonLinesAuditLog first = new JsonLinesAuditLog(dir, 1 << 20, 3);
        for (int i = 0; i < 5; i++) first.append(entry(i, i % 2 == 0 ? "task-a" : "task-b"));

        JsonLinesAuditLog afterRestart = new JsonLinesAuditLog(dir, 1 << 20, 3);

        assertThat(afterRestart.query(AuditQuery.forTask("task-a"))).containsExactly(entry(0, "task-a"),
                entry(2, "task-a"), entry(4, "task-a"));
        assertThat(afterRestart.query(AuditQuery.since(Instant.parse("2026-03-01T00:00:03Z"))))
                .containsExactly(entry(3, "task-b"), entry(4, "task-a"));
        assertThat(afterRestart.query(new AuditQuery(null, null, null, null, 2)))
                .as("the newest within the limit").containsExactly(entry(3, "task-b"), entry(4, "task-a"));
    }

    @Test
    void givenMoreThanAFileHoldsWhenAppendedThenItRotatesKeepingTheNewestFiles() throws Exception {
        JsonLinesAuditLog log = new JsonLinesAuditLog(dir, 1024, 2);
        for (int i = 0; i < 60; i++) log.append(entry(i, "task-a"));

        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("audit.1.jsonl", "audit.2.jsonl", "audit.jsonl");
        for (Path f : List.of(dir.resolve("audit.jsonl"), dir.resolve("audit.1.jsonl"))) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(1024);
        }
        List<AuditEntry> kept = log.query(AuditQuery.forTask("task-a"));
        assertThat(kept).isNotEmpty().hasSizeLessThan(60).last().isEqualTo(entry(59, "task-a"));
        assertThat(kept).isSortedAccordingTo((a, b) -> a.timestamp().compareTo(b.timestamp()));
    }

    @Test
    void givenALineCutShortByACrashWhenAppendingAgainThenOnlyThatLineIsLost() throws Exception {
        JsonLinesAuditLog log = new JsonLinesAuditLog(dir, 1 << 20, 1);
        log.append(entry(1, "task-a"));
        Files.write(dir.resolve("audit.jsonl"), "{\"timestamp\":\"2026-03-01T00:00:02Z\",\"act".getBytes(
                StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        JsonLinesAuditLog restarted = new JsonLinesAuditLog(dir, 1 << 20, 1);
        restarted.append(entry(3, "task-a"));

        assertThat(restarted.query(AuditQuery.forTask("task-a"))).containsExactly(entry(1, "task-a"), entry(3, "task-a"));
    }

    @Test
    void givenAProcessKilledWhileAppendingWhenTheTrailIsReadAfterwardsThenEveryWholeLineIsThereInOrder()
            throws Exception {
        Process child = CrossProcessTest.start(ChildProcess.class, "audit", dir.toString());
        try {
            CrossProcessTest.awaitLine(child, "auditing");
            Thread.sleep(400);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL on Linux: no shutdown hooks, no flush
        }

        JsonLinesAuditLog log = new JsonLinesAuditLog(dir, 1L << 30, 1);
        log.append(entry(1_000_000, "task-after"));
        List<AuditEntry> all = log.query(new AuditQuery(null, null, null, null, AuditQuery.MAX_LIMIT));

        assertThat(all).hasSizeGreaterThan(1);
        assertThat(all.get(all.size() - 1)).isEqualTo(entry(1_000_000, "task-after"));
        List<AuditEntry> written = all.subList(0, all.size() - 1);
        // a fast disk lets the child write more than one query returns: then the query holds the newest entries
        long first = Long.parseLong(written.get(0).details().get("n"));
        assertThat(first == 0 || all.size() == AuditQuery.MAX_LIMIT).as("the first entry, unless the limit cut it")
                .isTrue();
        for (int i = 0; i < written.size(); i++) {
            assertThat(written.get(i).details()).containsEntry("n", String.valueOf(first + i)); // none lost, in order
            assertThat(written.get(i).newValue()).endsWith(String.valueOf(first + i));
        }
    }
}
