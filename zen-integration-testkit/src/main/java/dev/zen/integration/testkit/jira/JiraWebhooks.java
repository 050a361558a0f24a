package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.fake.Reply;
import dev.zen.integration.testkit.fake.WebhookSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the fake's successful writes into Jira webhook deliveries ({@code jira:issue_created|updated|deleted},
 * {@code comment_created|updated|deleted}) with the payload shape of Jira Cloud's admin webhooks: epoch-millisecond
 * {@code timestamp}, {@code webhookEvent}, {@code user}, and {@code issue} with {@code id}, {@code key}, {@code self}
 * and a few {@code fields}. Called with the state lock held, so deliveries are made in the order of the writes.
 */
final class JiraWebhooks {
    private static final Pattern ISSUE = Pattern.compile("/rest/api/[23]/issue/([^/]+)(/transitions|/comment(/[^/]+)?)?");
    private static final Pattern CREATE = Pattern.compile("/rest/api/[23]/issue(/bulk)?");

    private final WebhookSender sender;
    private final String baseUrl;

    JiraWebhooks(WebhookSender sender, String baseUrl) {
        this.sender = sender;
        this.baseUrl = baseUrl;
    }

    /** The issue a request's path names, looked up before the request runs (a delete removes it). */
    IssueRecord target(JiraState state, String path) {
        if (!sender.active()) return null;
        Matcher m = ISSUE.matcher(path);
        return m.matches() && !"bulk".equals(m.group(1)) ? state.find(m.group(1)).orElse(null) : null;
    }

    /** Sends the deliveries a successful request causes. */
    void after(JiraState state, String method, String path, Reply reply, IssueRecord before, String accountId) {
        if (!sender.active() || reply.status() >= 300) return;
        if ("POST".equals(method) && CREATE.matcher(path).matches()) {
            for (String key : createdKeys(reply)) {
                state.find(key).ifPresent(i -> send(state, "jira:issue_created", i, accountId));
            }
            return;
        }
        Matcher m = ISSUE.matcher(path);
        if (before == null || !m.matches()) return;
        String event = event(method, m.group(2), m.group(3));
        if (event != null) send(state, event, before, accountId);
    }

    private static String event(String method, String sub, String commentId) {
        if (sub == null) {
            return switch (method) {
                case "PUT" -> "jira:issue_updated";
                case "DELETE" -> "jira:issue_deleted";
                default -> null;
            };
        }
        if (sub.equals("/transitions")) return "POST".equals(method) ? "jira:issue_updated" : null;
        return switch (method) {
            case "POST" -> commentId == null ? "comment_created" : null;
            case "PUT" -> commentId != null ? "comment_updated" : null;
            case "DELETE" -> commentId != null ? "comment_deleted" : null;
            default -> null;
        };
    }

    /** Sends {@code event} about {@code issue} as done by {@code accountId}. */
    void send(JiraState state, String event, IssueRecord issue, String accountId) {
        if (!sender.active()) return;
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        n.put("timestamp", state.clock.millis());
        n.put("webhookEvent", event);
        n.put("issue_event_type_name", event.startsWith("comment") ? "issue_commented" : "issue_generic");
        n.putObject("user").put("accountId", accountId);
        ObjectNode i = n.putObject("issue");
        i.put("id", String.valueOf(issue.id));
        i.put("key", issue.key());
        i.put("self", baseUrl + "/rest/api/3/issue/" + issue.id);
        ObjectNode fields = i.putObject("fields");
        fields.put("summary", issue.summary);
        if (issue.updated != null) fields.put("updated", issue.updated.toString());
        n.putArray("matchedWebhookIds").add(1);
        try {
            sender.send(event, JiraJson.MAPPER.writeValueAsBytes(n));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> createdKeys(Reply reply) {
        List<String> keys = new ArrayList<>();
        try {
            JsonNode body = JiraJson.MAPPER.readTree(reply.body());
            if (body.has("key")) keys.add(body.get("key").asText());
            body.path("issues").forEach(x -> keys.add(x.path("key").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }
}
