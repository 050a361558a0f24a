package dev.zen.integration.testkit;

import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.github.GitHubIssue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitHubIssueAssertTest {
    @Test
    void givenAClosedLabelledIssueWhenAssertedThenMatchingChecksPassAndAWrongReasonFailsNamingBoth() {
        try (FakeGitHub github = FakeGitHub.start()) {
            github.addUser("octo", "Octo", true);
            github.seedIssue("Title", "Body", "a", "b");
            GitHubIssue issue = github.simulateEdit(1, "octo", Map.of("state", "closed", "state_reason", "not_planned",
                    "assignees", List.of("octo")));

            assertThatCode(() -> ZenAssertions.assertThat(issue).hasTitle("Title").hasBody("Body")
                    .isClosedAs("not_planned").hasExactlyLabels("a", "b").hasExactlyAssignees("octo")
                    .isNotAPullRequest()).doesNotThrowAnyException();
            assertThatThrownBy(() -> ZenAssertions.assertThat(issue).isClosedAs("completed"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("completed").hasMessageContaining("not_planned");
            assertThatThrownBy(() -> ZenAssertions.assertThat(github.seedPullRequest("pr")).isNotAPullRequest())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("pull request");
        }
    }
}
