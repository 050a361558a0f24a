package dev.zen.integration.testkit.junit;

import dev.zen.integration.testkit.plugins.FakePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.time.Instant;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registered form with only the fake GitHub: one provider, the fake on the environment's clock. */
class ZenIntegrationExtensionGitHubTest {
    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder().fakes(Fake.GITHUB).githubProvider("gh")
            .githubPlugin("fake-canned").installPlugins(FakePlugin.CANNED).clockStart("2026-01-01T09:00:00Z")
            .configureGitHub(g -> g.coreLimit(7)).build();

    @Test
    void givenOnlyGitHubWhenTheServiceIsBuiltThenItsOnlyProviderIsTheGitHubOne() {
        assertThat(zen.integration().status().providers()).extracting(p -> p.provider()).containsExactly("gh");
    }

    @Test
    void givenConfigureGitHubWhenTheFakeStartsThenItHasTheOptionsAndTheClock() {
        zen.github().seedIssue("Write the docs", null);

        assertThat(zen.github().issue(1).orElseThrow()).hasTitle("Write the docs").isOpen();
        assertThat(zen.github().issue(1).orElseThrow().createdAt()).isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
        assertThat(zen.github().rateLimitRemaining()).isEqualTo(7);
    }

    @Test
    void givenAPerTestEnvironmentWhenItClosesThenTheFakeGitHubStops() throws IOException {
        ZenTestEnvironment env = ZenTestEnvironment.builder().fakes(Fake.GITHUB).build();
        int port = env.github().port();
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertThat(s.isConnected()).isTrue();
        }

        env.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void givenNoFakesWhenBuildingThenTheBuilderSaysWhatItNeeds() {
        assertThatThrownBy(() -> ZenIntegrationExtension.builder().fakes())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JIRA, GITHUB");
    }
}
