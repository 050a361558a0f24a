package dev.zen.integration.testkit;

import dev.zen.integration.testkit.github.GitHubIssue;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.Objects;

/** AssertJ assertions on a FakeGitHub issue ({@code github.issue(1).orElseThrow()}). */
public final class GitHubIssueAssert extends AbstractAssert<GitHubIssueAssert, GitHubIssue> {

    GitHubIssueAssert(GitHubIssue actual) {
        super(actual, GitHubIssueAssert.class);
    }

    /** The title. */
    public GitHubIssueAssert hasTitle(String expected) {
        return field("title", actual == null ? null : actual.title(), expected);
    }

    /** The body as stored, hidden markers included (null for none). */
    public GitHubIssueAssert hasBody(String expected) {
        return field("body", actual == null ? null : actual.body(), expected);
    }

    /** Open. */
    public GitHubIssueAssert isOpen() {
        return field("state", actual == null ? null : actual.state(), "open");
    }

    /** Closed with this {@code state_reason}: completed, not_planned or duplicate. */
    public GitHubIssueAssert isClosedAs(String stateReason) {
        field("state", actual == null ? null : actual.state(), "closed");
        return field("state_reason", actual.stateReason(), stateReason);
    }

    /** Exactly these labels, in this order. */
    public GitHubIssueAssert hasExactlyLabels(String... expected) {
        return list("labels", expected, actual == null ? null : actual.labels());
    }

    /** Exactly these assignees (logins), in this order. */
    public GitHubIssueAssert hasExactlyAssignees(String... expected) {
        return list("assignees", expected, actual == null ? null : actual.assignees());
    }

    /** An issue, not a pull request. */
    public GitHubIssueAssert isNotAPullRequest() {
        isNotNull();
        if (actual.pullRequest()) failWithMessage("Expected #%s to be an issue but it is a pull request", actual.number());
        return this;
    }

    private GitHubIssueAssert list(String name, String[] expected, List<String> value) {
        isNotNull();
        if (!value.equals(List.of(expected))) {
            failWithMessage("Expected #%s to have %s %s but it had %s", actual.number(), name, List.of(expected), value);
        }
        return this;
    }

    private GitHubIssueAssert field(String name, String value, String expected) {
        isNotNull();
        if (!Objects.equals(value, expected)) {
            failWithMessage("Expected #%s to have %s '%s' but it was '%s'", actual.number(), name, expected, value);
        }
        return this;
    }
}
