package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes authenticated REST v3 requests to the state and renders the answers. Callers hold the state lock. */
final class JiraApi {
    static final String API = "/rest/api/3";
    static final String SEARCH_REMOVED = "The requested API has been removed. Please migrate to the "
            + "/rest/api/3/search/jql API. A full migration guideline is available at "
            + "https://developer.atlassian.com/changelog/#CHANGE-2046";
    private static final Set<String> SEARCH_BODY_KEYS = Set.of("jql", "nextPageToken", "maxResults", "fields",
            "expand", "properties", "fieldsByKeys", "reconcileIssues");
    private static final Pattern ISSUE = Pattern.compile(API + "/issue/([^/]+)(/.*)?");
    private static final Pattern PROJECT = Pattern.compile(API + "/project/([^/]+)(/statuses)?");
    private static final Pattern CREATEMETA = Pattern.compile(API + "/issue/createmeta/([^/]+)/issuetypes");

    /** A parsed request. */
    record Request(String method, String path, Map<String, List<String>> query, byte[] body, JiraUser user) {
        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> params(String name) {
            return query.getOrDefault(name, List.of());
        }

        JsonNode json() {
            if (body.length == 0) return null;
            try {
                return JiraJson.MAPPER.readTree(body);
            } catch (IOException e) {
                throw ApiError.message(400, "Unexpected character in the request body: the body is not valid JSON.");
            }
        }
    }

    private final JiraState state;
    private final JiraJson json;

    JiraApi(JiraState state, String base) {
        this.state = state;
        this.json = new JiraJson(base, state);
    }

    JiraJson json() {
        return json;
    }

    Reply handle(Request r) {
        try {
            return route(r);
        } catch (ApiError e) {
            return Reply.error(e);
        } catch (JqlException e) {
            return Reply.error(ApiError.message(400, e.getMessage()));
        }
    }

    private Reply route(Request r) {
        String p = r.path();
        if (p.endsWith("/") && p.length() > 1) p = p.substring(0, p.length() - 1);
        String m = r.method();
        if (p.equals(API + "/search") || p.equals("/rest/api/2/search") || p.equals(API + "/search/id")
                || p.equals("/rest/api/2/search/id")) {
            return Reply.error(ApiError.message(410, SEARCH_REMOVED));
        }
        if (p.equals(API + "/myself") && m.equals("GET")) return Reply.json(200, json.myself(r.user()));
        if (r.user().permission() == JiraUser.Permission.NONE) {
            throw ApiError.message(403, "You do not have permission to perform this operation.");
        }
        if (p.equals(API + "/serverInfo") && m.equals("GET")) return serverInfo();
        if (p.equals(API + "/search/approximate-count")) {
            if (!m.equals("POST")) return notAllowed();
            JsonNode body = r.json();
            if (body == null || !body.isObject()) throw ApiError.message(400, "Request body is missing.");
            Jql.Query query = Jql.parse(textOrNull(body, "jql"));
            JqlFilter filter = new JqlFilter(state, r.user().timeZone(), state.clock.instant(), r.user().accountId());
            Predicate<IssueRecord> where = filter.where(query);
            ObjectNode n = JiraJson.MAPPER.createObjectNode();
            Instant now = state.clock.instant();
            n.put("count", state.allIssues().stream().filter(i -> state.searchable(i, now, Set.of())).filter(where)
                    .count());
            return Reply.json(200, n);
        }
        if (p.equals(API + "/search/jql")) {
            if (m.equals("GET")) return search(r, false);
            if (m.equals("POST")) return search(r, true);
            return notAllowed();
        }
        if (p.equals(API + "/issue")) {
            if (!m.equals("POST")) return notAllowed();
            requireWrite(r, "create issues in this project");
            IssueRecord created = state.create(r.json(), r.user());
            ObjectNode n = JiraJson.MAPPER.createObjectNode();
            n.put("id", String.valueOf(created.id)).put("key", created.key()).put("self", json.issueSelf(created));
            return Reply.json(201, n);
        }
        Matcher cm = CREATEMETA.matcher(p);
        if (cm.matches() && m.equals("GET")) return createMeta(cm.group(1));
        Matcher im = ISSUE.matcher(p);
        if (im.matches()) return issueRoutes(r, state.require(im.group(1)), im.group(2) == null ? "" : im.group(2));
        if (p.equals(API + "/priority") && m.equals("GET")) {
            ArrayNode a = JiraJson.MAPPER.createArrayNode();
            JiraState.PRIORITIES.forEach(x -> a.add(json.priority(x)));
            return Reply.json(200, a);
        }
        if (p.equals(API + "/status") && m.equals("GET")) {
            ArrayNode a = JiraJson.MAPPER.createArrayNode();
            state.workflow.statuses().forEach(s -> a.add(json.status(s)));
            return Reply.json(200, a);
        }
        if (p.equals(API + "/project") && m.equals("GET")) {
            ArrayNode a = JiraJson.MAPPER.createArrayNode();
            state.projects.values().forEach(x -> a.add(json.project(x)));
            return Reply.json(200, a);
        }
        Matcher pm = PROJECT.matcher(p);
        if (pm.matches() && m.equals("GET")) {
            JiraState.Project project = state.project(pm.group(1)).orElseThrow(() ->
                    ApiError.message(404, "No project could be found with key '" + pm.group(1) + "'."));
            return pm.group(2) == null ? Reply.json(200, json.projectDetails(project)) : projectStatuses();
        }
        if (p.equals(API + "/user") && m.equals("GET")) {
            JiraUser u = r.param("accountId") == null ? null : state.user(r.param("accountId"));
            if (u == null) {
                throw ApiError.message(404, "Specified user does not exist or you do not have required permissions");
            }
            return Reply.json(200, json.user(u));
        }
        if (p.equals(API + "/user/assignable/search") && m.equals("GET")) return assignable(r);
        if (p.equals(API + "/user/search") && m.equals("GET")) return userSearch(r);
        throw ApiError.message(404, "null for uri: " + p);
    }

