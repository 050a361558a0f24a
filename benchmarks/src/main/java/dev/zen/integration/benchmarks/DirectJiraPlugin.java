package dev.zen.integration.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WASM-overhead baseline: a Jira client in plain Java behind the same {@link Plugin} contract, making the same
 * HTTP calls as the Jira plugin ({@code plugins/jira/assembly}) for the operations a sync uses, with the default
 * field mapping:
 *
 * <ul>
 *   <li>{@code get_task_data}: {@code GET /rest/api/3/issue/{id}?fields=<mapped>&expand=changelog};</li>
 *   <li>{@code update_task}: the issue as {@code get_task_data} read it when that read is the engine's
 *       ({@code expected_since} = its {@code updated}), else {@code GET /issue/{id}?fields=<mapped>};
 *       {@code PUT /issue/{id}?returnIssue=true&expand=changelog} when a field other than status changes (users
 *       resolved with {@code GET /user/search}), whose answer is the item; the transition
 *       ({@code GET}/{@code POST /issue/{id}/transitions}) when the status changes, then the re-read with the
 *       changelog. A title push is 2 exchanges, as with the plugin.</li>
 * </ul>
 *
 * <p>It returns the same ABI item (id, key, url, updated, Zen fields, per-field change times, raw issue). It is a
 * benchmark baseline, not a supported client: no retries of its own, no rich-text (ADF) beyond paragraphs.
 */
