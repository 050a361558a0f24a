package dev.zen.integration.it.chaos;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One seeded chaos run against FakeJira and the real Jira plugin: linked tasks, syncs of random tasks from several
 * threads while people edit both sides, 20% of HTTP requests faulted, then quiescence (faults off, sync until
 * stable) and the oracle. The workload (which task, which field, which side, which value) is drawn from the seed
 * per thread; which request a fault hits is drawn from the seed by request count, so thread timing varies it.
 */
final class ChaosRun {
    static final List<String> FIELDS = List.of("title", "description", "status", "priority", "labels");
    private static final List<String> STATUSES = List.of("To Do", "In Progress", "Done");
    private static final List<String> PRIORITIES = List.of("Highest", "High", "Medium", "Low", "Lowest");
    private static final String DANA = "dana-account-id";
    private static final double FAULT_RATE = 0.2;
    private static final double EDIT_RATE = 0.7;
    private static final int QUIESCENCE_ROUNDS = 6;

    /** A person's edit of one field on one side, in the order edits happened (per task they are serialised). */
    private record Edit(long seq, boolean jira, String value) {}

    private final long seed;
    private final int ops;
    private final int taskCount;
    private final int threads;
    private final boolean inMemoryStores;
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger syncs = new AtomicInteger();
    private final AtomicInteger edits = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> faults = new ConcurrentHashMap<>();
    private final Map<String, List<Edit>> history = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    private final List<String> taskIds = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private final Object[] taskLocks;
    private final List<String> problems = new ArrayList<>();

    ChaosRun(long seed, int ops, int taskCount, int threads, boolean inMemoryStores) {
        this.seed = seed;
        this.ops = ops;
        this.taskCount = taskCount;
        this.threads = threads;
        this.inMemoryStores = inMemoryStores;
        this.taskLocks = new Object[taskCount];
        for (int i = 0; i < taskCount; i++) taskLocks[i] = new Object();
    }

