package dev.zen.integration.core.internal.engine;

import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.plugin.PluginOperation;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;

/**
 * A typed view of one provider's plugin, speaking ABI v1 JSON (see {@code docs/plugin-abi.md}). Every call goes
 * through {@link ProviderCalls}; reads and updates are idempotent, creates are not (they rely on the plugin's
 * idempotency key instead of blind retries).
 */
final class PluginGateway {
    private static final ObjectMapper JSON = Jackson.abi();

    private final String provider;
    private final PluginSlot plugin;
    private final ProviderCalls calls;
    private final Events events;
    /** Whether the plugin answered {@code count_only} with a count (until it once did not). */
    private volatile boolean counts = true;

    PluginGateway(String provider, PluginSlot plugin, ProviderCalls calls, Events events) {
        this.provider = provider;
        this.plugin = plugin;
        this.calls = calls;
        this.events = events;
    }

    /** The slot holding the provider's plugin. */
    PluginSlot slot() {
        return plugin;
    }

    String provider() {
        return provider;
    }

    /** The item with that id or key. */
    ExternalItem get(String idOrKey) {
        ObjectNode in = JSON.createObjectNode().put("id", idOrKey);
        return item(call(PluginOperation.GET_TASK_DATA, in, true), PluginOperation.GET_TASK_DATA);
    }

    /** Creates an item idempotently for {@code idempotencyKey}. */
    ExternalItem create(Map<String, Object> fields, String idempotencyKey) {
        ObjectNode in = JSON.createObjectNode();
        in.set("fields", JSON.valueToTree(fields));
        in.put("idempotency_key", idempotencyKey);
        return item(call(PluginOperation.CREATE_TASK, in, false), PluginOperation.CREATE_TASK);
    }

    /** Changes the given fields (a null value clears one) and returns the item after the change. */
    ExternalItem update(String idOrKey, Map<String, Object> fields) {
        ObjectNode in = JSON.createObjectNode().put("id", idOrKey);
        in.set("fields", JSON.valueToTree(fields));
        return item(call(PluginOperation.UPDATE_TASK, in, true), PluginOperation.UPDATE_TASK);
    }

    /** What an update wrote: the item after it, and the fields someone else changed concurrently (not ours). */
    record Updated(ExternalItem item, Set<String> concurrent) {}

    /**
     * Changes the given fields, telling the plugin the values the caller last read ({@code expected}): a plugin
     * that can see concurrent edits (the Jira plugin) leaves a field someone else changed since that read as the
     * person left it, and lists it in the item's {@code concurrent_edits}; see docs/plugin-abi.md. {@code readAt}
     * is the read item's {@code updated} time (null if unknown).
     */
    Updated update(String idOrKey, Map<String, Object> fields, Map<String, Object> expected, Instant readAt) {
        ObjectNode in = JSON.createObjectNode().put("id", idOrKey);
        in.set("fields", JSON.valueToTree(fields));
        in.set("expected", JSON.valueToTree(expected));
        if (readAt != null) in.put("expected_since", readAt.toString());
        JsonNode out = call(PluginOperation.UPDATE_TASK, in, true);
        Set<String> concurrent = new LinkedHashSet<>();
        JsonNode edits = out.path("concurrent_edits");
        if (edits.isObject()) edits.properties().forEach(e -> concurrent.add(e.getKey()));
        return new Updated(item(out, PluginOperation.UPDATE_TASK), Set.copyOf(concurrent));
    }

    /**
     * One page of a search: the items, the cursor of the next page (null after the last), and the tracker's clock
     * when it answered ({@code server_time}; null if the plugin does not report it).
     */
    record Page(List<ExternalItem> items, String nextCursor, Instant serverTime) {}

