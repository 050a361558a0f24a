package dev.zen.integration.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.postgres.internal.PgSharedBudget;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.fake.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas (child JVMs), each with its own ZenIntegration on one PostgreSQL database, sync the same tasks
 * against one FakeJira answering 20% of requests with faults (commit-then-fail, 429, 503, reset) while the test
 * edits both sides; one replica is killed with SIGKILL mid-run and restarted. CI runs a short version; the issue's
 * full one is {@code -Dzen.replicas.tasks=500 -Dzen.replicas.seconds=60}.
 */
class ReplicasOnOneDatabaseTest {
    private static final int TASKS = Integer.getInteger("zen.replicas.tasks", 40);
    private static final int SECONDS = Integer.getInteger("zen.replicas.seconds", 30);
    private static final int REQUESTS_PER_MINUTE = Integer.getInteger("zen.replicas.rpm", 1200);
    /** Seconds a request may trail its permit: a permit taken ahead, then arrival jitter. */
    private static final double TRAIL = PgSharedBudget.LOCAL_PERMIT_TTL.toMillis() / 1000.0 + 0.3;
    @TempDir Path dir;
    private final String url = PostgresTestDatabase.freshDatabase();
    private final PostgresStores pg = PostgresStores.builder().jdbcUrl(url, "postgres", "").poolSize(4)
            .clock(Clock.systemUTC()).build();
    private final FakeJira jira = FakeJira.start();
    private final List<Process> replicas = new ArrayList<>();
    private final Map<String, String> lastZenEdit = new ConcurrentHashMap<>();
    private final Map<String, String> lastJiraEdit = new ConcurrentHashMap<>();
    /** Every request FakeJira received, collected as the run goes (its own log keeps only the last 10,000). */
    private final List<RecordedRequest> requestLog = new ArrayList<>();
    private volatile boolean overflowed;

    @AfterEach
    void stop() {
        replicas.forEach(Process::destroyForcibly);
        jira.close();
        pg.close();
    }

    private Process replica(int n) throws IOException {
        Path log = dir.resolve("replica-" + n + "-" + replicas.size() + ".log");
        Process p = ChildJvm.of(ReplicaMain.class, url, jira.baseUrl().toString(), String.valueOf(REQUESTS_PER_MINUTE),
                Files.createDirectories(dir.resolve("ws-" + n)).toString(), dir.resolve("stop").toString())
                .redirectOutput(log.toFile()).start();
        replicas.add(p);
        return p;
    }

