package dev.zen.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The quick start pointed at a "real" Jira by configuration only (here a FakeJira standing in for one, its user's
 * credential supplied by {@link FakeJiraUserCredentials} through ServiceLoader): it seeds nothing and changes
 * nothing but the issues it creates.
 */
class QuickStartRealJiraTest {
    private FakeJira jira;
    private IssueSnapshot existing;

    @BeforeEach
    void startJiraWithAnIssueOfSomeoneElse() {
        jira = FakeJira.start();
        existing = jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Someone else's issue").priority("Low").build());
    }

    @AfterEach
    void stopJira() {
        jira.close();
    }

    @Test
    void givenARealJiraAndAnIssueToImportWhenRunThenOnlyItsOwnTwoIssuesAreCreatedAndChanged() {
        Settings settings = new Settings(jira.baseUrl().toString(), FakeJira.DEFAULT_PROJECT,
                FakeJiraUserCredentials.REFERENCE, List.of(existing.key()));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary summary;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            summary = QuickStart.run(out, settings);
        }

        assertThat(summary.oneLine()).isEqualTo("1 imported, 0 picked up by a poll, 2 created in Jira, 0 pulled, "
                + "1 pushed, 0 conflicts (0 resolved), 0 failures");
        assertThat(jira.issues(FakeJira.DEFAULT_PROJECT)).extracting(IssueSnapshot::summary).containsExactly(
                "Someone else's issue", "Write the release notes for 2.4", "Add a dark mode to the settings page");
        assertThat(jira.issue(existing.key()).orElseThrow().updated()).isEqualTo(existing.updated());
        assertThat(jira.requests().stream().filter(r -> !r.method().equals("GET") && r.path().contains(existing.key())))
                .isEmpty();
        assertThat(jira.issue("SYNC-2").orElseThrow().status()).isEqualTo("In Progress");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("WARNING: this creates 2 issues in SYNC")
                .contains("(real Jira: left out, it would import every issue of SYNC");
    }

    @Test
    void givenARealJiraWithoutACredentialWhenRunThenItStopsBeforeCreatingAnything() {
        Settings settings = new Settings(jira.baseUrl().toString(), FakeJira.DEFAULT_PROJECT,
                "quickstart-test-nobody", List.of());

        assertThatThrownBy(() -> QuickStart.run(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), settings))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                    assertThat(e.getMessage()).contains("ZEN_CREDENTIAL_QUICKSTART_TEST_NOBODY_TOKEN");
                });
        assertThat(jira.issues(FakeJira.DEFAULT_PROJECT)).hasSize(1);
    }
}