    /**
     * How many items match {@code query} by the tracker's own count ({@code search_tasks} with {@code count_only}),
     * or empty when the plugin does not count (it answers with items and no {@code count}; it is not asked again).
     */
    OptionalLong count(Map<String, Object> query) {
        if (!counts) return OptionalLong.empty();
        ObjectNode in = JSON.createObjectNode();
        in.set("query", JSON.valueToTree(query));
        in.putNull("cursor");
        in.put("limit", 1);
        in.put("count_only", true);
        JsonNode count = call(PluginOperation.SEARCH_TASKS, in, true).path("count");
        // a guest may write whole numbers as doubles (153.0)
        if (count.isNumber() && count.asDouble() >= 0 && count.asDouble() == Math.rint(count.asDouble())) {
            return OptionalLong.of(count.asLong());
        }
        counts = false;
        return OptionalLong.empty();
    }

    /** A page of {@code search_tasks}: {@code query} on the first page, {@code cursor} on the following ones. */
    Page search(Map<String, Object> query, String cursor, int limit) {
        ObjectNode in = JSON.createObjectNode();
        in.set("query", JSON.valueToTree(query));
        if (cursor == null) in.putNull("cursor");
        else in.put("cursor", cursor);
        in.put("limit", limit);
        JsonNode out = call(PluginOperation.SEARCH_TASKS, in, true);
        if (!out.isObject()) throw invalid(PluginOperation.SEARCH_TASKS, "expected an object, got " + out.getNodeType());
        JsonNode items = out.path("items");
        if (!items.isArray()) throw invalid(PluginOperation.SEARCH_TASKS, "\"items\" is not an array");
        List<ExternalItem> list = new ArrayList<>();
        for (JsonNode n : items) list.add(item(n, PluginOperation.SEARCH_TASKS));
        String next = text(out, "next_cursor");
        return new Page(List.copyOf(list), next == null || next.isEmpty() ? null : next,
                instant(text(out, "server_time"), PluginOperation.SEARCH_TASKS));
    }

    /**
     * The field limits the plugin declares in its {@code get_field_mapping} output ({@code "limits": {"title": 254}}:
     * the most characters each Zen field's external field takes), or none when it does not export the operation or
     * declares none. The plugin's {@code descriptor()} is the cache key of the caller (a hot reload may change them).
     */
    Map<String, Integer> fieldLimits() {
        if (!plugin.call(p -> p.supports(PluginOperation.GET_FIELD_MAPPING))) return Map.of();
        JsonNode limits = call(PluginOperation.GET_FIELD_MAPPING, JSON.createObjectNode(), true).path("limits");
        Map<String, Integer> out = new LinkedHashMap<>();
        limits.properties().forEach(e -> {
            if (!e.getValue().canConvertToInt() || e.getValue().intValue() < 1) {
                throw invalid(PluginOperation.GET_FIELD_MAPPING, "limits." + e.getKey() + " is not a positive integer");
            }
            out.put(e.getKey(), e.getValue().intValue());
        });
        return Map.copyOf(out);
    }

    /** A comment of an external item, as list_comments and add_comment return it; {@code marker} is its key. */
    record Comment(String id, String author, String body, Instant updated, String marker) {}

    /** Whether the plugin implements the comment operations (ABI v1 minor addition; older plugins do not). */
    boolean supportsComments() {
        return plugin.call(p -> p.supports(PluginOperation.LIST_COMMENTS) && p.supports(PluginOperation.ADD_COMMENT));
    }

    /** Every comment of the item, oldest first. */
    List<Comment> listComments(String idOrKey) {
        JsonNode out = call(PluginOperation.LIST_COMMENTS, JSON.createObjectNode().put("id", idOrKey), true);
        JsonNode list = out.path("comments");
        if (!list.isArray()) throw invalid(PluginOperation.LIST_COMMENTS, "expected {\"comments\": [...]}");
        List<Comment> all = new ArrayList<>();
        for (JsonNode c : list) all.add(comment(c, PluginOperation.LIST_COMMENTS));
        return all;
    }