    private static Reply notAllowed() {
        return Reply.error(ApiError.message(405, "Method Not Allowed"));
    }

    private static void requireWrite(Request r, String what) {
        if (r.user().permission() != JiraUser.Permission.FULL) {
            throw ApiError.message(403, "You do not have permission to " + what + ".");
        }
    }

    private Reply serverInfo() {
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        n.put("baseUrl", json.base());
        n.put("version", "1001.0.0-SNAPSHOT");
        n.put("deploymentType", "Cloud");
        n.put("serverTitle", "FakeJira");
        return Reply.json(200, n);
    }

    // ---- issues ------------------------------------------------------------------------------------------------

    private Reply issueRoutes(Request r, IssueRecord issue, String sub) {
        String m = r.method();
        if (sub.isEmpty()) {
            switch (m) {
                case "GET" -> {
                    return Reply.json(200, json.issue(issue, fields(r.params("fields"), true), expand(r.param("expand")),
                            properties(r.params("properties"), issue), r.user()));
                }
                case "PUT" -> {
                    requireWrite(r, "edit issues in this project");
                    state.edit(issue, r.json(), r.user());
                    if ("true".equalsIgnoreCase(r.param("returnIssue"))) {
                        return Reply.json(200, json.issue(issue, fields(List.of(), true), expand(r.param("expand")),
                                List.of(), r.user()));
                    }
                    return Reply.empty(204);
                }
                case "DELETE" -> {
                    requireWrite(r, "delete issues in this project");
                    state.issues.remove(issue.id);
                    return Reply.empty(204);
                }
                default -> {
                    return notAllowed();
                }
            }
        }
        if (sub.equals("/transitions")) {
            if (m.equals("GET")) {
                ObjectNode t = json.transitions(issue, r.user(),
                        String.valueOf(r.param("expand")).contains("transitions.fields"));
                String only = r.param("transitionId");
                if (only != null) {
                    ArrayNode list = (ArrayNode) t.get("transitions");
                    for (int k = list.size() - 1; k >= 0; k--) {
                        if (!only.equals(list.get(k).path("id").asText())) list.remove(k);
                    }
                }
                return Reply.json(200, t);
            }
            if (m.equals("POST")) {
                requireWrite(r, "transition issues in this project");
                state.transition(issue, r.json(), r.user());
                return Reply.empty(204);
            }
            return notAllowed();
        }
        if (sub.equals("/changelog") && m.equals("GET")) return changelog(r, issue);
        if (sub.equals("/assignee")) {
            if (!m.equals("PUT")) return notAllowed();
            requireWrite(r, "assign issues in this project");
            JsonNode body = r.json();
            if (body == null || !body.isObject() || !body.has("accountId")) {
                throw ApiError.message(400, "Specify the assignee as {\"accountId\": \"...\"} or null to unassign.");
            }
            ObjectNode edit = JiraJson.MAPPER.createObjectNode();
            edit.putObject("fields").set("assignee", body.get("accountId").isNull()
                    ? JiraJson.MAPPER.nullNode() : body);
            state.edit(issue, edit, r.user());
            return Reply.empty(204);
        }
        if (sub.equals("/editmeta") && m.equals("GET")) return editMeta();
        if (sub.equals("/properties") && m.equals("GET")) {
            ObjectNode n = JiraJson.MAPPER.createObjectNode();
            ArrayNode keys = n.putArray("keys");
            issue.properties.keySet().forEach(k -> keys.addObject().put("self",
                    json.issueSelf(issue) + "/properties/" + k).put("key", k));
            return Reply.json(200, n);
        }
        if (sub.startsWith("/properties/")) return property(r, issue, sub.substring("/properties/".length()));
        if (sub.equals("/remotelink")) {
            if (m.equals("GET")) {
                String globalId = r.param("globalId");
                if (globalId != null) {
                    return issue.remoteLinks.stream().filter(l -> globalId.equals(l.globalId)).findFirst()
                            .map(l -> Reply.json(200, json.remoteLink(issue, l)))
                            .orElseThrow(() -> ApiError.message(404, "No remote link with globalId '" + globalId
                                    + "' exists on this issue."));
                }
                ArrayNode a = JiraJson.MAPPER.createArrayNode();
                issue.remoteLinks.forEach(l -> a.add(json.remoteLink(issue, l)));
                return Reply.json(200, a);
            }
            if (m.equals("POST")) {
                requireWrite(r, "link issues in this project");
                var result = state.upsertRemoteLink(issue, r.json());
                ObjectNode n = JiraJson.MAPPER.createObjectNode();
                n.put("id", result.getKey().id).put("self", json.issueSelf(issue) + "/remotelink/" + result.getKey().id);
                return Reply.json(result.getValue() ? 201 : 200, n);
            }
            return notAllowed();
        }
        if (sub.startsWith("/remotelink/")) {
            String id = sub.substring("/remotelink/".length());
            IssueRecord.RemoteLinkRecord link = issue.remoteLinks.stream()
                    .filter(l -> String.valueOf(l.id).equals(id)).findFirst()
                    .orElseThrow(() -> ApiError.message(404, "No remote link with id '" + id + "' exists on this issue."));
            if (m.equals("GET")) return Reply.json(200, json.remoteLink(issue, link));
            if (m.equals("DELETE")) {
                requireWrite(r, "link issues in this project");
                issue.remoteLinks.remove(link);
                return Reply.empty(204);
            }
            return notAllowed();
        }
        throw ApiError.message(404, "null for uri: " + r.path());
    }

