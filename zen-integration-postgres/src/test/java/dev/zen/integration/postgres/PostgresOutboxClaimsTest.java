package dev.zen.integration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.OutboxClaims;
import dev.zen.integration.spi.SyncRecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queued changes claimed with FOR UPDATE SKIP LOCKED: instances flushing at once split the outbox. */
class PostgresOutboxClaimsTest {
    private final PostgresStores stores = PostgresTestDatabase.freshStores(Clock.systemUTC());

    @AfterEach
    void close() {
        stores.close();
    }

    private SyncRecordStore withQueued(int tasks) {
        SyncRecordStore records = stores.syncRecordStore();
        for (int i = 0; i < tasks; i++) {
            TaskSyncRecord r = TaskSyncRecord.link("t" + i, "jira", "X-" + i, SyncDirection.BIDIRECTIONAL,
                    Instant.EPOCH.plusSeconds(i));
            records.insert(r.toBuilder().pendingChanges(List.of(new PendingChange("c" + i, Map.of("title", "T" + i),
                    Instant.EPOCH, 0))).build());
        }
        records.insert(TaskSyncRecord.link("idle", "jira", "X-idle", SyncDirection.BIDIRECTIONAL, Instant.EPOCH));
        return records;
    }

    @Test
    void givenThreeInstancesClaimingAtOnceWhenTheyFinishThenEveryQueuedTaskWasClaimedExactlyOnce() throws Exception {
        OutboxClaims claims = (OutboxClaims) withQueued(300);
        CyclicBarrier start = new CyclicBarrier(3);
        List<CompletableFuture<List<String>>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String claimant = "instance-" + i;
            runs.add(CompletableFuture.supplyAsync(() -> {
                List<String> mine = new ArrayList<>();
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (List<String> batch; !(batch = claims.claimPending(claimant, 7, Duration.ofMinutes(1))).isEmpty();) {
                    mine.addAll(batch);
                }
                return mine;
            }));
        }

        List<String> all = new ArrayList<>();
        for (CompletableFuture<List<String>> run : runs) all.addAll(run.get());

        assertThat(all).hasSize(300).doesNotHaveDuplicates().doesNotContain("idle");
    }

    @Test
    void givenAClaimWhenReleasedOrExpiredThenAnotherInstanceMayClaimTheTask() throws Exception {
        OutboxClaims claims = (OutboxClaims) withQueued(3);

        assertThat(claims.claimPending("a", 10, Duration.ofMinutes(5))).containsExactly("t0", "t1", "t2");
        assertThat(claims.claimPending("b", 10, Duration.ofMinutes(5))).isEmpty();
        claims.releaseClaims("b", List.of("t0")); // someone else's claim is not released
        assertThat(claims.claimPending("b", 10, Duration.ofMinutes(5))).isEmpty();
        claims.releaseClaims("a", List.of("t0"));
        assertThat(claims.claimPending("b", 10, Duration.ofMillis(1))).containsExactly("t0");
        Thread.sleep(20); // b's 1 ms lease runs out: b died mid-delivery
        Set<String> again = new HashSet<>(claims.claimPending("c", 10, Duration.ofMinutes(5)));
        assertThat(again).containsExactly("t0");
    }
}