    /** Adds a comment; a retry with the same key returns the comment an earlier attempt added. */
    Comment addComment(String idOrKey, String body, String idempotencyKey) {
        ObjectNode in = JSON.createObjectNode().put("id", idOrKey).put("body", body)
                .put("idempotency_key", idempotencyKey);
        return comment(call(PluginOperation.ADD_COMMENT, in, false), PluginOperation.ADD_COMMENT);
    }

    /** Replaces a comment's text. */
    Comment updateComment(String idOrKey, String commentId, String body) {
        ObjectNode in = JSON.createObjectNode().put("id", idOrKey).put("comment_id", commentId).put("body", body);
        return comment(call(PluginOperation.UPDATE_COMMENT, in, true), PluginOperation.UPDATE_COMMENT);
    }

    /** Deletes a comment; one already gone is no error. */
    void deleteComment(String idOrKey, String commentId) {
        call(PluginOperation.DELETE_COMMENT, JSON.createObjectNode().put("id", idOrKey).put("comment_id", commentId),
                true);
    }

    private Comment comment(JsonNode c, PluginOperation op) {
        String id = c.isObject() ? text(c, "id") : null;
        if (id == null || id.isBlank()) throw invalid(op, "a comment has no \"id\"");
        String author = text(c, "author");
        String body = text(c, "body");
        return new Comment(id, author == null || author.isBlank() ? "Unknown" : author, body == null ? "" : body,
                instant(text(c, "updated"), op), text(c, "marker"));
    }

    private JsonNode call(PluginOperation op, ObjectNode input, boolean idempotent) {
        String in = input.toString();
        long t0 = System.nanoTime();
        AtomicLong firstAttempt = new AtomicLong(); // when the pipeline let the first attempt start
        ErrorCode failed = null;
        try {
            String out = calls.call(provider, op.exportName(), idempotent, () -> {
                firstAttempt.compareAndSet(0, System.nanoTime());
                return plugin.call(p -> p.call(op, in));
            });
            try {
                return JSON.readTree(out == null ? "null" : out);
            } catch (JsonProcessingException e) {
                throw invalid(op, "its result is not JSON (" + ParseErrors.describe(e) + ")");
            }
        } catch (IntegrationException e) {
            failed = e.code();
            throw e.provider().isPresent() ? e : e.toBuilder().provider(provider).build();
        } catch (RuntimeException e) {
            failed = ErrorCode.INTERNAL_ERROR;
            throw e;
        } finally {
            long end = System.nanoTime();
            long started = firstAttempt.get();
            events.pluginCall(provider, op.exportName(), failed, Duration.ofNanos(end - t0),
                    Duration.ofNanos((started == 0 ? end : started) - t0), started != 0);
        }
    }

    private ExternalItem item(JsonNode node, PluginOperation op) {
        if (!node.isObject()) throw invalid(op, "expected an item object, got " + node.getNodeType());
        String id = text(node, "id");
        if (id == null || id.isBlank()) throw invalid(op, "the item has no \"id\"");
        String key = text(node, "key");
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonNode f = node.path("fields");
        if (f.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(f, Map.class);
            fields.putAll(m);
        }
        Map<String, Instant> changedAt = new LinkedHashMap<>();
        node.path("field_changed_at").properties().forEach(e -> {
            Instant t = instant(e.getValue().asText(null), op);
            if (t != null) changedAt.put(e.getKey(), t);
        });
        return new ExternalItem(provider, id, key == null || key.isBlank() ? id : key, text(node, "url"), fields,
                instant(text(node, "updated"), op), changedAt);
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private Instant instant(String s, PluginOperation op) {
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw invalid(op, "timestamp '" + s + "' is not ISO-8601 with an offset");
            }
        }
    }

    private IntegrationException invalid(PluginOperation op, String what) {
        return IntegrationException.builder(ErrorCode.PLUGIN_EXECUTION_FAILED, "plugin of provider " + provider
                + " returned an invalid " + op.exportName() + " result: " + what + " (see docs/plugin-abi.md)")
                .provider(provider).build();
    }
}