    ChaosReport run() throws Exception {
        ZenTestEnvironment.Builder b = ZenTestEnvironment.builder().simplifiedWorkflow()
                .configureProvider(p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)
                        .resilience(ResilienceConfig.builder().requestsPerMinute(600_000).maxAttempts(3)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
                                .circuitBreaker(1_000, Duration.ofMillis(200)).build()));
        if (inMemoryStores) b.taskStore(InMemory::taskStore).recordStore(InMemory::recordStore);
        long started = System.nanoTime();
        try (ZenTestEnvironment env = b.build()) {
            link(env);
            env.jira().injectRandomFaults(seed, FAULT_RATE, Fault.serverError(500), Fault.serverError(502),
                    Fault.serviceUnavailable(Duration.ZERO), Fault.rateLimited(Duration.ofSeconds(1), "jira-burst-based"),
                    Fault.rateLimited(Duration.ZERO, "jira-per-issue-on-write"), Fault.connectionReset(),
                    Fault.hang(Duration.ofMillis(150)), Fault.latency(Duration.ofMillis(120)),
                    Fault.commitThen(Fault.serverError(502)), Fault.commitThen(Fault.connectionReset()));
            work(env);
            countFaults(env.jira());
            env.jira().clearFaults();
            quiesce(env);
            return oracle(env, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void link(ZenTestEnvironment env) {
        env.jira().addUser(JiraUser.of(DANA, "Dana"));
        for (int i = 0; i < taskCount; i++) {
            IssueSnapshot issue = env.jira().seed(NewIssue.builder("SYNC", "Task " + i).description("Initial " + i)
                    .priority("Medium").labels("a").build());
            taskIds.add(env.integration().importItem("jira", issue.key()).id());
            keys.add(issue.key());
            for (String f : FIELDS) seen.put(taskIds.get(i) + "/" + f, new HashSet<>(Set.of(initial(i, f))));
        }
    }

    private static String initial(int i, String field) {
        return switch (field) {
            case "title" -> "Task " + i;
            case "description" -> "Initial " + i;
            case "status" -> "To Do";
            case "priority" -> "Medium";
            default -> "a";
        };
    }

    private void work(ZenTestEnvironment env) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random rnd = new Random(seed * 1_000_003L + t);
                int share = ops / threads + (t < ops % threads ? 1 : 0);
                running.add(pool.submit(() -> {
                    for (int n = 0; n < share; n++) {
                        if (rnd.nextDouble() < EDIT_RATE) personEdits(env, rnd);
                        syncOne(env, taskIds.get(rnd.nextInt(taskCount)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private void syncOne(ZenTestEnvironment env, String taskId) {
        if (syncs.incrementAndGet() % 500 == 0) countFaults(env.jira()); // FakeJira keeps the last 10,000 requests

        try {
            SyncReport report = env.integration().sync(SyncRequest.of(List.of(taskId), SyncDirection.BIDIRECTIONAL));
            for (TaskSyncResult r : report.results()) {
                if (r.success() || r.error().isEmpty()) continue;
                ErrorCode code = r.error().get().code();
                failures.merge(code.name(), 1, Integer::sum);
                if (!expectedUnderFaults(code)) {
                    unexpected.incrementAndGet();
                    problem("unexpected failure of " + taskId + ": " + r.error().get());
                }
            }
        } catch (RuntimeException e) {
            unexpected.incrementAndGet();
            problem("sync of " + taskId + " threw " + e);
        }
    }

    private static boolean expectedUnderFaults(ErrorCode code) {
        return code == ErrorCode.PROVIDER_UNAVAILABLE || code == ErrorCode.NETWORK_ERROR
                || code == ErrorCode.RATE_LIMITED || code == ErrorCode.LOCK_TIMEOUT;
    }

    /** A person edits one field of one task on one side (Zen or Jira) to a value it does not have. */
    private void personEdits(ZenTestEnvironment env, Random rnd) {
        int i = rnd.nextInt(taskCount);
        String taskId = taskIds.get(i);
        String field = FIELDS.get(rnd.nextInt(FIELDS.size()));
        boolean jira = rnd.nextBoolean();
        String value = value(field, rnd);
        synchronized (taskLocks[i]) {
            String key = keys.get(i);
            if (jira) {
                if (Objects.equals(jiraFields(env.jira().issue(key).orElseThrow()).get(field), value)) return;
                if (field.equals("status")) env.jira().simulateStatusChange(key, DANA, value);
                else env.jira().simulateEdit(key, DANA, Map.of(jiraName(field), jiraValue(field, value)));
            } else {
                if (Objects.equals(ZenTasks.canonicalFields(env.task(taskId)).get(field), value)) return;
                Map<String, String> change = new LinkedHashMap<>();
                change.put(field, value);
                env.taskStore().edit(taskId, t -> ZenTasks.withFields(t.build(), change).toBuilder());
            }
            history.computeIfAbsent(taskId + "/" + field, k -> new ArrayList<>())
                    .add(new Edit(seq.incrementAndGet(), jira, value));
            edits.incrementAndGet();
        }
    }

    private String value(String field, Random rnd) {
        long n = seq.get() * 31 + rnd.nextInt(1_000_000);
        return switch (field) {
            case "title" -> "Title " + n;
            case "description" -> "Text " + n;
            case "status" -> STATUSES.get(rnd.nextInt(STATUSES.size()));
            case "priority" -> PRIORITIES.get(rnd.nextInt(PRIORITIES.size()));
            default -> ZenTasks.canonicalLabels(List.of("l" + n, rnd.nextBoolean() ? "a" : "b"));
        };
    }

    private static String jiraName(String field) {
        return field.equals("title") ? "summary" : field;
    }

    private static Object jiraValue(String field, String value) {
        return field.equals("labels") ? ZenTasks.parseLabels(value) : value;
    }

    static Map<String, String> jiraFields(IssueSnapshot issue) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", issue.summary());
        m.put("description", issue.description());
        m.put("status", issue.status());
        m.put("priority", issue.priority());
        String labels = ZenTasks.canonicalLabels(issue.labels());
        m.put("labels", labels.isEmpty() ? null : labels);
        return m;
    }

    /** Counts the faults of the requests recorded so far and forgets them. */
    private synchronized void countFaults(FakeJira jira) {
        List<RecordedRequest> recorded = jira.requests();
        jira.clearRequests();
        for (RecordedRequest r : recorded) {
            if (r.fault() == null) continue;
            String f = r.fault();
            String kind = f.startsWith("commit then") ? "commit-then-fail" : f.startsWith("status 429") ? "429"
                    : f.startsWith("status 5") ? "5xx" : f.startsWith("hang") ? "hang" : f.startsWith("latency")
                    ? "latency" : f.startsWith("connection reset") ? "reset" : f;
            faults.merge(kind, 1, Integer::sum);
        }
    }

    /** Faults off: every task is synced until a round changes nothing (at most QUIESCENCE_ROUNDS rounds). */
    private void quiesce(ZenTestEnvironment env) {
        for (int round = 0; round < QUIESCENCE_ROUNDS; round++) {
            SyncReport report = env.integration().sync(SyncRequest.of(taskIds, SyncDirection.BIDIRECTIONAL));
            boolean quiet = report.results().stream().allMatch(r -> r.success() && r.changes().isEmpty());
            if (quiet) return;
        }
    }

    private ChaosReport oracle(ZenTestEnvironment env, Duration took) {
        int lost = 0;
        int unconverged = 0;
        Map<String, ConflictRecord> open = new LinkedHashMap<>();
        env.integration().conflicts().forEach(c -> open.put(c.taskId() + "/" + c.field(), c));
        for (int i = 0; i < taskCount; i++) {
            String taskId = taskIds.get(i);
            Map<String, String> zen = ZenTasks.canonicalFields(env.task(taskId));
            Map<String, String> jira = jiraFields(env.jira().issue(keys.get(i)).orElseThrow());
            boolean converged = true;
            for (String f : FIELDS) {
                String k = taskId + "/" + f;
                List<Edit> h = history.getOrDefault(k, List.of());
                Edit latest = h.isEmpty() ? null : h.get(h.size() - 1);
                ConflictRecord c = open.get(k);
                String z = zen.get(f);
                String j = jira.get(f);
                if (c != null) {
                    if (!Objects.equals(c.localValue(), z) || !Objects.equals(c.remoteValue(), j)) {
                        converged = false;
                        problem(k + ": open conflict " + c.localValue() + "/" + c.remoteValue() + " but zen=" + z
                                + " jira=" + j);
                    }
                    if (latest != null && !latest.value().equals(z) && !latest.value().equals(j)) {
                        lost++;
                        problem(k + ": last edit " + latest + " is in neither side of the open conflict " + c);
                    }
                } else if (!Objects.equals(z, j)) {
                    converged = false;
                    problem(k + ": zen=" + z + " jira=" + j + " and no open conflict");
                } else if (latest != null && !latest.value().equals(z) && strict(k, h, latest)) {
                    lost++;
                    problem(k + ": both sides hold " + z + " but the last edit was " + latest + " (history " + h
                            + ")");
                }
            }
            if (!converged) unconverged++;
        }
        int duplicates = env.jira().issues().size() - taskCount;
        return new ChaosReport(seed, inMemoryStores ? "in-memory" : "file", taskCount, threads, syncs.get(),
                edits.get(), new TreeMap<>(faults), new TreeMap<>(failures), unexpected.get(), duplicates, lost,
                open.size(), unconverged, took, List.copyOf(problems.subList(0, Math.min(20, problems.size()))));
    }

    /**
     * Whether the last edit must have survived: always for a value never seen before on that field; an edit back to
     * an earlier value may be a revert to the base, which a three-way merge cannot tell from no edit at all.
     */
    private boolean strict(String key, List<Edit> h, Edit latest) {
        Set<String> before = new HashSet<>(seen.get(key));
        for (Edit e : h) {
            if (e == latest) break;
            before.add(e.value());
        }
        return !before.contains(latest.value());
    }

    private synchronized void problem(String text) {
        problems.add(text);
    }
}
