package dev.zen.integration.core.internal.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.core.internal.io.Jackson;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a Jira or GitHub webhook payload into the {@link Event} it describes. Only what names the item is read: the
 * sync itself fetches the item's current state, so a stale or reordered payload cannot write old values.
 */
public final class Events {
    private static final Pattern JIRA_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    private static final Set<String> JIRA_ISSUE_EVENTS = Set.of("jira:issue_created", "jira:issue_updated",
            "jira:issue_deleted", "comment_created", "comment_updated", "comment_deleted");
    private static final Set<String> ISSUE_ACTIONS = Set.of("opened", "edited", "closed", "reopened", "deleted",
            "transferred", "assigned", "unassigned", "labeled", "unlabeled", "milestoned", "demilestoned");
    private static final Set<String> COMMENT_ACTIONS = Set.of("created", "edited", "deleted");

    private Events() {}

    /**
     * The event in {@code body}.
     *
     * @param githubEvent the {@code X-GitHub-Event} header (ignored for Jira)
     * @throws MalformedDelivery if the body is not the sender's JSON or lacks what names the item
     */
    public static Event read(Format format, byte[] body, String githubEvent) {
        JsonNode root = parse(body);
        return format == Format.JIRA ? jira(root) : github(root, githubEvent);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode root = Jackson.abi().readTree(body);
            if (root == null || !root.isObject()) throw new MalformedDelivery("the body is not a JSON object");
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedDelivery("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedDelivery("the body could not be read: " + e.getMessage());
        }
    }

    private static Event jira(JsonNode root) {
        JsonNode event = root.get("webhookEvent");
        if (event == null || !event.isTextual() || event.asText().isBlank()) {
            throw new MalformedDelivery("the Jira payload has no \"webhookEvent\"");
        }
        JsonNode ms = root.get("timestamp");
        if (ms == null || !ms.canConvertToLong() || ms.asLong() <= 0) {
            throw new MalformedDelivery("the Jira payload has no \"timestamp\" (epoch milliseconds)");
        }
        String name = event.asText();
        Instant sentAt = Instant.ofEpochMilli(ms.asLong());
        if (!JIRA_ISSUE_EVENTS.contains(name)) return Event.ignored(name, sentAt, "not an issue or comment event");
        String key = text(root.path("issue").get("key"));
        if (key == null || !JIRA_KEY.matcher(key).matches()) {
            throw new MalformedDelivery("the Jira payload's \"issue.key\" is missing or not an issue key");
        }
        return Event.affecting(name, key, sentAt);
    }

    private static Event github(JsonNode root, String event) {
        if (event == null || event.isBlank()) throw new MalformedDelivery("the X-GitHub-Event header is missing");
        if (event.equals("ping")) return Event.ignored("ping", null, "ping");
        String action = text(root.get("action"));
        String name = event + "." + (action == null ? "" : action);
        Set<String> actions = switch (event) {
            case "issues" -> ISSUE_ACTIONS;
            case "issue_comment" -> COMMENT_ACTIONS;
            default -> null;
        };
        if (actions == null) return Event.ignored(event, null, "not an issues or issue_comment event");
        if (action == null) throw new MalformedDelivery("the GitHub payload has no \"action\"");
        if (!actions.contains(action)) return Event.ignored(name, null, "action '" + action + "' changes no synced field");
        JsonNode issue = root.get("issue");
        if (issue == null || !issue.isObject()) throw new MalformedDelivery("the GitHub payload has no \"issue\"");
        if (issue.hasNonNull("pull_request")) return Event.ignored(name, null, "pull request");
        JsonNode number = issue.get("number");
        String repo = text(root.path("repository").get("full_name"));
        if (number == null || !number.canConvertToLong() || number.asLong() < 1 || repo == null
                || !REPO.matcher(repo).matches()) {
            throw new MalformedDelivery("the GitHub payload's \"issue.number\" or \"repository.full_name\" is"
                    + " missing or invalid");
        }
        return Event.affecting(name, repo + "#" + number.asLong(), null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