final class DirectJiraPlugin implements Plugin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PluginOperation> OPS = EnumSet.of(PluginOperation.INIT, PluginOperation.GET_TASK_DATA,
            PluginOperation.UPDATE_TASK);
    private static final String MARKER_LABEL_PREFIX = "zen-sync-";
    /** The default mapping's Jira field ids, as the plugin's {@code jiraFieldIds} lists them. */
    private static final String FIELDS = "summary,description,status,priority,assignee,labels,created,updated";
    private static final DateTimeFormatter JIRA_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd().toFormatter();
    private static final DateTimeFormatter ABI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private final PluginDescriptor descriptor;
    private final HttpClient http;
    private final String serverUrl;
    private final String api;
    private final String authorization;
    private final Duration timeout;
    private volatile boolean closed;
    /** The issues get_task_data read, by id and key, for update_task of the same sync (as the plugin's snapshot). */
    private final Map<String, JsonNode> snapshots = new ConcurrentHashMap<>();

    /**
     * A client for one Jira site.
     *
     * @param descriptor    what to report as this plugin's descriptor
     * @param serverUrl     the site, such as {@code http://127.0.0.1:8080}
     * @param authorization the {@code Authorization} header value
     * @param http          the HTTP client (configured like the runtime's: no redirects)
     */
    DirectJiraPlugin(PluginDescriptor descriptor, String serverUrl, String authorization, HttpClient http) {
        this.descriptor = descriptor;
        this.http = http;
        String base = serverUrl;
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        this.serverUrl = base;
        this.api = base + "/rest/api/3";
        this.authorization = authorization;
        this.timeout = Duration.ofSeconds(10);
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public boolean supports(PluginOperation operation) {
        return OPS.contains(operation);
    }

    @Override
    public String call(PluginOperation operation, String inputJson) {
        if (closed) throw fail(ErrorCode.PLUGIN_EXECUTION_FAILED, "closed");
        try {
            JsonNode in = JSON.readTree(inputJson == null ? "{}" : inputJson);
            JsonNode out = switch (operation) {
                case GET_TASK_DATA -> itemResult(in.path("id").asText());
                case UPDATE_TASK -> update(in.path("id").asText(), in.path("fields"),
                        in.path("expected_since").asText(null));
                default -> throw fail(ErrorCode.UNSUPPORTED_OPERATION, operation.exportName());
            };
            return JSON.writeValueAsString(out);
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.NETWORK_ERROR, "Jira call failed: " + e).cause(e)
                    .provider("jira").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(ErrorCode.NETWORK_ERROR, "interrupted");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    // ------------------------------------------------------------------------------------------------ operations

    private ObjectNode itemResult(String id) throws IOException, InterruptedException {
        JsonNode issue = send("GET", issuePath(id) + "?fields=" + enc(FIELDS) + "&expand=changelog", null);
        if (snapshots.size() >= 4096) snapshots.clear();
        snapshots.put(issue.path("id").asText(), issue);
        snapshots.put(issue.path("key").asText(), issue);
        return itemOf((ObjectNode) issue); // the snapshot is only read for its fields
    }

    /** The issue as get_task_data read it, if that read is the engine's ({@code expectedSince}), else null. */
    private JsonNode snapshot(String id, String expectedSince) {
        JsonNode s = snapshots.get(id);
        if (s == null || expectedSince == null) return null;
        OffsetDateTime updated = parse(s.path("fields").path("updated").asText(null));
        try {
            return updated != null && updated.toInstant().equals(Instant.parse(expectedSince)) ? s : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private ObjectNode update(String id, JsonNode zen, String expectedSince) throws IOException, InterruptedException {
        JsonNode snap = snapshot(id, expectedSince);
        JsonNode issue = snap != null ? snap : send("GET", issuePath(id) + "?fields=" + enc(FIELDS), null);
        ObjectNode body = JSON.createObjectNode();
        String status = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = zen.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "title" -> body.set("summary", v);
                case "description" -> {
                    String next = v.isNull() ? "" : v.asText();
                    if (!next.equals(adfText(issue.path("fields").get("description")))) {
                        body.set("description", next.isEmpty() ? JSON.nullNode() : adf(next));
                    }
                }
                case "status" -> status = v.isTextual() ? v.asText() : null;
                case "priority" -> body.set("priority", v.isNull() ? JSON.nullNode()
                        : JSON.createObjectNode().put("name", v.asText()));
                case "assignee" -> body.set("assignee", v.isNull() ? JSON.nullNode()
                        : JSON.createObjectNode().put("accountId", account(v.asText())));
                case "labels" -> {
                    ArrayNode labels = body.putArray("labels");
                    v.forEach(labels::add);
                    for (JsonNode l : issue.path("fields").path("labels")) {
                        if (l.asText().startsWith(MARKER_LABEL_PREFIX)) labels.add(l);
                    }
                }
                case "id", "key", "created", "updated" -> { /* read-only in Jira */ }
                default -> body.set(f.getKey(), v);
            }
        }
        JsonNode answer = null;
        if (body.size() > 0) {
            ObjectNode wrapper = JSON.createObjectNode();
            wrapper.set("fields", body);
            answer = send("PUT", issuePath(id) + "?returnIssue=true&expand=changelog", wrapper.toString());
        }
        if (status != null && !status.equalsIgnoreCase(issue.path("fields").path("status").path("name").asText())) {
            transition(id, status);
            answer = null; // the answer predates the transition
        }
        return answer instanceof ObjectNode o && o.has("fields") ? itemOf(o) : itemResult(id);
    }

    private void transition(String id, String target) throws IOException, InterruptedException {
        JsonNode list = send("GET", issuePath(id) + "/transitions", null);
        for (JsonNode t : list.path("transitions")) {
            if (t.path("to").path("name").asText().equalsIgnoreCase(target)
                    || t.path("name").asText().equalsIgnoreCase(target)) {
                send("POST", issuePath(id) + "/transitions", "{\"transition\":{\"id\":"
                        + JSON.writeValueAsString(t.path("id").asText()) + "}}");
                return;
            }
        }
        throw fail(ErrorCode.INVALID_DATA, "no transition of " + id + " leads to status '" + target + "'");
    }

    private String account(String who) throws IOException, InterruptedException {
        JsonNode users = send("GET", "/user/search?query=" + enc(who) + "&maxResults=50", null);
        for (JsonNode u : users) {
            if (who.equalsIgnoreCase(u.path("displayName").asText())
                    || who.equalsIgnoreCase(u.path("emailAddress").asText())) {
                return u.path("accountId").asText();
            }
        }
        throw fail(ErrorCode.INVALID_DATA, "no active Jira user is called '" + who + "'");
    }

    // ------------------------------------------------------------------------------------------------ mapping

    private ObjectNode itemOf(ObjectNode issue) {
        JsonNode jf = issue.path("fields");
        ObjectNode item = JSON.createObjectNode();
        String key = issue.path("key").asText(null);
        item.put("id", issue.path("id").asText(""));
        item.put("key", key != null ? key : issue.path("id").asText(""));
        if (key != null) item.put("url", serverUrl + "/browse/" + key);
        String updated = iso(jf.path("updated").asText(null));
        if (updated != null) item.put("updated", updated);
        ObjectNode fields = item.putObject("fields");
        fields.put("title", text(jf.get("summary")));
        JsonNode d = jf.get("description");
        if (d == null || d.isNull()) fields.putNull("description");
        else fields.put("description", adfText(d));
        fields.put("status", name(jf.get("status"), "name"));
        fields.put("priority", name(jf.get("priority"), "name"));
        fields.put("assignee", name(jf.get("assignee"), "displayName"));
        ArrayNode labels = fields.putArray("labels");
        for (JsonNode l : jf.path("labels")) if (!l.asText().startsWith(MARKER_LABEL_PREFIX)) labels.add(l.asText());
        fields.put("created", iso(jf.path("created").asText(null)));
        fields.put("updated", updated);
        ObjectNode changed = fieldChangedAt(issue.path("changelog").path("histories"));
        if (changed.size() > 0) item.set("field_changed_at", changed);
        issue.remove("changelog");
        item.set("raw", issue);
        return item;
    }

    /** The latest change per Zen field, from the embedded changelog (Jira field id to Zen field). */
    private static ObjectNode fieldChangedAt(JsonNode histories) {
        Map<String, String> zenOf = Map.of("summary", "title", "description", "description", "status", "status",
                "priority", "priority", "assignee", "assignee", "labels", "labels", "created", "created",
                "updated", "updated");
        Map<String, OffsetDateTime> best = new LinkedHashMap<>();
        for (JsonNode h : histories) {
            OffsetDateTime at = parse(h.path("created").asText(null));
            if (at == null) continue;
            for (JsonNode i : h.path("items")) {
                String fid = i.hasNonNull("fieldId") ? i.get("fieldId").asText() : i.path("field").asText(null);
                String zen = fid == null ? null : zenOf.get(fid);
                if (zen == null) continue;
                OffsetDateTime prev = best.get(zen);
                if (prev == null || prev.isBefore(at)) best.put(zen, at);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        best.forEach((k, v) -> out.put(k, ABI_TIME.format(v)));
        return out;
    }

    private static String name(JsonNode v, String field) {
        if (v == null || v.isNull()) return null;
        return v.isObject() ? v.path(field).asText(null) : v.asText();
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String adfText(JsonNode doc) {
        if (doc == null || doc.isNull()) return "";
        if (doc.isTextual()) return doc.asText();
        List<String> lines = new ArrayList<>();
        for (JsonNode block : doc.path("content")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode inline : block.path("content")) {
                if ("hardBreak".equals(inline.path("type").asText())) sb.append('\n');
                else sb.append(inline.path("text").asText(""));
            }
            lines.add(sb.toString());
        }
        return String.join("\n", lines);
    }

    private static ObjectNode adf(String text) {
        ObjectNode doc = JSON.createObjectNode().put("type", "doc").put("version", 1);
        ArrayNode content = doc.putArray("content");
        for (String line : text.split("\n", -1)) {
            ArrayNode inline = content.addObject().put("type", "paragraph").putArray("content");
            if (!line.isEmpty()) inline.addObject().put("type", "text").put("text", line);
        }
        return doc;
    }

    private static OffsetDateTime parse(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s, JIRA_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String iso(String s) {
        OffsetDateTime t = parse(s);
        return t == null ? null : ABI_TIME.format(t);
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private static String issuePath(String id) {
        if (!id.matches("[A-Za-z0-9_-]{1,255}")) {
            throw fail(ErrorCode.INVALID_DATA, "needs 'id': a Jira issue key such as SYNC-7");
        }
        return "/issue/" + id;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(api + path)).timeout(timeout)
                .header("Accept", "application/json").header("Authorization", authorization);
        if (body != null) rb.header("Content-Type", "application/json");
        rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<byte[]> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        int s = resp.statusCode();
        if (s / 100 != 2) {
            ErrorCode code = s == 401 ? ErrorCode.AUTH_FAILED : s == 403 ? ErrorCode.PERMISSION_DENIED
                    : s == 404 ? ErrorCode.NOT_FOUND : s == 429 ? ErrorCode.RATE_LIMITED
                    : s >= 500 ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.INVALID_DATA;
            throw IntegrationException.builder(code, "Jira answered " + s + " to " + method + " " + path)
                    .provider("jira").retryable(s == 429 || s >= 500).build();
        }
        byte[] bytes = resp.body();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    private static IntegrationException fail(ErrorCode code, String message) {
        return IntegrationException.builder(code, "direct Jira client: " + message).provider("jira").build();
    }
}
