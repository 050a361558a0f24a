package dev.zen.integration.testkit.github;

import java.time.Instant;

/**
 * An issue comment of a {@link FakeGitHub} repository as a test sees it.
 *
 * @param id      the comment id
 * @param issue   the issue number
 * @param login   the author's login
 * @param body    the Markdown body as stored (hidden markers included)
 * @param created when it was added
 * @param updated when its body last changed
 */
public record GitHubComment(long id, int issue, String login, String body, Instant created, Instant updated) {
    static GitHubComment of(GitHubState.Comment c) {
        return new GitHubComment(c.id, c.issue, c.author, c.body, c.created, c.updated);
    }
}
