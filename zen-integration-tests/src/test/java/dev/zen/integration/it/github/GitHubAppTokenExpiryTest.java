package dev.zen.integration.it.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.github.FakeGitHub;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub App installation tokens live one hour: the host's credential provider mints a new one when GitHub says 401. */
class GitHubAppTokenExpiryTest {
    @TempDir Path workspace;
    final TestClock clock = TestClock.at(Instant.parse("2026-06-01T10:00:00Z"));
    final FakeGitHub github = FakeGitHub.builder().clock(clock).start();
    ZenIntegration zen;

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        github.close();
    }

    /** Mints installation tokens in the fake, each valid for an hour from the fake's clock. */
    final class AppTokens implements CredentialProvider {
        final AtomicReference<String> current = new AtomicReference<>();
        final AtomicInteger minted = new AtomicInteger();

        String mint() {
            String token = "ghs_installation_" + minted.incrementAndGet();
            github.addToken(token, FakeGitHub.DEFAULT_LOGIN, clock.instant().plus(Duration.ofHours(1)));
            current.set(token);
            return token;
        }

        @Override
        public Optional<Credential> resolve(String reference) {
            return Optional.of(Credential.bearer(current.get() == null ? mint() : current.get()));
        }

        @Override
        public Optional<Credential> refresh(String reference, Credential rejected) {
            return Optional.of(Credential.bearer(mint()));
        }
    }

    @Test
    void givenAnInstallationTokenThatExpiresMidSyncWhenSyncedThenANewOneIsMintedAndTheSyncSucceeds() {
        AppTokens tokens = new AppTokens();
        zen = ZenIntegration.builder().workspace(workspace).discoverServices(false).credentialProvider(tokens)
                .provider(ProviderConfig.builder("github").serverUrl(github.baseUrl().toString())
                        .setting("repository", FakeGitHub.DEFAULT_REPOSITORY).credentialsRef("github-app").build())
                .build();
        github.seedIssue("Long sync", null);
        ZenTask task = zen.importItem("github", "1");

        clock.advance(Duration.ofMinutes(61)); // the first token has expired
        zen.taskStore().update(task.toBuilder().title("Written with a fresh token").build());
        TaskSyncResult result = zen.sync(List.of(task.id()), SyncDirection.BIDIRECTIONAL).result(task.id())
                .orElseThrow();

        assertThat(result.success()).as(String.valueOf(result.error())).isTrue();
        assertThat(github.issue(1).orElseThrow().title()).isEqualTo("Written with a fresh token");
        assertThat(tokens.minted.get()).isEqualTo(2);
        assertThat(github.requests()).anyMatch(r -> r.status() == 401);
    }
}
