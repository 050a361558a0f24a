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
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.github.GitHubComment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comment sync through the real GitHub plugin (a hidden marker per copy) against FakeGitHub. */
class GitHubCommentSyncTest {
    private static final String COMMENTS = "/repos/zen-sync/tasks/issues/1/comments";
    @TempDir Path workspace;
    FakeGitHub github;
    ZenIntegration zen;
    String taskId;

    @BeforeEach
    void start() {
        github = FakeGitHub.start();
        github.addUser("octo", "Octo Cat", true);
        github.seedIssue("Export fails", "Repro");
        zen = ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("github-bot", Credential.bearer(FakeGitHub.DEFAULT_TOKEN)))
                .provider(ProviderConfig.builder("github")
                        .serverUrl(github.baseUrl().toString())
                        .setting("repository", FakeGitHub.DEFAULT_REPOSITORY)
                        .credentialsRef("github-bot")
                        .comments(CommentSync.BOTH)
                        .commentDeletions(CommentDeletions.PROPAGATE)
                        .resilience(ResilienceConfig.builder().requestsPerMinute(60_000).maxAttempts(2)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                                .circuitBreaker(100, Duration.ofSeconds(1)).build())
                        .build())
                .build();
        taskId = zen.importItem("github", "1").id();
    }

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        if (github != null) github.close();
    }

    private TaskComments comments() {
        return zen.taskStore().comments().orElseThrow();
    }

    private TaskSyncResult sync() {
        return zen.sync(List.of(taskId), SyncDirection.BIDIRECTIONAL).result(taskId).orElseThrow();
    }

    @Test
    void givenCommentsOnBothSidesWhenSyncedThenEachIsCopiedOnceAndTheMarkerStaysHidden() {
        github.simulateComment(1, "octo", "Happens with **large** files");
        comments().add(taskId, "Ann Lee", "On it", null);

        assertThat(sync().success()).isTrue();
        assertThat(sync().success()).isTrue();

        assertThat(comments().list(taskId)).extracting(ZenComment::body)
                .containsExactly("On it", "octo wrote in GitHub:\n\nHappens with **large** files");
        List<GitHubComment> onGitHub = github.comments(1);
        assertThat(onGitHub).hasSize(2);
        assertThat(onGitHub.get(1).body()).startsWith("Ann Lee wrote in Zen:\n\nOn it\n\n<!-- zen-comment:zc-")
                .endsWith(" -->");
    }

    @Test
    void givenCopiesWhenEditedAndDeletedOnGitHubThenZenFollows() {
        GitHubComment octo = github.simulateComment(1, "octo", "First guess");
        ZenComment mine = comments().add(taskId, "Ann Lee", "Draft", null);
        sync();

        github.simulateCommentEdit(octo.id(), "Second guess");
        comments().delete(taskId, mine.id());
        sync();

        assertThat(comments().list(taskId)).extracting(ZenComment::body)
                .containsExactly("octo wrote in GitHub:\n\nSecond guess");
        assertThat(github.comments(1)).extracting(GitHubComment::body).containsExactly("Second guess");
    }

    @Test
    void givenTheAddCommitsThenFailsWhenSyncedAgainThenOneCommentExists() {
        comments().add(taskId, "Ann Lee", "Exactly once", null);
        github.inject(FaultRule.on("POST", COMMENTS).respond(Fault.commitThen(Fault.serverError(502))));

        assertThat(sync().success()).isFalse();
        TaskSyncResult retried = sync();

        assertThat(retried.success()).as(String.valueOf(retried.error())).isTrue();
        assertThat(github.comments(1)).hasSize(1);
        assertThat(github.requests("POST", COMMENTS)).hasSize(1);
    }
}
