package dev.zen.integration.testkit.junit;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.plugins.FakePlugin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The annotation with both fakes: each is injected, each is a provider of the injected service. */
@ZenIntegrationTest(fakes = {Fake.JIRA, Fake.GITHUB}, clockStart = "2025-09-20T10:30:00Z", plugin = "fake-canned",
        githubPlugin = "fake-canned", installPlugins = FakePlugin.CANNED)
class ZenIntegrationGitHubTest {
    static FakeGitHub classGitHub;
    FakeGitHub github;
    FakeJira jira;
    ZenIntegration zen;
    TestClock clock;

    @Test
    void givenBothFakesWhenInjectedThenTheServiceHasAProviderForEach() {
        assertThat(zen.status().providers()).extracting(p -> p.provider()).containsExactlyInAnyOrder("jira", "github");
        assertThat(github.baseUrl()).isNotEqualTo(jira.baseUrl());
    }

    @Test
    void givenTheInjectedFakeGitHubWhenSeededAndEditedThenItRunsOnTheTestClock() {
        github.addUser("octo", "Octo Cat", true);
        github.seedIssue("Export fails", "Repro", "backend");
        clock.advance(Duration.ofMinutes(5));
        github.simulateEdit(1, "octo", Map.of("state", "closed", "state_reason", "not_planned"));

        assertThat(github.issue(1).orElseThrow()).hasTitle("Export fails").isClosedAs("not_planned")
                .hasExactlyLabels("backend").isNotAPullRequest();
        assertThat(github.issue(1).orElseThrow().createdAt()).isEqualTo(Instant.parse("2025-09-20T10:30:00Z"));
        assertThat(github.issue(1).orElseThrow().updatedAt()).isEqualTo(Instant.parse("2025-09-20T10:35:00Z"));
    }

    @Test
    void givenTheGitHubProviderWhenAnItemIsImportedThenItsPluginRuns() {
        // the canned fake answers CONFIG_ERROR for an unconfigured get_task_data: proof the provider's plugin ran
        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> zen.importItem("github", "1"));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
    }

    @Test
    void givenAStaticAndAnInstanceFieldThenTheClassWideFakeIsAnotherOneThanThePerTestOne(FakeGitHub parameter) {
        assertThat(classGitHub).isNotNull().isNotSameAs(github);
        assertThat(parameter).isSameAs(classGitHub);
    }
}
