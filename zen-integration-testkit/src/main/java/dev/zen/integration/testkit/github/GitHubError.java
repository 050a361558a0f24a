package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.fake.Reply;

import java.nio.charset.StandardCharsets;

/** A GitHub error response, thrown by the handlers and turned into a {@link Reply}. */
final class GitHubError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Reply reply;

    private GitHubError(Reply reply) {
        super(reply.status() + " " + new String(reply.body(), StandardCharsets.UTF_8), null, false,
                false);
        this.reply = reply;
    }

    static GitHubError of(int status, ObjectNode body) {
        return new GitHubError(Reply.json(status, body.put("status", String.valueOf(status))));
    }

    /** 301 for a transferred issue: the new URL in {@code Location} and in the body's {@code url}. */
    static GitHubError moved(String location) {
        ObjectNode body = GitHubJson.error("Moved Permanently", "/issues/issues").put("url", location);
        return new GitHubError(Reply.json(301, body).withHeader("Location", location));
    }

    static GitHubError notFound() {
        return of(404, GitHubJson.error("Not Found", "/issues/issues"));
    }

    /** Schema validation ("Invalid request"), as GitHub answers a missing or ill-typed parameter. */
    static GitHubError invalid(String detail) {
        return of(422, GitHubJson.error("Invalid request.\n\n" + detail, "/issues/issues"));
    }

    static GitHubError validation(String resource, String field, String code, String message) {
        return of(422, GitHubJson.validation(resource, field, code, message));
    }

    static GitHubError badRequest(String message) {
        return of(400, GitHubJson.error(message, "/rest"));
    }
}
