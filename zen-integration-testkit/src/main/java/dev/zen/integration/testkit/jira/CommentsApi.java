package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.fake.Reply;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Comparator;
import java.util.List;

/**
 * {@code /rest/api/3/issue/{key}/comment[/{id}]}: add, list (paged, oldest first or by {@code orderBy=-created}),
 * get, edit and delete comments with ADF bodies, validated like descriptions. Callers hold the state lock.
 */
final class CommentsApi {
    private final JiraState state;
    private final JiraJson json;

    CommentsApi(JiraState state, JiraJson json) {
        this.state = state;
        this.json = json;
    }

    Reply list(IssueRecord issue, JiraApi.Request r) {
        int startAt = JiraApi.intParam(r.param("startAt"), 0, "startAt");
        int max = Math.min(JiraApi.intParam(r.param("maxResults"), 5000, "maxResults"), 5000);
        List<IssueRecord.CommentRecord> all = issue.comments.stream()
                .sorted("-created".equals(r.param("orderBy"))
                        ? Comparator.comparing((IssueRecord.CommentRecord c) -> c.created).reversed()
                        : Comparator.comparing((IssueRecord.CommentRecord c) -> c.created)).toList();
        return Reply.json(200, json.commentPage(issue, all, startAt, max, r.user().timeZone(), withProperties(r)));
    }

    Reply add(IssueRecord issue, JiraApi.Request r) {
        JiraApi.requireWrite(r, "add comments to this issue");
        JsonNode body = body(r);
        IssueRecord.CommentRecord c = new IssueRecord.CommentRecord(state.nextCommentId++, r.user().accountId(),
                body.deepCopy(), state.clock.instant());
        properties(r.json(), c);
        issue.comments.add(c);
        issue.updated = c.created;
        issue.written = c.created;
        return Reply.json(201, json.comment(issue, c, r.user().timeZone(), withProperties(r)));
    }

    Reply one(IssueRecord issue, JiraApi.Request r, String id) {
        IssueRecord.CommentRecord c = issue.comments.stream().filter(x -> String.valueOf(x.id).equals(id))
                .findFirst().orElseThrow(() -> ApiError.message(404, "Can not find a comment for the id: " + id + "."));
        switch (r.method()) {
            case "GET" -> {
                return Reply.json(200, json.comment(issue, c, r.user().timeZone(), withProperties(r)));
            }
            case "PUT" -> {
                JiraApi.requireWrite(r, "edit comments on this issue");
                c.body = body(r).deepCopy();
                c.updated = state.clock.instant();
                return Reply.json(200, json.comment(issue, c, r.user().timeZone(), withProperties(r)));
            }
            case "DELETE" -> {
                JiraApi.requireWrite(r, "delete comments on this issue");
                issue.comments.remove(c);
                return Reply.empty(204);
            }
            default -> {
                return JiraReplies.error(ApiError.message(405, "Method Not Allowed"));
            }
        }
    }

    private static boolean withProperties(JiraApi.Request r) {
        return JiraApi.expand(r.param("expand")).contains("properties");
    }

    /** The {@code properties} of an add-comment body ([{key, value}]), stored with the comment as Jira does. */
    private static void properties(JsonNode body, IssueRecord.CommentRecord c) {
        JsonNode props = body == null ? null : body.get("properties");
        if (props == null || props.isNull()) return;
        if (!props.isArray()) throw ApiError.field(400, "properties", "properties must be a list of {key, value}");
        for (JsonNode p : props) {
            JsonNode key = p.get("key");
            if (key == null || !key.isTextual() || key.asText().isBlank() || key.asText().length() > 255) {
                throw ApiError.field(400, "properties", "each property needs a key of 1 to 255 characters");
            }
            JsonNode value = p.get("value");
            if (value != null && value.toString().length() > JiraState.MAX_PROPERTY_BYTES) {
                throw ApiError.field(400, "properties", "The property value is too long (over 32768 bytes).");
            }
            c.properties.put(key.asText(), value == null ? JiraJson.MAPPER.nullNode() : value.deepCopy());
        }
    }

    private static JsonNode body(JiraApi.Request r) {
        JsonNode b = r.json();
        JsonNode doc = b == null ? null : b.get("body");
        String invalid = doc == null || doc.isNull() ? "the comment body is required" : AdfSchema.violation(doc);
        if (invalid != null) throw ApiError.field(400, "comment", Adf.NOT_A_DOCUMENT + ": " + invalid);
        if (Adf.toText(doc).length() > JiraState.MAX_TEXT_AREA) {
            throw ApiError.field(400, "comment", "The entered text is too long. It exceeds the allowed limit of "
                    + "32,767 characters.");
        }
        return doc;
    }
}
