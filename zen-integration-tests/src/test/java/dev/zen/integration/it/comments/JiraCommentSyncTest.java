package dev.zen.integration.it.comments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenComment;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.CommentDeletions;
import dev.zen.integration.core.config.CommentSync;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.TaskComments;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.inmemory.RecordingSyncListener;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraComment;
import dev.zen.integration.testkit.jira.JiraUser;
import dev.zen.integration.testkit.jira.NewIssue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comment sync through the real Jira plugin (ADF both ways, the zen.comment property) against FakeJira. */
class JiraCommentSyncTest {
    static final String PRIYA = "priya-1";

    @TempDir Path workspace;
    FakeJira jira;
    ZenIntegration zen;
    RecordingSyncListener events = new RecordingSyncListener();
    String taskId;

    @BeforeEach
    void start() {
        jira = FakeJira.start();
        jira.addUser(JiraUser.of(PRIYA, "Priya Shah"));
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
    }

    private void connect(CommentSync comments, CommentDeletions deletions) {
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .listener(events)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jira.baseUrl().toString())
                        .projectKey(FakeJira.DEFAULT_PROJECT)
                        .credentialsRef("jira-bot")
                        .comments(comments)
                        .commentDeletions(deletions)
                        .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).maxAttempts(2)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                                .circuitBreaker(100, Duration.ofSeconds(1)).build())
                        .build())
                .build();
        taskId = zen.importItem("jira", "SYNC-1").id();
    }

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        if (jira != null) jira.close();
    }

    private TaskComments comments() {
        return zen.taskStore().comments().orElseThrow();
    }

    private TaskSyncResult sync() {
        return zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    @Test
    void givenCommentsOnBothSidesWhenSyncedTwiceThenEachIsCopiedOnceWithAttributionAndNothingEchoes() {
        connect(CommentSync.BOTH, CommentDeletions.KEEP);
        jira.simulateComment("SYNC-1", PRIYA, "Reproduced on 2.3.1\n\n- Windows\n- macOS");
        comments().add(taskId, "Ann Lee", "Fixed in the next build", null);

        assertThat(sync().success()).isTrue();
        assertThat(sync().success()).isTrue(); // the copies are recognised: nothing is copied back

        assertThat(comments().list(taskId)).extracting(ZenComment::body).containsExactly(
                "Fixed in the next build", "Priya Shah wrote in Jira:\n\nReproduced on 2.3.1\n\n- Windows\n- macOS");
        assertThat(comments().list(taskId).get(1).author()).isEqualTo("Priya Shah");
        assertThat(comments().list(taskId).get(1).source()).startsWith("jira:");
        List<JiraComment> inJira = jira.comments("SYNC-1");
        assertThat(inJira).extracting(JiraComment::text).containsExactly("Reproduced on 2.3.1\n\n- Windows\n- macOS",
                "Ann Lee wrote in Zen:\n\nFixed in the next build");
        assertThat(inJira.get(1).properties()).containsKey("zen.comment");
        assertThat(events.events()).filteredOn(e -> e.type() == SyncEvent.Type.COMMENT_SYNCED).hasSize(2);
        assertThat(zen.audit(AuditQuery.forTask(taskId))).extracting(AuditEntry::action)
                .contains(AuditEntry.Action.COMMENT_PULLED, AuditEntry.Action.COMMENT_PUSHED);
    }

    @Test
    void givenCopiedCommentsWhenTheOriginalsAreEditedThenTheCopiesFollow() {
        connect(CommentSync.BOTH, CommentDeletions.KEEP);
        JiraComment fromJira = jira.simulateComment("SYNC-1", PRIYA, "Seen once");
        ZenComment fromZen = comments().add(taskId, "Ann Lee", "Looking into it", null);
        sync();

        jira.simulateCommentEdit("SYNC-1", fromJira.id(), "Seen twice");
        comments().update(taskId, fromZen.id(), "Found the cause");
        sync();

        assertThat(comments().list(taskId)).extracting(ZenComment::body)
                .containsExactly("Found the cause", "Priya Shah wrote in Jira:\n\nSeen twice");
        assertThat(jira.comments("SYNC-1")).extracting(JiraComment::text)
                .containsExactly("Seen twice", "Ann Lee wrote in Zen:\n\nFound the cause");
        jira.clearRequests();
        sync();
        assertThat(jira.requests().stream().filter(r -> !r.method().equals("GET")).toList()).isEmpty();
    }

    @Test
    void givenPropagateWhenOriginalsAreDeletedThenTheirCopiesAreDeletedAndUnderKeepTheyStay() {
        connect(CommentSync.BOTH, CommentDeletions.PROPAGATE);
        JiraComment fromJira = jira.simulateComment("SYNC-1", PRIYA, "Temporary note");
        ZenComment fromZen = comments().add(taskId, "Ann Lee", "Draft", null);
        sync();

        jira.simulateCommentDelete("SYNC-1", fromJira.id());
        comments().delete(taskId, fromZen.id());
        sync();

        assertThat(comments().list(taskId)).isEmpty();
        assertThat(jira.comments("SYNC-1")).isEmpty();
    }

    @Test
    void givenKeepWhenAnOriginalAndACopyAreDeletedThenTheOtherSideStaysAndNothingIsCopiedAgain() {
        connect(CommentSync.BOTH, CommentDeletions.KEEP);
        JiraComment fromJira = jira.simulateComment("SYNC-1", PRIYA, "Keep me");
        comments().add(taskId, "Ann Lee", "Mine", null);
        sync();
        String copyOfMine = jira.comments("SYNC-1").get(1).id();

        jira.simulateCommentDelete("SYNC-1", fromJira.id()); // an original: its Zen copy stays
        jira.simulateCommentDelete("SYNC-1", copyOfMine);    // a copy: it is not made again
        sync();
        sync();

        assertThat(comments().list(taskId)).extracting(ZenComment::body)
                .containsExactly("Mine", "Priya Shah wrote in Jira:\n\nKeep me");
        assertThat(jira.comments("SYNC-1")).isEmpty();
    }

    @Test
    void givenPullOnlyWhenSyncedThenZenCommentsStayInZen() {
        connect(CommentSync.PULL, CommentDeletions.KEEP);
        jira.simulateComment("SYNC-1", PRIYA, "From Jira");
        comments().add(taskId, "Ann Lee", "Zen only", null);

        sync();

        assertThat(jira.comments("SYNC-1")).extracting(JiraComment::text).containsExactly("From Jira");
        assertThat(comments().list(taskId)).hasSize(2);
    }

    @Test
    void givenCommentsOffWhenSyncedThenNoCommentIsListedOrCopied() {
        connect(CommentSync.OFF, CommentDeletions.KEEP);
        jira.simulateComment("SYNC-1", PRIYA, "From Jira");
        comments().add(taskId, "Ann Lee", "Zen only", null);
        jira.clearRequests();

        sync();

        assertThat(jira.requests().stream().filter(r -> r.path().contains("/comment")).toList()).isEmpty();
        assertThat(comments().list(taskId)).hasSize(1);
    }

    @Test
    void givenTheAddCommitsThenFailsWhenSyncedAgainThenTheCommentExistsOnceInJira() {
        connect(CommentSync.PUSH, CommentDeletions.KEEP);
        comments().add(taskId, "Ann Lee", "Only once, please", null);
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue/SYNC-1/comment").respond(Fault.commitThen(Fault.serverError(502))));

        TaskSyncResult failed = sync();
        assertThat(failed.success()).isFalse();
        assertThat(jira.comments("SYNC-1")).hasSize(1); // committed, but the answer was lost
        TaskSyncResult retried = sync();

        assertThat(retried.success()).as(String.valueOf(retried.error())).isTrue();
        assertThat(jira.comments("SYNC-1")).extracting(JiraComment::text)
                .containsExactly("Ann Lee wrote in Zen:\n\nOnly once, please");
        assertThat(jira.requests("POST", "/rest/api/3/issue/SYNC-1/comment")).hasSize(1);
        assertThat(zen.recordStore().find(taskId).orElseThrow().status()).isEqualTo(SyncStatus.ACTIVE);
    }

    @Test
    void givenACopyCommittedButNotRecordedWhenItsOriginalIsDeletedThenPropagateDeletesTheCopy() {
        // found by CommentConvergencePropertiesTest: the failed add left a copy no link records
        connect(CommentSync.BOTH, CommentDeletions.PROPAGATE);
        ZenComment original = comments().add(taskId, "Ann Lee", "Short-lived", null);
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue/SYNC-1/comment").respond(Fault.commitThen(Fault.serverError(502))));
        assertThat(sync().success()).isFalse();
        jira.clearFaults();

        comments().delete(taskId, original.id());
        TaskSyncResult r = sync();

        assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
        assertThat(jira.comments("SYNC-1")).isEmpty();
    }
}
