package dev.zen.integration.it.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random interleavings of a colleague's creates and edits in Jira (search lags them), scope polls, and webhook-like
 * deliveries ({@code syncItems}) that repeat items, name them out of order, name items no poll has seen yet, and run
 * at the same time as a poll. After a final poll past the lag: every issue of the project is linked exactly once,
 * to a task of its own, with the same title and description on both sides.
 */
class ScopeConvergenceProperties {
    private static final Duration LAG = Duration.ofMillis(250);
    private static final int SEEDED = 3;

    sealed interface Step permits Create, Edit, Poll, Deliver, PollWhileDelivering {}

    /** The colleague creates an issue. */
    record Create() implements Step {}

    /** The colleague edits the summary or description of the n-th issue (modulo the count). */
    record Edit(int issue, boolean summary, String value) implements Step {}

    /** A scope poll. */
    record Poll() implements Step {}

    /** A delivery naming these issues (by index modulo the count), duplicates and order as given. */
    record Deliver(List<Integer> issues) implements Step {}

    /** A poll and a delivery at the same time. */
    record PollWhileDelivering(List<Integer> issues) implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 20);
        Arbitrary<List<Integer>> names = index.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Step> edit = Arbitraries.integers().between(0, 20).flatMap(i -> Arbitraries.of(true, false)
                .flatMap(s -> Arbitraries.of("a", "b", "c").map(v -> new Edit(i, s, v))));
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.just(new Create())),
                        Tuple.of(4, edit),
                        Tuple.of(2, Arbitraries.just(new Poll())),
                        Tuple.of(3, names.map(Deliver::new)),
                        Tuple.of(1, names.map(PollWhileDelivering::new)))
                .list().ofMaxSize(12);
    }

    @Property(tries = 20)
    void givenRandomRemoteChangesPollsAndDeliveriesWhenAFinalPollRunsThenEveryIssueIsLinkedOnceAndEqual(
            @ForAll("steps") List<Step> steps) throws Exception {
        Path workspace = Files.createTempDirectory("zen-scope-prop-");
        try (FakeJira jira = FakeJira.builder().realistic().searchLag(LAG).start()) {
            for (int i = 1; i <= SEEDED; i++) {
                jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Seeded " + i).description("d" + i).build());
            }
            Colleague colleague = new Colleague(jira);
            ScopeConfig scope = ScopeConfig.builder().pageSize(2).build();
            try (ZenIntegration zen = ScopeFixture.open(workspace, jira.baseUrl().toString(), scope, null)) {
                ScopeFixture.importAll(zen, 10);
                int created = 0;
                for (Step step : steps) created += apply(step, zen, jira, colleague, created);
                Thread.sleep(LAG.toMillis() + 100);
                ScopeReport last = zen.syncScope(ScopeFixture.PROVIDER);
                assertThat(last.failures()).as("the final poll's failures, after " + steps).isEmpty();
                assertConverged(zen, jira, steps);
            }
        } finally {
            deleteTree(workspace);
        }
    }

    /** Applies one step; returns how many issues it created. */
    private static int apply(Step step, ZenIntegration zen, FakeJira jira, Colleague colleague, int created)
            throws Exception {
        List<String> keys = jira.issues(FakeJira.DEFAULT_PROJECT).stream().map(IssueSnapshot::key).toList();
        if (step instanceof Create) {
            colleague.create("Created " + (created + 1));
            return 1;
        }
        if (step instanceof Edit e) {
            String key = keys.get(e.issue() % keys.size());
            jira.simulateEdit(key, Colleague.ACCOUNT_ID,
                    Map.of(e.summary() ? "summary" : "description", e.value() + " of " + key));
        } else if (step instanceof Poll) {
            zen.syncScope(ScopeFixture.PROVIDER);
        } else if (step instanceof Deliver d) {
            deliver(zen, d.issues(), keys);
        } else if (step instanceof PollWhileDelivering pd) {
            CompletableFuture<SyncReport> delivery = CompletableFuture.supplyAsync(
                    () -> deliver(zen, pd.issues(), keys));
            zen.syncScope(ScopeFixture.PROVIDER);
            delivery.get();
        }
        return 0;
    }

    private static SyncReport deliver(ZenIntegration zen, List<Integer> issues, List<String> keys) {
        List<String> named = issues.stream().map(i -> keys.get(i % keys.size())).toList();
        return zen.syncItems(ScopeFixture.PROVIDER, named);
    }

    private static void assertConverged(ZenIntegration zen, FakeJira jira, List<Step> steps) {
        List<IssueSnapshot> issues = jira.issues(FakeJira.DEFAULT_PROJECT);
        List<TaskSyncRecord> records = zen.recordStore().list();
        String run = "after " + steps;
        assertThat(records.stream().map(TaskSyncRecord::externalId)).as("links per issue " + run)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(issues.stream().map(IssueSnapshot::key).toList());
        assertThat(records.stream().map(TaskSyncRecord::taskId)).as("links per task " + run).doesNotHaveDuplicates();
        assertThat(zen.taskStore().list()).as("tasks " + run).hasSize(issues.size());
        Map<String, IssueSnapshot> byKey = issues.stream().collect(Collectors.toMap(IssueSnapshot::key,
                Function.identity()));
        for (TaskSyncRecord r : records) {
            ZenTask task = zen.taskStore().find(r.taskId()).orElseThrow();
            IssueSnapshot issue = byKey.get(r.externalId());
            assertThat(task.title()).as("title of " + r.externalId() + " " + run).isEqualTo(issue.summary());
            assertThat(task.description()).as("description of " + r.externalId() + " " + run)
                    .isEqualTo(issue.description());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) Files.deleteIfExists(p);
        }
    }
}
