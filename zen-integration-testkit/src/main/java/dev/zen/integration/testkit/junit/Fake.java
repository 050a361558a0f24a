package dev.zen.integration.testkit.junit;

/**
 * A tracker fake a test environment wires its service to: {@link ZenIntegrationTest#fakes()} and
 * {@code builder().fakes(...)}. Each listed fake becomes one provider of the service; a fake that is not listed
 * still starts when it is injected or asked for, it is just not a provider.
 */
public enum Fake {
    /** {@link dev.zen.integration.testkit.jira.FakeJira}: provider {@code jira} (see {@code provider}/{@code plugin}). */
    JIRA,
    /**
     * {@link dev.zen.integration.testkit.github.FakeGitHub}: provider {@code github} (see {@code githubProvider}/
     * {@code githubPlugin}), repository {@code zen-sync/tasks}, the fake's default token.
     */
    GITHUB
}
