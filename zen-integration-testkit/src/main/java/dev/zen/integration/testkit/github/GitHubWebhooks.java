package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.fake.Reply;
import dev.zen.integration.testkit.fake.WebhookSender;
import dev.zen.integration.testkit.internal.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the fake's successful issue writes into GitHub {@code issues} deliveries ({@code opened}, {@code edited},
 * {@code closed}, {@code reopened}, {@code labeled}, {@code unlabeled}, {@code transferred}, {@code deleted}) with
 * the payload's {@code action}, {@code issue} ({@code number}, {@code title}, {@code state}, {@code pull_request} for
 * a PR), {@code repository.full_name} and {@code sender.login}. Called with the state lock held.
 */
final class GitHubWebhooks {
    private static final Pattern ISSUES = Pattern.compile("/repos/([^/]+/[^/]+)/issues(/(\\d+)(/labels(/.+)?)?)?");

    private final WebhookSender sender;

    GitHubWebhooks(WebhookSender sender) {
        this.sender = sender;
    }

    /** The state ({@code open}/{@code closed}) of the issue a request names, before it runs; null if none. */
    String stateBefore(GitHubState state, String path) {
        if (!sender.active()) return null;
        Matcher m = ISSUES.matcher(path);
        if (!m.matches() || m.group(3) == null) return null;
        GitHubState.Repo repo = repo(state, m.group(1));
        GitHubState.Issue i = repo == null ? null : repo.issues.get(Integer.parseInt(m.group(3)));
        return i == null ? null : i.state;
    }

    /** Sends the delivery a successful request causes. */
    void after(GitHubState state, String method, String path, Reply reply, String stateBefore, String login) {
        if (!sender.active() || reply.status() >= 300) return;
        Matcher m = ISSUES.matcher(path);
        if (!m.matches()) return;
        GitHubState.Repo repo = repo(state, m.group(1));
        if (repo == null) return;
        if (m.group(2) == null) {
            if (!"POST".equals(method)) return;
            int number = readBody(reply).path("number").asInt();
            send(repo, repo.issues.get(number), "opened", login);
            return;
        }
        GitHubState.Issue issue = repo.issues.get(Integer.parseInt(m.group(3)));
        if (issue == null) return;
        if (m.group(4) != null) {
            send(repo, issue, "DELETE".equals(method) ? "unlabeled" : "labeled", login);
        } else if ("PATCH".equals(method)) {
            send(repo, issue, action(stateBefore, issue.state), login);
        }
    }

    static String action(String before, String after) {
        if (before == null || before.equals(after)) return "edited";
        return "closed".equals(after) ? "closed" : "reopened";
    }

    /** Sends {@code issues.<action>} about {@code issue} as done by {@code login}. */
    void send(GitHubState.Repo repo, GitHubState.Issue issue, String action, String login) {
        if (!sender.active() || issue == null) return;
        ObjectNode n = Jackson.MAPPER.createObjectNode();
        n.put("action", action);
        ObjectNode i = n.putObject("issue");
        i.put("id", issue.id);
        i.put("number", issue.number);
        i.put("title", issue.title);
        i.put("state", issue.state);
        if (issue.updated != null) i.put("updated_at", issue.updated.toString());
        if (issue.pullRequest) {
            i.putObject("pull_request").put("url", "/repos/" + repo.fullName + "/pulls/" + issue.number);
        }
        ObjectNode r = n.putObject("repository");
        r.put("full_name", repo.fullName);
        r.put("name", repo.fullName.substring(repo.fullName.indexOf('/') + 1));
        n.putObject("sender").put("login", login);
        try {
            sender.send("issues", Jackson.MAPPER.writeValueAsBytes(n));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GitHubState.Repo repo(GitHubState state, String fullName) {
        int slash = fullName.indexOf('/');
        return state.repo(fullName.substring(0, slash), fullName.substring(slash + 1));
    }

    private static JsonNode readBody(Reply reply) {
        try {
            return Jackson.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
