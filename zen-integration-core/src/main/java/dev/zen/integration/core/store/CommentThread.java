package dev.zen.integration.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenComment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's comments and the next id to hand out, so a deleted comment's id is never given to another (a sync
 * mapping may still name it). The stores' shared logic; not thread-safe, the stores serialize access.
 */
final class CommentThread {
    private final List<ZenComment> comments = new ArrayList<>();
    private long next = 1;

    List<ZenComment> list() {
        return List.copyOf(comments);
    }

    ZenComment add(String taskId, String author, String body, String source, Instant now) {
        requireText(taskId, "taskId");
        requireText(author, "author");
        if (body == null) throw invalid("add comment: body must not be null; use \"\" for an empty comment");
        if (source != null && source.isBlank()) throw invalid("add comment: source must be null or not blank");
        ZenComment c = new ZenComment("c" + next++, author, body, now, now, source);
        comments.add(c);
        return c;
    }

    ZenComment update(String taskId, String commentId, String body, Instant now) {
        if (body == null) throw invalid("update comment: body must not be null; use \"\" for an empty comment");
        for (int i = 0; i < comments.size(); i++) {
            ZenComment c = comments.get(i);
            if (!c.id().equals(commentId)) continue;
            ZenComment changed = new ZenComment(c.id(), c.author(), body, c.created(), now, c.source());
            comments.set(i, changed);
            return changed;
        }
        throw IntegrationException.builder(ErrorCode.NOT_FOUND, "task " + taskId + " has no comment " + commentId
                + "; list the task's comments for their ids").taskId(taskId).build();
    }

    boolean delete(String commentId) {
        return comments.removeIf(c -> c.id().equals(commentId));
    }

    ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode().put("next", next);
        ArrayNode all = root.putArray("comments");
        for (ZenComment c : comments) {
            ObjectNode n = all.addObject().put("id", c.id()).put("author", c.author()).put("body", c.body())
                    .put("created", c.created().toString()).put("updated", c.updated().toString());
            if (c.source() != null) n.put("source", c.source());
        }
        return root;
    }

    static CommentThread fromJson(JsonNode root) {
        CommentThread t = new CommentThread();
        t.next = root.path("next").asLong(1);
        for (JsonNode n : root.path("comments")) {
            JsonNode source = n.get("source");
            t.comments.add(new ZenComment(n.path("id").asText(), n.path("author").asText(), n.path("body").asText(),
                    Instant.parse(n.path("created").asText()), Instant.parse(n.path("updated").asText()),
                    source == null || source.isNull() ? null : source.asText()));
        }
        return t;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) throw invalid("add comment: " + name + " must not be blank");
    }

    private static IntegrationException invalid(String message) {
        return IntegrationException.of(ErrorCode.INVALID_DATA, message);
    }
}
