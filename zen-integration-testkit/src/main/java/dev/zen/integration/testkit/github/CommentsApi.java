package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.testkit.fake.Reply;

/**
 * {@code /repos/{o}/{r}/issues/{n}/comments} (list, paged; create) and {@code /repos/{o}/{r}/issues/comments/{id}}
 * (get, {@code PATCH}, {@code DELETE}). Called under the state's lock.
 */
final class CommentsApi {
    /** GitHub's limit on a comment body, in characters. */
    static final int MAX_BODY = 65_536;

    private final GitHubState state;
    private final GitHubJson json;
    private final IssuesApi issues;
    private final String apiBase;

    CommentsApi(GitHubState state, GitHubJson json, IssuesApi issues, String apiBase) {
        this.state = state;
        this.json = json;
        this.issues = issues;
        this.apiBase = apiBase;
    }

    Reply list(GitHubState.Repo repo, String number, ApiRequest r) {
        GitHubState.Issue i = issues.find(repo, number);
        return Paging.page(apiBase, r, repo.comments.values().stream().filter(c -> c.issue == i.number)
                .map(c -> json.comment(repo, c, state.user(c.author))).toList());
    }

    Reply create(GitHubState.Repo repo, String number, ApiRequest r) {
        GitHubState.Issue i = issues.find(repo, number);
        GitHubState.Comment c = add(repo, i, r.login(), body(r));
        return Reply.json(201, json.comment(repo, c, state.user(c.author)));
    }

    GitHubState.Comment add(GitHubState.Repo repo, GitHubState.Issue i, String login, String body) {
        GitHubState.Comment c = new GitHubState.Comment(state.nextId++, i.number, login, body, state.now());
        repo.comments.put(c.id, c);
        i.updated = c.created;
        return c;
    }

    Reply one(GitHubState.Repo repo, String id, ApiRequest r) {
        GitHubState.Comment c = find(repo, id);
        switch (r.method()) {
            case "GET" -> {
                return Reply.json(200, json.comment(repo, c, state.user(c.author)));
            }
            case "PATCH" -> {
                c.body = body(r);
                c.updated = state.now();
                return Reply.json(200, json.comment(repo, c, state.user(c.author)));
            }
            case "DELETE" -> {
                repo.comments.remove(c.id);
                return Reply.empty(204);
            }
            default -> throw GitHubError.notFound();
        }
    }

    static GitHubState.Comment find(GitHubState.Repo repo, String id) {
        try {
            GitHubState.Comment c = repo.comments.get(Long.parseLong(id));
            if (c == null) throw GitHubError.notFound();
            return c;
        } catch (NumberFormatException e) {
            throw GitHubError.notFound();
        }
    }

    private static String body(ApiRequest r) {
        JsonNode b = r.json().get("body");
        if (b == null || !b.isTextual()) throw GitHubError.invalid("\"body\" wasn't supplied.");
        if (b.asText().length() > MAX_BODY) {
            throw GitHubError.validation("IssueComment", "body", "custom", "body is too long (maximum is 65536 characters)");
        }
        return b.asText();
    }
}