    @Test
    void givenThreeReplicasAndAFaultyJiraWhenOneIsKilledAndRestartedThenNothingIsDuplicatedLostOrOverBudget()
            throws Exception {
        for (int i = 0; i < TASKS; i++) pg.taskStore().create(ZenTask.builder("task-" + i, "Task " + i).build());
        jira.injectRandomFaults(20, 0.2, Fault.commitThen(Fault.serverError(502)), Fault.rateLimited(),
                Fault.serviceUnavailable(Duration.ofSeconds(1)), Fault.connectionReset());
        Process[] running = {replica(0), replica(1), replica(2)};
        ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor();
        collector.scheduleWithFixedDelay(this::collectRequests, 1, 1, TimeUnit.SECONDS);

        editBothSidesFor(Duration.ofSeconds(SECONDS), running);
        Files.createFile(dir.resolve("stop"));
        for (Process p : running) {
            if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        jira.clearFaults();
        int linkedByReplicas = pg.syncRecordStore().list().size();
        SyncReport last = converge();
        collector.shutdown();
        collector.awaitTermination(10, TimeUnit.SECONDS);
        collectRequests();

        List<TaskSyncRecord> records = pg.syncRecordStore().list();
        assertThat(records).hasSize(TASKS);
        assertThat(records.stream().map(TaskSyncRecord::externalId).distinct()).hasSize(TASKS); // no duplicate link
        assertThat(jira.issues(FakeJira.DEFAULT_PROJECT)).hasSize(TASKS); // no duplicate issue
        assertThat(last.failures()).as("the final pass's failures").isEmpty();
        for (TaskSyncRecord r : records) assertConverged(r);
        System.out.printf("replicas: %d tasks (%d linked by the replicas, the rest by the final pass), %d tasks "
                + "edited in Zen and %d in Jira, %d requests to FakeJira%n", TASKS, linkedByReplicas,
                lastZenEdit.size(), lastJiraEdit.size(), requestLog.size());
        assertThat(overflowed).as("FakeJira's log overflowed between two collections").isFalse();
        assertWithinSharedBudget(List.copyOf(requestLog));
        assertThat(Files.readString(dir.resolve("replica-0-3.log"))).as("the restarted replica worked")
                .contains("ROUND");
    }

    /** Edits a random linked task every 50 ms, Zen's description or Jira's summary; kills replica 0 a third in. */
    private void editBothSidesFor(Duration duration, Process[] running) throws Exception {
        Random random = new Random(20);
        Instant end = Instant.now().plus(duration);
        Instant kill = Instant.now().plus(duration.dividedBy(3));
        for (int n = 0; Instant.now().isBefore(end); n++) {
            if (running[0] == replicas.get(0) && Instant.now().isAfter(kill)) {
                running[0].destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no clean-up at all
                running[0] = replica(0);
            }
            String id = "task-" + random.nextInt(TASKS);
            TaskSyncRecord r = pg.syncRecordStore().find(id).orElse(null);
            if (r != null && n % 2 == 0) {
                String value = "zen edit " + n;
                pg.taskStore().edit(id, t -> t.description(value));
                lastZenEdit.put(id, value);
            } else if (r != null) {
                String value = "jira edit " + n;
                jira.simulateEdit(r.externalId(), FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", value));
                lastJiraEdit.put(id, value);
            }
            Thread.sleep(50);
        }
    }

    /** Appends the requests received since the last call; fails if FakeJira dropped some in between. */
    private synchronized void collectRequests() {
        List<RecordedRequest> log = jira.requests();
        Instant last = requestLog.isEmpty() ? Instant.MIN : requestLog.get(requestLog.size() - 1).received();
        if (log.size() >= FakeJira.MAX_RECORDED_REQUESTS && log.get(0).received().isAfter(last)) overflowed = true;
        for (RecordedRequest r : log) {
            if (r.received().isAfter(last)) requestLog.add(r);
        }
    }

    /** The faults are gone: one more replica finishes what the killed and stopped ones left. */
    private SyncReport converge() {
        try (ZenIntegration zen = ReplicaSetup.replica(pg, dir.resolve("ws-final"), jira.baseUrl().toString(),
                REQUESTS_PER_MINUTE)) {
            List<String> ids = pg.taskStore().list().stream().map(ZenTask::id).toList();
            SyncReport report = null;
            for (int round = 0; round < 5; round++) {
                for (String id : ids) {
                    if (pg.syncRecordStore().find(id).isEmpty()) zen.publish(id, "jira");
                }
                zen.flushPending();
                report = zen.sync(ids, SyncDirection.BIDIRECTIONAL);
                if (report.failures().isEmpty() && report.results().stream().allMatch(
                        t -> t.outcome() == TaskSyncResult.Outcome.UNCHANGED)) {
                    break;
                }
            }
            return report;
        }
    }

    private void assertConverged(TaskSyncRecord r) {
        ZenTask task = pg.taskStore().find(r.taskId()).orElseThrow();
        IssueSnapshot issue = jira.issue(r.externalId()).orElseThrow();
        String title = lastJiraEdit.getOrDefault(r.taskId(), "Task " + r.taskId().substring("task-".length()));
        String state = r.taskId() + " (Jira summary '" + issue.summary() + "', base " + r.baseSnapshot() + ", "
                + r.status() + ", pending " + r.pendingChanges() + ")";
        assertThat(task.title()).as("title of " + state).isEqualTo(title);
        assertThat(issue.summary()).as("summary of " + r.externalId()).isEqualTo(title);
        String description = lastZenEdit.get(r.taskId());
        assertThat(task.description()).as("description of " + r.taskId()).isEqualTo(description);
        assertThat(issue.description()).as("description of " + r.externalId()).isEqualTo(description);
        assertThat(r.pendingChanges()).isEmpty();
        assertThat(r.conflicts()).isEmpty();
    }

    /**
     * The token bucket's promise, read off FakeJira's log: in any window of {@code w} seconds the three replicas
     * together sent at most one burst plus {@code w} seconds' worth, plus what permits taken ahead may trail by
     * ({@link PgSharedBudget#LOCAL_PERMIT_TTL}) and 0.3 s of arrival jitter: FakeJira stamps a request when it
     * handles it, which on a loaded machine can lag its sending.
     */
    private static void assertWithinSharedBudget(List<RecordedRequest> log) {
        double rate = REQUESTS_PER_MINUTE / 60.0;
        for (int window : new int[] {1, 5, 10}) {
            long w = TimeUnit.SECONDS.toNanos(window);
            int worst = 0;
            int worstStart = 0;
            for (int i = 0, j = 0; i < log.size(); i++) {
                long start = nanos(log.get(i).received());
                while (j < log.size() && nanos(log.get(j).received()) - start < w) j++;
                if (j - i > worst) {
                    worst = j - i;
                    worstStart = i;
                }
            }
            List<RecordedRequest> busiest = log.subList(worstStart, worstStart + worst);
            assertThat((double) worst).as("requests in the busiest %d s window: %s", window, busiest.stream()
                            .map(r -> r.received() + " " + r.method() + " " + r.path() + " " + r.status() + " "
                                    + r.fault()).toList())
                    .isLessThanOrEqualTo(PgSharedBudget.capacity(REQUESTS_PER_MINUTE) + rate * (window + TRAIL) + 1);
        }
    }

    private static long nanos(Instant i) {
        return TimeUnit.SECONDS.toNanos(i.getEpochSecond()) + i.getNano();
    }
}
