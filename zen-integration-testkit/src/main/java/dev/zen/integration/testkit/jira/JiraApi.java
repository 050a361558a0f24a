package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.fake.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    private static final String ANY = "*";
    private static final Pattern CREATEMETA = Pattern.compile(API + "/issue/createmeta/([^/]+)/issuetypes(?:/([^/]+))?");
    /** Jira's limit on issues in one bulk create. */
    static final int MAX_BULK = 50;

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
    private final CommentsApi comments;

    JiraApi(JiraState state, String base) {
        this.state = state;
        this.json = new JiraJson(base, state);
        this.comments = new CommentsApi(state, json);
    }

    JiraJson json() {
        return json;
    }

    private CommentsApi comments() {
        return comments;
    }

    Reply handle(Request r) {
        try {
            return route(r);
        } catch (ApiError e) {
            return JiraReplies.error(e);
        } catch (JqlException e) {
            return JiraReplies.error(ApiError.message(400, e.getMessage()));
        }
    }

    /** Handles a request whose path matched a route; {@code path} holds the pattern's groups. */
    @FunctionalInterface
    private interface Handler<T> {
        Reply handle(Request r, T target, Matcher path);
    }

    /** One row of a route table: a method ({@code *} for any) and a path pattern. */
    private record Route<T>(String method, Pattern path, Handler<T> handler) {
        static <T> Route<T> of(String method, String pathRegex, Handler<T> handler) {
            return new Route<>(method, Pattern.compile(pathRegex), handler);
        }
    }

    /** The first route whose method and path match, if any. */
    private static <T> Optional<Reply> dispatch(List<Route<T>> routes, Request r, String path, T target) {
        for (Route<T> route : routes) {
            if (!route.method().equals(ANY) && !route.method().equals(r.method())) continue;
            Matcher m = route.path().matcher(path);
            if (m.matches()) return Optional.of(route.handler().handle(r, target, m));
        }
        return Optional.empty();
    }

    /** Answered before the caller's permission is checked. */
    private final List<Route<Void>> publicRoutes = List.of(
            Route.of(ANY, "/rest/api/[23]/search(/id)?", (r, t, m) -> JiraReplies.error(ApiError.message(410, SEARCH_REMOVED))),
            Route.of("GET", API + "/myself", (r, t, m) -> myself(r)));

    private final List<Route<Void>> routes = List.of(
            Route.of("GET", API + "/serverInfo", (r, t, m) -> serverInfo(r.user())),
            Route.of("POST", API + "/search/approximate-count", (r, t, m) -> approximateCount(r)),
            Route.of(ANY, API + "/search/approximate-count", (r, t, m) -> notAllowed()),
            Route.of("GET", API + "/search/jql", (r, t, m) -> search(r, false)),
            Route.of("POST", API + "/search/jql", (r, t, m) -> search(r, true)),
            Route.of(ANY, API + "/search/jql", (r, t, m) -> notAllowed()),
            Route.of("POST", API + "/issue", (r, t, m) -> createIssue(r)),
            Route.of("POST", API + "/issue/bulk", (r, t, m) -> bulkCreate(r)),
            Route.of(ANY, API + "/issue/bulk", (r, t, m) -> notAllowed()),
            Route.of(ANY, API + "/issue", (r, t, m) -> notAllowed()),
            Route.of("GET", CREATEMETA.pattern(), (r, t, m) -> createMeta(m.group(1), m.group(2))),
            Route.of(ANY, ISSUE.pattern(), (r, t, m) -> issueRoutes(r, m)),
            Route.of("GET", API + "/field", (r, t, m) -> fields()),
            Route.of("GET", API + "/priority", (r, t, m) -> priorities()),
            Route.of("GET", API + "/status", (r, t, m) -> statuses()),
            Route.of("GET", API + "/project", (r, t, m) -> projects()),
            Route.of("GET", API + "/project/search", (r, t, m) -> projectSearch(r)),
            Route.of("GET", PROJECT.pattern(), (r, t, m) -> project(m)),
            Route.of("GET", API + "/user", (r, t, m) -> user(r)),
            Route.of("GET", API + "/user/assignable/search", (r, t, m) -> assignable(r)),
            Route.of("GET", API + "/user/search", (r, t, m) -> userSearch(r)));

    private Reply route(Request r) {
        String p = r.path();
        if (p.endsWith("/") && p.length() > 1) p = p.substring(0, p.length() - 1);
        Optional<Reply> open = dispatch(publicRoutes, r, p, null);
        if (open.isPresent()) return open.get();
        if (r.user().permission() == JiraUser.Permission.NONE) {
            throw ApiError.message(403, "You do not have permission to perform this operation.");
        }
        String path = p;
        return dispatch(routes, r, p, null).orElseThrow(() -> ApiError.message(404, "null for uri: " + path));
    }

    private Reply myself(Request r) {
        return Reply.json(200, json.myself(r.user()));
    }

    private Reply approximateCount(Request r) {
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

    private Reply createIssue(Request r) {
        requireWrite(r, "create issues in this project");
        IssueRecord created = state.create(r.json(), r.user());
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        n.put("id", String.valueOf(created.id)).put("key", created.key()).put("self", json.issueSelf(created));
        return Reply.json(201, n);
    }

    private Reply fields() {
        return Reply.json(200, json.fields());
    }

    /**
     * {@code POST /issue/bulk}: each element is created as by {@code POST /issue}; the ones Jira refuses are listed
     * in {@code errors} with their index. 201 when any was created, 400 when none was.
     */
    private Reply bulkCreate(Request r) {
        requireWrite(r, "create issues in this project");
        JsonNode body = r.json();
        JsonNode updates = body == null ? null : body.get("issueUpdates");
        if (updates == null || !updates.isArray()) throw ApiError.message(400, "'issueUpdates' must be an array.");
        if (updates.size() > MAX_BULK) {
            throw ApiError.message(400, "The number of issues to create (" + updates.size() + ") exceeds the limit of "
                    + MAX_BULK + ".");
        }
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        ArrayNode issues = n.putArray("issues");
        ArrayNode errors = n.putArray("errors");
        for (int k = 0; k < updates.size(); k++) {
            try {
                IssueRecord created = state.create(updates.get(k), r.user());
                issues.addObject().put("id", String.valueOf(created.id)).put("key", created.key())
                        .put("self", json.issueSelf(created));
            } catch (ApiError e) {
                ObjectNode err = errors.addObject();
                err.put("status", e.status).put("failedElementNumber", k);
                err.set("elementErrors", JiraJson.error(e.errorMessages, e.errors));
            }
        }
        return Reply.json(issues.isEmpty() && !errors.isEmpty() ? 400 : 201, n);
    }

    private Reply projectSearch(Request r) {
        int startAt = intParam(r.param("startAt"), 0, "startAt");
        int max = Math.min(intParam(r.param("maxResults"), 50, "maxResults"), 100);
        String query = r.param("query") == null ? "" : r.param("query").toLowerCase(Locale.ROOT);
        Set<String> keys = new HashSet<>();
        r.params("keys").forEach(k -> keys.addAll(List.of(k.split(","))));
        List<JiraState.Project> matches = state.projects.values().stream()
                .filter(p -> keys.isEmpty() || keys.contains(p.key()) || keys.contains(p.id()))
                .filter(p -> p.key().toLowerCase(Locale.ROOT).contains(query)
                        || p.name().toLowerCase(Locale.ROOT).contains(query)).toList();
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        n.put("self", json.base() + API + "/project/search?startAt=" + startAt + "&maxResults=" + max);
        n.put("maxResults", max).put("startAt", startAt).put("total", matches.size())
                .put("isLast", startAt + max >= matches.size());
        ArrayNode values = n.putArray("values");
        matches.stream().skip(startAt).limit(max).forEach(p -> values.add(json.project(p)));
        return Reply.json(200, n);
    }

    private Reply priorities() {
        ArrayNode a = JiraJson.MAPPER.createArrayNode();
        JiraState.PRIORITIES.forEach(x -> a.add(json.priority(x)));
        return Reply.json(200, a);
    }

    private Reply statuses() {
        ArrayNode a = JiraJson.MAPPER.createArrayNode();
        state.workflow.statuses().forEach(s -> a.add(json.status(s)));
        return Reply.json(200, a);
    }

    private Reply projects() {
        ArrayNode a = JiraJson.MAPPER.createArrayNode();
        state.projects.values().forEach(x -> a.add(json.project(x)));
        return Reply.json(200, a);
    }

    private Reply project(Matcher pm) {
        JiraState.Project project = state.project(pm.group(1)).orElseThrow(() ->
                ApiError.message(404, "No project could be found with key '" + pm.group(1) + "'."));
        return pm.group(2) == null ? Reply.json(200, json.projectDetails(project)) : projectStatuses();
    }

    private Reply user(Request r) {
        JiraUser u = r.param("accountId") == null ? null : state.user(r.param("accountId"));
        if (u == null) {
            throw ApiError.message(404, "Specified user does not exist or you do not have required permissions");
        }
        return Reply.json(200, json.user(u));
    }

    private static Reply notAllowed() {
        return JiraReplies.error(ApiError.message(405, "Method Not Allowed"));
    }

    static void requireWrite(Request r, String what) {
        if (r.user().permission() != JiraUser.Permission.FULL) {
            throw ApiError.message(403, "You do not have permission to " + what + ".");
        }
    }

    private Reply serverInfo(JiraUser user) {
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        n.put("baseUrl", json.base());
        n.put("version", "1001.0.0-SNAPSHOT");
        n.putArray("versionNumbers").add(1001).add(0).add(0);
        n.put("deploymentType", "Cloud");
        n.put("buildNumber", 100295);
        n.put("buildDate", "2025-09-01T00:00:00.000+0000");
        // the clock-skew reference a client compares its own clock with
        n.put("serverTime", JiraJson.timestamp(state.clock.instant(), user.timeZone()));
        n.put("scmInfo", "57a0ca5b4a0bb0ac5f3fee4764acb1c14e4d7e71");
        n.put("serverTitle", "FakeJira");
        return Reply.json(200, n);
    }

    // ---- issues ------------------------------------------------------------------------------------------------

    /** Paths below {@code /rest/api/3/issue/{idOrKey}}; the issue is looked up (or 404) before these match. */
    private final List<Route<IssueRecord>> issueRoutes = List.of(
            Route.of("GET", "", (r, issue, m) -> getIssue(r, issue)),
            Route.of("PUT", "", (r, issue, m) -> editIssue(r, issue)),
            Route.of("DELETE", "", (r, issue, m) -> deleteIssue(r, issue)),
            Route.of(ANY, "", (r, issue, m) -> notAllowed()),
            Route.of("GET", "/transitions", (r, issue, m) -> transitions(r, issue)),
            Route.of("POST", "/transitions", (r, issue, m) -> transition(r, issue)),
            Route.of(ANY, "/transitions", (r, issue, m) -> notAllowed()),
            Route.of("GET", "/changelog", (r, issue, m) -> changelog(r, issue)),
            Route.of("PUT", "/assignee", (r, issue, m) -> assign(r, issue)),
            Route.of(ANY, "/assignee", (r, issue, m) -> notAllowed()),
            Route.of("GET", "/editmeta", (r, issue, m) -> editMeta()),
            Route.of("GET", "/properties", (r, issue, m) -> propertyKeys(issue)),
            Route.of(ANY, "/properties/(.*)", (r, issue, m) -> property(r, issue, m.group(1))),
            Route.of("GET", "/remotelink", (r, issue, m) -> remoteLinks(r, issue)),
            Route.of("POST", "/remotelink", (r, issue, m) -> upsertRemoteLink(r, issue)),
            Route.of("DELETE", "/remotelink", (r, issue, m) -> deleteRemoteLinkByGlobalId(r, issue)),
            Route.of(ANY, "/remotelink", (r, issue, m) -> notAllowed()),
            Route.of("GET", "/comment", (r, issue, m) -> comments().list(issue, r)),
            Route.of("POST", "/comment", (r, issue, m) -> comments().add(issue, r)),
            Route.of(ANY, "/comment", (r, issue, m) -> notAllowed()),
            Route.of(ANY, "/comment/([^/]+)", (r, issue, m) -> comments().one(issue, r, m.group(1))),
            Route.of(ANY, "/remotelink/(.*)", (r, issue, m) -> remoteLink(r, issue, m.group(1))));

    private Reply issueRoutes(Request r, Matcher issuePath) {
        IssueRecord issue = state.require(issuePath.group(1));
        String sub = issuePath.group(2) == null ? "" : issuePath.group(2);
        return dispatch(issueRoutes, r, sub, issue)
                .orElseThrow(() -> ApiError.message(404, "null for uri: " + r.path()));
    }

    private Reply getIssue(Request r, IssueRecord issue) {
        return Reply.json(200, json.issue(issue, fields(r.params("fields"), true), expand(r.param("expand")),
                properties(r.params("properties"), issue), r.user()));
    }

    private Reply editIssue(Request r, IssueRecord issue) {
        requireWrite(r, "edit issues in this project");
        state.edit(issue, r.json(), r.user());
        if ("true".equalsIgnoreCase(r.param("returnIssue"))) {
            return Reply.json(200, json.issue(issue, fields(List.of(), true), expand(r.param("expand")),
                    List.of(), r.user()));
        }
        return Reply.empty(204);
    }

    private Reply deleteIssue(Request r, IssueRecord issue) {
        requireWrite(r, "delete issues in this project");
        state.issues.remove(issue.id);
        return Reply.empty(204);
    }

    private Reply transitions(Request r, IssueRecord issue) {
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

    private Reply transition(Request r, IssueRecord issue) {
        requireWrite(r, "transition issues in this project");
        state.transition(issue, r.json(), r.user());
        return Reply.empty(204);
    }

    private Reply assign(Request r, IssueRecord issue) {
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

    private Reply propertyKeys(IssueRecord issue) {
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        ArrayNode keys = n.putArray("keys");
        issue.properties.keySet().forEach(k -> keys.addObject().put("self",
                json.issueSelf(issue) + "/properties/" + k).put("key", k));
        return Reply.json(200, n);
    }

    private Reply remoteLinks(Request r, IssueRecord issue) {
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

    private Reply upsertRemoteLink(Request r, IssueRecord issue) {
        requireWrite(r, "link issues in this project");
        var result = state.upsertRemoteLink(issue, r.json());
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        n.put("id", result.getKey().id).put("self", json.issueSelf(issue) + "/remotelink/" + result.getKey().id);
        return Reply.json(result.getValue() ? 201 : 200, n);
    }

    private Reply deleteRemoteLinkByGlobalId(Request r, IssueRecord issue) {
        requireWrite(r, "link issues in this project");
        String globalId = r.param("globalId");
        if (globalId == null) throw ApiError.message(400, "The 'globalId' query parameter is required.");
        if (!issue.remoteLinks.removeIf(l -> globalId.equals(l.globalId))) {
            throw ApiError.message(404, "No remote link with globalId '" + globalId + "' exists on this issue.");
        }
        return Reply.empty(204);
    }

    private Reply remoteLink(Request r, IssueRecord issue, String id) {
        IssueRecord.RemoteLinkRecord link = issue.remoteLinks.stream()
                .filter(l -> String.valueOf(l.id).equals(id)).findFirst()
                .orElseThrow(() -> ApiError.message(404, "No remote link with id '" + id + "' exists on this issue."));
        if (r.method().equals("GET")) return Reply.json(200, json.remoteLink(issue, link));
        if (r.method().equals("DELETE")) {
            requireWrite(r, "link issues in this project");
            issue.remoteLinks.remove(link);
            return Reply.empty(204);
        }
        return notAllowed();
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

    static int intParam(String value, int fallback, String name) {
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

    /** The parameters of a search, from the query string (GET) or the body (POST). */
    private record SearchParams(String jql, String token, Integer max, List<String> fields, String expand,
                                List<String> properties, Set<Long> reconcile) {}

    private Reply search(Request r, boolean post) {
        SearchParams q = post ? searchBody(r) : searchQuery(r);
        if (q.reconcile().size() > 50) throw ApiError.message(400, "reconcileIssues accepts at most 50 issue ids.");
        if (q.properties().size() > 5) throw ApiError.message(400, "The maximum number of properties is 5.");
        Set<String> fields = fields(q.fields(), false);
        Jql.Query query = Jql.parse(q.jql());
        Instant now = state.clock.instant();
        JqlFilter filter = new JqlFilter(state, r.user().timeZone(), now, r.user().accountId());
        Predicate<IssueRecord> where = filter.where(query);
        Comparator<IssueRecord> order = filter.order(query);
        List<IssueRecord> matches = state.allIssues().stream()
                .filter(i -> state.searchable(i, now, q.reconcile())).filter(where).sorted(order).toList();
        boolean idsOnly = fields.stream().allMatch(f -> f.equals("id") || f.equals("key"));
        if (q.max() != null && q.max() < 1) {
            throw ApiError.message(400, "The 'maxResults' parameter must be at least 1: " + q.max() + ".");
        }
        int pageSize = Math.min(q.max() == null ? 50 : q.max(), idsOnly ? 5000 : 100);
        int offset = q.token() == null ? 0 : decodeToken(q.token(), q.jql());
        return searchPage(r, q, matches, fields, offset, Math.min(matches.size(), offset + pageSize));
    }

    private Reply searchPage(Request r, SearchParams q, List<IssueRecord> matches, Set<String> fields, int offset,
                             int end) {
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        ArrayNode issues = n.putArray("issues");
        Set<String> ex = expand(q.expand());
        for (int k = Math.min(offset, matches.size()); k < end; k++) {
            issues.add(json.issue(matches.get(k), fields, ex, q.properties(), r.user()));
        }
        boolean isLast = end >= matches.size();
        if (!isLast) n.put("nextPageToken", encodeToken(end, q.jql()));
        n.put("isLast", isLast);
        return Reply.json(200, n);
    }

    private static SearchParams searchBody(Request r) {
        JsonNode body = r.json();
        if (body == null || !body.isObject()) throw ApiError.message(400, "Request body is missing.");
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!SEARCH_BODY_KEYS.contains(key)) {
                throw ApiError.message(400, "Invalid request payload. Refer to the REST API documentation and "
                        + "try again. (Unrecognized field \"" + key + "\".)");
            }
        }
        String jql = textOrNull(body, "jql");
        String token = textOrNull(body, "nextPageToken");
        Integer max = body.has("maxResults") ? intNode(body.get("maxResults"), "maxResults") : null;
        List<String> fields = textArray(body.path("fields"), "fields");
        JsonNode e = body.path("expand");
        if (!e.isMissingNode() && !e.isNull() && !e.isTextual()) throw invalidPayload("expand");
        String expand = e.isTextual() ? e.asText() : null;
        List<String> props = textArray(body.path("properties"), "properties");
        return new SearchParams(jql, token, max, fields, expand, props, reconcileIds(body.path("reconcileIssues")));
    }

    /** A JSON array's items as text; none for a missing or null node. */
    private static List<String> textArray(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) return out;
        if (!node.isArray()) throw invalidPayload(field);
        node.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Set<Long> reconcileIds(JsonNode rec) {
        Set<Long> reconcile = new HashSet<>();
        if (rec.isMissingNode() || rec.isNull()) return reconcile;
        if (!rec.isArray() || rec.size() > 50) throw invalidPayload("reconcileIssues");
        for (JsonNode id : rec) {
            if (!id.canConvertToLong()) throw invalidPayload("reconcileIssues");
            reconcile.add(id.asLong());
        }
        return reconcile;
    }

    private static SearchParams searchQuery(Request r) {
        Integer max = r.param("maxResults") == null ? null : intParam(r.param("maxResults"), 50, "maxResults");
        Set<Long> reconcile = new HashSet<>();
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
        return new SearchParams(r.param("jql"), r.param("nextPageToken"), max, new ArrayList<>(r.params("fields")),
                r.param("expand"), properties(r.params("properties"), null), reconcile);
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

    private Reply createMeta(String projectIdOrKey, String issueTypeId) {
        JiraState.Project project = state.project(projectIdOrKey).orElseThrow(() ->
                ApiError.message(404, "No project could be found with key '" + projectIdOrKey + "'."));
        ObjectNode n = JiraJson.MAPPER.createObjectNode();
        if (issueTypeId == null) {
            n.put("maxResults", 50).put("startAt", 0).put("total", JiraState.ISSUE_TYPES.size());
            ArrayNode types = n.putArray("issueTypes");
            JiraState.ISSUE_TYPES.forEach(t -> types.add(json.issueType(t)));
            return Reply.json(200, n);
        }
        JiraState.issueType(issueTypeId, null).orElseThrow(() ->
                ApiError.message(404, "The issue type with id '" + issueTypeId + "' does not exist."));
        ArrayNode fields = json.createFields(project);
        n.put("maxResults", 50).put("startAt", 0).put("total", fields.size());
        n.set("fields", fields);
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
