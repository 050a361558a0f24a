package dev.zen.integration.it.comments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenComment;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.CommentDeletions;
import dev.zen.integration.core.config.CommentSync;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.TaskComments;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraComment;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random interleavings of comment adds, edits and deletions on both sides, syncs, and syncs whose comment add
 * commits in Jira but answers 502, through the real Jira plugin against FakeJira ({@code comments: both},
 * {@code comment_deletions: propagate}). After two quiet syncs the threads converge: every original has exactly one
 * copy on the other side, with the attributed text of the original's latest version, and every copy has its
 * original.
 */
class CommentConvergencePropertiesTest {
    static final String PRIYA = "priya-1";
    static FakeJira jira;
    static ZenIntegration zen;
    static Path workspace;

    sealed interface Step permits ZenAdd, JiraAdd, ZenEdit, JiraEdit, ZenDelete, JiraDelete, Sync, FailingSync {}

    record ZenAdd(int n) implements Step {}

    record JiraAdd(int n) implements Step {}

    record ZenEdit(int which, int n) implements Step {}

    record JiraEdit(int which, int n) implements Step {}

    record ZenDelete(int which) implements Step {}

    record JiraDelete(int which) implements Step {}

    record Sync() implements Step {}

    record FailingSync() implements Step {}

    @BeforeContainer
    static void start() throws IOException {
        workspace = Files.createTempDirectory("zen-comment-props");
        jira = FakeJira.start();
        jira.addUser(JiraUser.of(PRIYA, "Priya Shah"));
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jira.baseUrl().toString())
                        .projectKey(FakeJira.DEFAULT_PROJECT)
                        .credentialsRef("jira-bot")
                        .comments(CommentSync.BOTH)
                        .commentDeletions(CommentDeletions.PROPAGATE)
                        .resilience(ResilienceConfig.builder().requestsPerMinute(600_000).maxAttempts(1)
                                .circuitBreaker(1000, Duration.ofMillis(10)).build())
                        .build())
                .build();
    }

    @AfterContainer
    static void stop() {
        if (zen != null) zen.close();
        if (jira != null) jira.close();
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> n = Arbitraries.integers().between(1, 99);
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 5);
        Arbitrary<Step> edit = Arbitraries.of(true, false).flatMap(z -> which.flatMap(w -> n.map(v ->
                z ? new ZenEdit(w, v) : new JiraEdit(w, v))));
        Arbitrary<Step> delete = Arbitraries.of(true, false).flatMap(z -> which.map(w ->
                z ? new ZenDelete(w) : new JiraDelete(w)));
        Arbitrary<Step> zenAdd = n.map(ZenAdd::new);
        Arbitrary<Step> jiraAdd = n.map(JiraAdd::new);
        Arbitrary<Step> sync = Arbitraries.just(new Sync());
        Arbitrary<Step> failing = Arbitraries.just(new FailingSync());
        return Arbitraries.frequencyOf(Tuple.of(3, zenAdd), Tuple.of(3, jiraAdd), Tuple.of(2, edit),
                Tuple.of(1, delete), Tuple.of(2, sync), Tuple.of(2, failing)).list().ofMaxSize(12);
    }

    @Property(tries = 40)
    void commentThreadsConvergeWithoutDuplicates(@ForAll("steps") List<Step> steps) {
        String key = jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Comment thread").build()).key();
        String taskId = zen.importItem("jira", key).id();
        TaskComments comments = zen.taskStore().comments().orElseThrow();
        for (Step step : steps) apply(step, key, taskId, comments);

        jira.clearFaults();
        TaskSyncResult first = sync(taskId);
        TaskSyncResult second = sync(taskId);

        assertThat(first.success()).as("%s", first.error()).isTrue();
        assertThat(second.success()).as("%s", second.error()).isTrue();
        assertConverged(key, taskId, comments, steps);
    }

    private static void apply(Step step, String key, String taskId, TaskComments comments) {
        List<ZenComment> zenOriginals = comments.list(taskId).stream().filter(c -> !c.isCopy()).toList();
        List<JiraComment> jiraOriginals = jira.comments(key).stream()
                .filter(c -> !c.properties().containsKey("zen.comment")).toList();
        List<ZenComment> allZen = comments.list(taskId);
        List<JiraComment> allJira = jira.comments(key);
        if (step instanceof ZenAdd a) {
            comments.add(taskId, "Ann Lee", "zen note " + a.n(), null);
        } else if (step instanceof JiraAdd a) {
            jira.simulateComment(key, PRIYA, "jira note " + a.n());
        } else if (step instanceof ZenEdit e && !zenOriginals.isEmpty()) {
            comments.update(taskId, zenOriginals.get(e.which() % zenOriginals.size()).id(), "zen edit " + e.n());
        } else if (step instanceof JiraEdit e && !jiraOriginals.isEmpty()) {
            jira.simulateCommentEdit(key, jiraOriginals.get(e.which() % jiraOriginals.size()).id(), "jira edit " + e.n());
        } else if (step instanceof ZenDelete d && !allZen.isEmpty()) {
            comments.delete(taskId, allZen.get(d.which() % allZen.size()).id());
        } else if (step instanceof JiraDelete d && !allJira.isEmpty()) {
            jira.simulateCommentDelete(key, allJira.get(d.which() % allJira.size()).id());
        } else if (step instanceof Sync) {
            sync(taskId);
        } else if (step instanceof FailingSync) {
            jira.inject(FaultRule.onPathMatching("POST", "/rest/api/3/issue/[^/]+/comment")
                    .respond(Fault.commitThen(Fault.serverError(502))));
            sync(taskId);
            jira.clearFaults();
        }
    }

    private static TaskSyncResult sync(String taskId) {
        return zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    private static void assertConverged(String key, String taskId, TaskComments comments, List<Step> steps) {
        List<ZenComment> inZen = comments.list(taskId);
        List<JiraComment> inJira = jira.comments(key);
        List<ZenComment> zenOriginals = inZen.stream().filter(c -> !c.isCopy()).toList();
        List<ZenComment> zenCopies = inZen.stream().filter(ZenComment::isCopy).toList();
        List<JiraComment> jiraCopies = inJira.stream().filter(c -> c.properties().containsKey("zen.comment")).toList();
        List<JiraComment> jiraOriginals = inJira.stream().filter(c -> !jiraCopies.contains(c)).toList();
        String context = "steps " + steps + "\nZen " + inZen + "\nJira " + inJira;

        // every original has one copy with its latest text, and nothing else is a copy
        assertThat(jiraCopies.stream().map(JiraComment::text).sorted().toList()).as(context).isEqualTo(
                zenOriginals.stream().map(z -> "Ann Lee wrote in Zen:\n\n" + z.body()).sorted().toList());
        Map<String, Long> copiesBySource = zenCopies.stream()
                .collect(Collectors.groupingBy(ZenComment::source, Collectors.counting()));
        assertThat(copiesBySource.values()).as(context).allMatch(count -> count == 1);
        Map<String, JiraComment> originalsById = jiraOriginals.stream()
                .collect(Collectors.toMap(JiraComment::id, Function.identity()));
        assertThat(copiesBySource.keySet()).as(context).isEqualTo(originalsById.keySet().stream()
                .map(id -> "jira:" + id).collect(Collectors.toSet()));
        for (ZenComment copy : zenCopies) {
            JiraComment original = originalsById.get(copy.source().substring("jira:".length()));
            assertThat(copy.body()).as(context).isEqualTo("Priya Shah wrote in Jira:\n\n" + original.text());
        }
    }
}
