package dev.zen.examples.quickstart;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.github.FakeGitHub;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The GitHub quick start: against an embedded FakeGitHub by default, or against github.com (or GitHub Enterprise
 * Server) when {@code ZEN_GITHUB_TOKEN} and {@code ZEN_GITHUB_REPOSITORY} (owner/name) are set
 * ({@code ZEN_GITHUB_API}, default https://api.github.com). It imports an issue, publishes a Zen task (twice: one
 * issue), and runs a bidirectional sync with a pushed title and a pulled status.
 *
 * <pre>mvn -q -pl examples/quickstart exec:java -Dexec.mainClass=dev.zen.examples.quickstart.GitHubQuickStart</pre>
 */
public final class GitHubQuickStart {
    private GitHubQuickStart() {
    }

    /** Runs against the fake, or the real GitHub named by the environment. */
    public static void main(String[] args) {
        String token = System.getenv("ZEN_GITHUB_TOKEN");
        String repository = System.getenv("ZEN_GITHUB_REPOSITORY");
        if (token != null && repository != null) {
            String api = System.getenv().getOrDefault("ZEN_GITHUB_API", "https://api.github.com");
            run(System.out, api, repository, token, null);
            return;
        }
        try (FakeGitHub github = FakeGitHub.start()) {
            github.seedIssue("Export fails on Windows", "Steps: export a 2 GB file.", "bug");
            run(System.out, github.baseUrl().toString(), FakeGitHub.DEFAULT_REPOSITORY, github.token(), github);
        }
    }

    /**
     * The walk-through. With a fake, it also plays the other user who closes the issue on GitHub.
     *
     * @return the bidirectional sync's report
     */
    public static SyncReport run(PrintStream out, String api, String repository, String token, FakeGitHub fake) {
        Path workspace;
        try {
            workspace = Files.createTempDirectory("zen-github-quickstart");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .credentialProvider(new InMemoryCredentialProvider().put("github-bot", Credential.bearer(token)))
                .provider(ProviderConfig.builder("github").serverUrl(api).setting("repository", repository)
                        .credentialsRef("github-bot").build())
                .build()) {
            out.println("GitHub " + api + ", repository " + repository + (fake != null ? " (embedded FakeGitHub)" : ""));
            ZenTask imported = zen.importItem("github", "1");
            out.println("  imported #1 as task " + imported.id() + ": " + imported.title() + " [" + imported.status() + "]");
            zen.taskStore().create(ZenTask.builder("quickstart-1", "Write the GitHub quick start").labels("docs").build());
            TaskSyncRecord published = zen.publish("quickstart-1", "github");
            zen.unlink("quickstart-1");
            TaskSyncRecord again = zen.publish("quickstart-1", "github");
            out.println("  published quickstart-1 as " + published.externalId() + ", again as " + again.externalId()
                    + " (the hidden marker finds it: no duplicate)");
            zen.taskStore().update(imported.toBuilder().title("Export fails on Windows for 2 GB files").build());
            if (fake != null) {
                fake.simulateEdit(1, FakeGitHub.DEFAULT_LOGIN, Map.of("labels", List.of("bug", "in progress")));
            }
            SyncReport report = zen.sync(List.of(imported.id()), SyncDirection.BIDIRECTIONAL);
            ZenTask after = zen.taskStore().find(imported.id()).orElseThrow();
            out.println("  synced: pushed the title, pulled the status -> " + after.title() + " [" + after.status() + "]");
            return report;
        }
    }
}
