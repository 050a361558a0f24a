package dev.zen.integration.testkit.github;

import java.time.Instant;
import java.util.List;

/**
 * An issue (or pull request) of the fake GitHub as it is now, for assertions.
 *
 * @param repository  {@code owner/repo}
 * @param number      the number in the repository (shared with pull requests)
 * @param id          GitHub's numeric id
 * @param title       the title
 * @param body        the body, or null
 * @param state       {@code open} or {@code closed}
 * @param stateReason {@code completed}, {@code not_planned}, {@code duplicate}, {@code reopened} or null
 * @param labels      label names
 * @param assignees   logins
 * @param milestone   the milestone number, or null
 * @param author      the login that opened it
 * @param createdAt   whole seconds
 * @param updatedAt   whole seconds
 * @param closedAt    null while open
 * @param pullRequest whether it is a pull request
 */
public record GitHubIssue(String repository, int number, long id, String title, String body, String state,
                          String stateReason, List<String> labels, List<String> assignees, Integer milestone,
                          String author, Instant createdAt, Instant updatedAt, Instant closedAt,
                          boolean pullRequest) {
    /** Copies the lists. */
    public GitHubIssue {
        labels = List.copyOf(labels);
        assignees = List.copyOf(assignees);
    }

    static GitHubIssue of(GitHubState.Issue i) {
        return new GitHubIssue(i.repo, i.number, i.id, i.title, i.body, i.state, i.stateReason, i.labels,
                i.assignees, i.milestone, i.author, i.created, i.updated, i.closed, i.pullRequest);
    }
}