    private Reply property(Request r, IssueRecord issue, String key) {
        switch (r.method()) {
            case "GET" -> {
                JsonNode v = issue.properties.get(key);
                if (v == null) {
                    throw ApiError.message(404, "The property with key '" + key + "' does not exist.");
                }
                ObjectNode n = JiraJson.MAPPER.createObjectNode();
                n.put("key", key);
                n.set("value", v.deepCopy());
                return Reply.json(200, n);
            }
            case "PUT" -> {
                requireWrite(r, "edit issues in this project");
                if (r.body().length > JiraState.MAX_PROPERTY_BYTES) {
                    throw ApiError.message(400, "The property value is too big. The maximum size is 32768 bytes.");
                }
                boolean created = state.putProperty(issue, key, r.json());
                return Reply.empty(created ? 201 : 200);
            }
            case "DELETE" -> {
                requireWrite(r, "edit issues in this project");
                if (issue.properties.remove(key) == null) {
                    throw ApiError.message(404, "The property with key '" + key + "' does not exist.");
                }
                return Reply.empty(204);
            }
            default -> {
                return notAllowed();
            }
        }
    }

    private Reply changelog(Request r, IssueRecord issue) {
        int startAt = intParam(r.param("startAt"), 0, "startAt");
        int max = Math.min(intParam(r.param("maxResults"), 100, "maxResults"), 100);
        List<IssueRecord.History> all = issue.histories;
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        int end = Math.min(all.size(), startAt + max);
        boolean isLast = end >= all.size();
        String self = json.issueSelf(issue) + "/changelog?maxResults=" + max + "&startAt=" + startAt;
        n.put("self", self);
        if (!isLast) n.put("nextPage", json.issueSelf(issue) + "/changelog?maxResults=" + max + "&startAt=" + end);
        n.put("maxResults", max).put("startAt", startAt).put("total", all.size()).put("isLast", isLast);
        ArrayNode values = n.putArray("values");
        for (int k = Math.min(startAt, all.size()); k < end; k++) values.add(json.history(all.get(k), r.user().timeZone()));
        return Reply.json(200, n);
    }

