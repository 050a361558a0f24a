package dev.zen.examples.quickstart;

import dev.zen.integration.SyncReport;
import dev.zen.integration.testkit.github.FakeGitHub;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubQuickStartTest {
    @Test
    void givenTheEmbeddedFakeGitHubWhenTheQuickStartRunsThenItImportsPublishesOnceAndSyncsBothWays() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (FakeGitHub github = FakeGitHub.start()) {
            github.seedIssue("Export fails on Windows", "Steps", "bug");

            SyncReport report = GitHubQuickStart.run(new PrintStream(text, true, StandardCharsets.UTF_8),
                    github.baseUrl().toString(), FakeGitHub.DEFAULT_REPOSITORY, github.token(), github);

            assertThat(report.failures()).isEmpty();
            assertThat(github.issues()).hasSize(2);
            assertThat(github.issue(1).orElseThrow().title()).isEqualTo("Export fails on Windows for 2 GB files");
        }
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("[In Progress]").contains("no duplicate");
    }
}
