package dev.zen.integration.it.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ScopeReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.postgres.EmbeddedPostgresServer;
import dev.zen.integration.postgres.PostgresStores;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initial bulk import of 1,000 Jira issues (search lag on, as on Jira Cloud) runs in a child JVM with the file
 * stores, is killed with SIGKILL just after a random page was committed (plus a random few milliseconds, so the kill
 * lands anywhere in the next page), and is resumed: every issue ends up imported and linked exactly once. The same
 * with the stores (and the scope's cursor) in PostgreSQL.
 * {@code -Dzen.scope.kill.seed=<n>} replays a run.
 */
class ScopeBulkImportKillTest {
    private static final int ISSUES = 1_000;
    private static final int PAGE_SIZE = 50;
    private static final long SEED = Long.getLong("zen.scope.kill.seed", System.nanoTime());
    @TempDir Path dir;
    // one seed per run: the kill page and delay vary between runs, the failure message names the seed
    private final FakeJira jira = FakeJira.builder().realistic().start();
    private Process child;

    @AfterEach
    void stop() {
        if (child != null) child.destroyForcibly();
        jira.close();
    }

    @Test
    void givenAThousandIssuesWhenTheImportIsKilledAtARandomPageAndResumedThenEachIsImportedAndLinkedOnce()
            throws Exception {
        killAndResume(null, null);
    }

    @Test
    void givenPostgresStoresWhenTheImportIsKilledAtARandomPageAndResumedThenEachIsImportedAndLinkedOnce()
            throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
             PostgresStores pg = PostgresStores.builder().jdbcUrl(server.jdbcUrl(), server.user(), "").poolSize(4)
                     .build()) {
            killAndResume(server.jdbcUrl(), pg);
        }
    }

    /** Seeds, imports in a child JVM killed at a random page, resumes here; {@code jdbcUrl} null: file stores. */
    private void killAndResume(String jdbcUrl, PostgresStores pg) throws Exception {
        for (int i = 1; i <= ISSUES; i++) {
            jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Issue " + i).labels("bulk").build());
        }
        Random random = new Random(SEED);
        int killAfterPage = 1 + random.nextInt(ISSUES / PAGE_SIZE - 3);
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        List<String> output = runAndKill(workspace, killAfterPage, random.nextInt(40), jdbcUrl);

        ScopeConfig scope = ScopeConfig.builder().pageSize(PAGE_SIZE).build();
        try (ZenIntegration zen = ScopeFixture.open(workspace, jira.baseUrl().toString(), scope, null, pg)) {
            int linkedAtKill = zen.recordStore().list().size();
            assertThat(linkedAtKill).as("seed %d: linked when killed after page %d; child said %s", SEED,
                    killAfterPage, output).isBetween(killAfterPage * PAGE_SIZE, ISSUES - 1);

            ScopeReport resumed = ScopeFixture.importAll(zen, 50);

            assertThat(resumed.failures()).isEmpty();
            assertThat(resumed.imported()).as("imported by the resume, at most a page replayed")
                    .isEqualTo(ISSUES - linkedAtKill);
            assertThat(resumed.seen()).isLessThanOrEqualTo(ISSUES - killAfterPage * PAGE_SIZE + PAGE_SIZE);
            assertOneTaskAndOneLinkPerIssue(zen);
            assertThat(zen.status().scopes()).anySatisfy(s -> assertThat(s.bulkComplete()).isTrue());
            System.out.printf("seed %d (%s): killed after page %d with %d linked; the resume imported the rest%n",
                    SEED, jdbcUrl == null ? "files" : "PostgreSQL", killAfterPage, linkedAtKill);
        }
    }

    /** Starts the import in a child JVM and kills it {@code delayMs} after it printed page {@code page}. */
    private List<String> runAndKill(Path workspace, int page, int delayMs, String jdbcUrl) throws Exception {
        List<String> args = new ArrayList<>(List.of(jira.baseUrl().toString(), workspace.toString(),
                String.valueOf(PAGE_SIZE)));
        if (jdbcUrl != null) args.add(jdbcUrl);
        child = ChildJvm.of(ScopeImportMain.class, args.toArray(String[]::new)).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith(ScopeImportMain.PAGE + page + " ")) {
                    Thread.sleep(delayMs);
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lines).as("the child's output").noneMatch(l -> l.startsWith(ScopeImportMain.DONE))
                .anyMatch(l -> l.startsWith(ScopeImportMain.PAGE + page + " "));
        return lines;
    }

    private void assertOneTaskAndOneLinkPerIssue(ZenIntegration zen) {
        List<TaskSyncRecord> records = zen.recordStore().list();
        List<ZenTask> tasks = zen.taskStore().list();
        assertThat(tasks).as("Zen tasks").hasSize(ISSUES);
        assertThat(records).as("links").hasSize(ISSUES);
        Map<String, Long> linksPerIssue = records.stream().collect(Collectors.groupingBy(TaskSyncRecord::externalId,
                Collectors.counting()));
        assertThat(linksPerIssue.keySet()).containsExactlyInAnyOrderElementsOf(
                jira.issues().stream().map(IssueSnapshot::key).toList());
        assertThat(linksPerIssue.values()).allMatch(n -> n == 1);
        assertThat(records.stream().map(TaskSyncRecord::taskId).distinct()).hasSize(ISSUES);
        Map<String, ZenTask> byId = tasks.stream().collect(Collectors.toMap(ZenTask::id, Function.identity()));
        for (TaskSyncRecord r : records) {
            String number = r.externalId().substring(FakeJira.DEFAULT_PROJECT.length() + 1);
            assertThat(byId.get(r.taskId()).title()).as(r.externalId()).isEqualTo("Issue " + number);
        }
        assertThat(tasks.stream().map(ZenTask::title).distinct()).as("distinct titles").hasSize(ISSUES);
    }
}