    private static int intParam(String value, int fallback, String name) {
        if (value == null) return fallback;
        try {
            int v = Integer.parseInt(value.trim());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.message(400, "The '" + name + "' parameter must be a non-negative integer: '" + value + "'.");
        }
    }

    /** Resolves a {@code fields} selection: *all, *navigable, names and -exclusions. */
    static Set<String> fields(List<String> raw, boolean defaultAll) {
        List<String> tokens = new ArrayList<>();
        for (String r : raw) {
            for (String t : r.split(",")) if (!t.isBlank()) tokens.add(t.trim());
        }
        Set<String> out = new LinkedHashSet<>();
        if (tokens.isEmpty()) {
            if (defaultAll) out.addAll(allFields()); else out.add("id");
            return out;
        }
        for (String t : tokens) {
            if (t.equals("*all") || t.equals("*navigable")) out.addAll(allFields());
            else if (!t.startsWith("-")) out.add(t.toLowerCase(Locale.ROOT).startsWith("customfield_") ? t
                    : t.toLowerCase(Locale.ROOT));
        }
        for (String t : tokens) if (t.startsWith("-")) out.remove(t.substring(1));
        return out;
    }

    private static List<String> allFields() {
        List<String> all = new ArrayList<>(JiraJson.ALL_FIELDS);
        all.add("*custom");
        return all;
    }

    static Set<String> expand(String raw) {
        Set<String> out = new LinkedHashSet<>();
        if (raw == null) return out;
        for (String t : raw.split(",")) if (!t.isBlank()) out.add(t.trim().toLowerCase(Locale.ROOT));
        return out;
    }

    private static List<String> properties(List<String> raw, IssueRecord issue) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            for (String t : r.split(",")) {
                if (t.isBlank()) continue;
                if (t.equals("*all")) out.addAll(issue == null ? List.of() : issue.properties.keySet());
                else out.add(t.trim());
            }
        }
        return out;
    }

    // ---- search ------------------------------------------------------------------------------------------------

    private Reply search(Request r, boolean post) {
        String jql;
        String token;
        Integer max;
        List<String> fieldList = new ArrayList<>();
        String expand;
        List<String> props = new ArrayList<>();
        Set<Long> reconcile = new java.util.HashSet<>();
        if (post) {
            JsonNode body = r.json();
            if (body == null || !body.isObject()) throw ApiError.message(400, "Request body is missing.");
            for (var it = body.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!SEARCH_BODY_KEYS.contains(key)) {
                    throw ApiError.message(400, "Invalid request payload. Refer to the REST API documentation and "
                            + "try again. (Unrecognized field \"" + key + "\".)");
                }
            }
            jql = textOrNull(body, "jql");
            token = textOrNull(body, "nextPageToken");
            max = body.has("maxResults") ? intNode(body.get("maxResults"), "maxResults") : null;
            JsonNode f = body.path("fields");
            if (!f.isMissingNode() && !f.isNull()) {
                if (!f.isArray()) throw invalidPayload("fields");
                f.forEach(x -> fieldList.add(x.asText()));
            }
            JsonNode e = body.path("expand");
            if (!e.isMissingNode() && !e.isNull() && !e.isTextual()) throw invalidPayload("expand");
            expand = e.isTextual() ? e.asText() : null;
            JsonNode pr = body.path("properties");
            if (!pr.isMissingNode() && !pr.isNull()) {
                if (!pr.isArray()) throw invalidPayload("properties");
                pr.forEach(x -> props.add(x.asText()));
            }
            JsonNode rec = body.path("reconcileIssues");
            if (!rec.isMissingNode() && !rec.isNull()) {
                if (!rec.isArray() || rec.size() > 50) throw invalidPayload("reconcileIssues");
                for (JsonNode id : rec) {
                    if (!id.canConvertToLong()) throw invalidPayload("reconcileIssues");
                    reconcile.add(id.asLong());
                }
            }
        } else {
            jql = r.param("jql");
            token = r.param("nextPageToken");
            max = r.param("maxResults") == null ? null : intParam(r.param("maxResults"), 50, "maxResults");
            fieldList.addAll(r.params("fields"));
            expand = r.param("expand");
            props.addAll(properties(r.params("properties"), null));
            for (String raw : r.params("reconcileIssues")) {
                for (String id : raw.split(",")) {
                    if (id.isBlank()) continue;
                    try {
                        reconcile.add(Long.parseLong(id.trim()));
                    } catch (NumberFormatException e) {
                        throw ApiError.message(400, "reconcileIssues takes issue ids (numbers), not '" + id + "'.");
                    }
                }
            }
        }
        if (reconcile.size() > 50) throw ApiError.message(400, "reconcileIssues accepts at most 50 issue ids.");
        if (props.size() > 5) throw ApiError.message(400, "The maximum number of properties is 5.");
        Set<String> fields = fields(fieldList, false);
        Jql.Query query = Jql.parse(jql);
        Instant now = state.clock.instant();
        JqlFilter filter = new JqlFilter(state, r.user().timeZone(), now, r.user().accountId());
        Predicate<IssueRecord> where = filter.where(query);
        Comparator<IssueRecord> order = filter.order(query);
        List<IssueRecord> matches = state.allIssues().stream()
                .filter(i -> state.searchable(i, now, reconcile)).filter(where).sorted(order).toList();
        boolean idsOnly = fields.stream().allMatch(f -> f.equals("id") || f.equals("key"));
        int limit = idsOnly ? 5000 : 100;
        if (max != null && max < 1) {
            throw ApiError.message(400, "The 'maxResults' parameter must be at least 1: " + max + ".");
        }
        int pageSize = Math.min(max == null ? 50 : max, limit);
        int offset = token == null ? 0 : decodeToken(token, jql);
        int end = Math.min(matches.size(), offset + pageSize);
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        ArrayNode issues = n.putArray("issues");
        Set<String> ex = expand(expand);
        for (int k = Math.min(offset, matches.size()); k < end; k++) {
            IssueRecord i = matches.get(k);
            issues.add(json.issue(i, fields, ex, props, r.user()));
        }
        boolean isLast = end >= matches.size();
        if (!isLast) n.put("nextPageToken", encodeToken(end, jql));
        n.put("isLast", isLast);
        return Reply.json(200, n);
    }

    private static ApiError invalidPayload(String field) {
        return ApiError.message(400, "Invalid request payload. Refer to the REST API documentation and try again. "
                + "(Field \"" + field + "\" has the wrong type.)");
    }

    private static String textOrNull(JsonNode body, String key) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw invalidPayload(key);
        return v.asText();
    }

    private static int intNode(JsonNode v, String key) {
        if (!v.canConvertToInt() || v.asInt() < 0) throw invalidPayload(key);
        return v.asInt();
    }

    static String encodeToken(int offset, String jql) {
        String raw = "fj1:" + offset + ":" + Integer.toHexString(String.valueOf(jql).trim().hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static int decodeToken(String token, String jql) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split(":");
            if (parts.length == 3 && parts[0].equals("fj1")
                    && parts[2].equals(Integer.toHexString(String.valueOf(jql).trim().hashCode()))) {
                return Integer.parseInt(parts[1]);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error
        }
        throw ApiError.message(400, "The provided next page token is invalid or expired.");
    }

    // ---- projects and users ------------------------------------------------------------------------------------

    private Reply projectStatuses() {
        ArrayNode a = JiraJson.MAPPER.createArrayNode();
        for (JiraState.IssueType t : JiraState.ISSUE_TYPES) {
            ObjectNode n = a.addObject();
            n.put("self", json.issueType(t).get("self").asText());
            n.put("id", t.id()).put("name", t.name()).put("subtask", false);
            ArrayNode statuses = n.putArray("statuses");
            state.workflow.statuses().forEach(s -> statuses.add(json.status(s)));
        }
        return Reply.json(200, a);
    }

    private static Reply editMeta() {
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        ObjectNode fields = n.putObject("fields");
        String[][] editable = {{"summary", "Summary", "string", "set"}, {"description", "Description", "string", "set"},
                {"labels", "Labels", "array", "add,set,remove"}, {"priority", "Priority", "priority", "set"},
                {"assignee", "Assignee", "user", "set"}, {"duedate", "Due date", "date", "set"}};
        for (String[] f : editable) {
            ObjectNode fn = fields.putObject(f[0]);
            fn.put("required", f[0].equals("summary"));
            fn.putObject("schema").put("type", f[2]).put("system", f[0]);
            fn.put("name", f[1]).put("key", f[0]);
            ArrayNode ops = fn.putArray("operations");
            for (String op : f[3].split(",")) ops.add(op);
        }
        return Reply.json(200, n);
    }

    private Reply createMeta(String projectIdOrKey) {
        state.project(projectIdOrKey).orElseThrow(() ->
                ApiError.message(404, "No project could be found with key '" + projectIdOrKey + "'."));
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        n.put("maxResults", 50).put("startAt", 0).put("total", JiraState.ISSUE_TYPES.size());
        ArrayNode types = n.putArray("issueTypes");
        JiraState.ISSUE_TYPES.forEach(t -> types.add(json.issueType(t)));
        return Reply.json(200, n);
    }

    private Reply assignable(Request r) {
        String projectRef = r.param("project");
        String issueKey = r.param("issueKey");
        if (projectRef == null && issueKey == null && r.param("projectKeys") == null) {
            throw ApiError.message(400, "At least one of 'issueKey', 'project' or 'projectKeys' must be provided.");
        }
        if (projectRef != null && state.project(projectRef).isEmpty()) {
            throw ApiError.message(404, "No project could be found with key '" + projectRef + "'.");
        }
        if (issueKey != null) state.require(issueKey);
        String query = r.param("query") == null ? "" : r.param("query").toLowerCase(Locale.ROOT);
        String accountId = r.param("accountId");
        int startAt = intParam(r.param("startAt"), 0, "startAt");
        int max = intParam(r.param("maxResults"), 50, "maxResults");
        List<JiraUser> matches = state.users.values().stream()
                .filter(u -> u.active() && u.permission() != JiraUser.Permission.NONE)
                .filter(u -> accountId == null || u.accountId().equals(accountId))
                .filter(u -> matchesQuery(u, query))
                .toList();
        ArrayNode a = JiraJson.MAPPER.createArrayNode();
        matches.stream().skip(startAt).limit(max).forEach(u -> a.add(json.user(u)));
        return Reply.json(200, a);
    }

    private Reply userSearch(Request r) {
        String query = r.param("query") == null ? "" : r.param("query").toLowerCase(Locale.ROOT);
        String accountId = r.param("accountId");
        if (query.isEmpty() && accountId == null) {
            throw ApiError.message(400, "The query parameter 'query' or 'accountId' is required.");
        }
        ArrayNode a = JiraJson.MAPPER.createArrayNode();
        state.users.values().stream()
                .filter(u -> accountId == null || u.accountId().equals(accountId))
                .filter(u -> matchesQuery(u, query))
                .forEach(u -> a.add(json.user(u)));
        return Reply.json(200, a);
    }

    /** Jira matches the start of the display name, of any word in it, or of the e-mail address. */
    private static boolean matchesQuery(JiraUser u, String query) {
        if (query.isEmpty()) return true;
        String name = u.displayName().toLowerCase(Locale.ROOT);
        if (name.startsWith(query)) return true;
        for (String word : name.split("\\s+")) if (word.startsWith(query)) return true;
        return u.emailAddress() != null && u.emailAddress().toLowerCase(Locale.ROOT).startsWith(query);
    }
}
