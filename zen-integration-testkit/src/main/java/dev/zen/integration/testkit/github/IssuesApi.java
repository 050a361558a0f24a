package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.fake.Reply;
import dev.zen.integration.testkit.internal.Jackson;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** The issue endpoints: create, get, update, list, and the labels of one issue. Called under the state's lock. */
final class IssuesApi {
    static final int MAX_BODY = 65_536;
    private static final Set<String> REASONS = Set.of("completed", "not_planned", "duplicate", "reopened");

    private final GitHubState state;
    private final GitHubJson json;
    private final String apiBase;

    IssuesApi(GitHubState state, GitHubJson json, String apiBase) {
        this.state = state;
        this.json = json;
        this.apiBase = apiBase;
    }

    /** The issue, or 301 (transferred), 410 (deleted), 404. */
    GitHubState.Issue find(GitHubState.Repo repo, String number) {
        int n;
        try {
            n = Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw GitHubError.notFound();
        }
        String moved = repo.transferred.get(n);
        if (moved != null) {
            throw GitHubError.moved(moved);
        }
        if (repo.deleted.contains(n)) throw GitHubError.of(410, GitHubJson.error("This issue was deleted",
                "/issues/issues#get-an-issue"));
        GitHubState.Issue i = repo.issues.get(n);
        if (i == null) throw GitHubError.notFound();
        return i;
    }

    Reply get(GitHubState.Repo repo, String number) {
        return Reply.json(200, json.issue(state, repo, find(repo, number)));
    }

    Reply create(GitHubState.Repo repo, ApiRequest r) {
        ObjectNode b = r.json();
        GitHubState.Issue i = new GitHubState.Issue();
        i.title = title(b.get("title"), true);
        i.body = body(b);
        i.labels = b.has("labels") ? labels(repo, b.get("labels")) : new ArrayList<>();
        i.assignees = b.has("assignees") ? assignees(repo, b.get("assignees")) : new ArrayList<>();
        i.milestone = b.has("milestone") ? milestone(repo, b.get("milestone")) : null;
        i.author = r.login();
        GitHubState.Issue created = insert(repo, i);
        ObjectNode out = json.issue(state, repo, created);
        return Reply.json(201, out).withHeader("Location", out.get("url").asText());
    }

    /** Adds an issue (or pull request) with the next number of the repository. */
    GitHubState.Issue insert(GitHubState.Repo repo, GitHubState.Issue i) {
        i.id = state.nextId++;
        i.number = repo.nextNumber++;
        i.repo = repo.fullName;
        Instant now = state.now();
        if (i.created == null) i.created = now;
        if (i.updated == null) i.updated = i.created;
        if (i.state.equals("closed") && i.closed == null) i.closed = i.updated;
        repo.issues.put(i.number, i);
        state.reindex(i);
        return i;
    }

    Reply update(GitHubState.Repo repo, String number, ApiRequest r) {
        GitHubState.Issue i = find(repo, number);
        ObjectNode b = r.json();
        GitHubState.Issue before = i.copy();
        if (b.has("title")) i.title = title(b.get("title"), false);
        if (b.has("body")) i.body = body(b);
        if (b.has("labels")) i.labels = labels(repo, b.get("labels"));
        if (b.has("assignees")) i.assignees = assignees(repo, b.get("assignees"));
        if (b.has("milestone")) i.milestone = milestone(repo, b.get("milestone"));
        if (b.has("state")) changeState(i, b.get("state"), b.get("state_reason"), r.login());
        if (changed(before, i)) {
            i.updated = state.now();
            state.reindex(i);
        }
        return Reply.json(200, json.issue(state, repo, i));
    }

    private static boolean changed(GitHubState.Issue a, GitHubState.Issue b) {
        return !Objects.equals(a.title, b.title) || !Objects.equals(a.body, b.body) || !a.state.equals(b.state)
                || !Objects.equals(a.stateReason, b.stateReason) || !a.labels.equals(b.labels)
                || !a.assignees.equals(b.assignees) || !Objects.equals(a.milestone, b.milestone);
    }

    private void changeState(GitHubState.Issue i, JsonNode stateNode, JsonNode reasonNode, String login) {
        if (!stateNode.isTextual() || !Set.of("open", "closed").contains(stateNode.asText())) {
            throw GitHubError.invalid("For 'properties/state', " + stateNode + " is not a possible value. "
                    + "Possible values are open, closed.");
        }
        String reason = reasonNode == null || reasonNode.isNull() ? null : reasonNode.asText();
        if (reason != null && !REASONS.contains(reason)) {
            throw GitHubError.invalid("For 'properties/state_reason', \"" + reason + "\" is not a possible value.");
        }
        String to = stateNode.asText();
        if (to.equals(i.state)) return; // state_reason is ignored unless the state changes
        i.state = to;
        if (to.equals("closed")) {
            i.stateReason = reason == null || reason.equals("reopened") ? "completed" : reason;
            i.closed = state.now();
            i.closedBy = login;
        } else {
            i.stateReason = "reopened";
            i.closed = null;
            i.closedBy = null;
        }
    }

    private static String title(JsonNode t, boolean required) {
        if (t == null || t.isNull()) {
            if (required) throw GitHubError.invalid("\"title\" wasn't supplied.");
            throw GitHubError.invalid("For 'properties/title', null is not a string or integer.");
        }
        if (!t.isTextual() && !t.isIntegralNumber()) {
            throw GitHubError.invalid("For 'properties/title', " + t + " is not a string or integer.");
        }
        if (t.asText().isBlank()) throw GitHubError.validation("Issue", "title", "missing_field", null);
        return t.asText();
    }

    private static String body(ObjectNode b) {
        JsonNode v = b.get("body");
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw GitHubError.invalid("For 'properties/body', " + v + " is not a string or null.");
        String s = v.asText();
        if (s.codePointCount(0, s.length()) > MAX_BODY) {
            throw GitHubError.validation("Issue", "body", "custom", "body is too long (maximum is 65536 characters)");
        }
        return s.isEmpty() ? null : s;
    }

    /** Label names (strings or {name} objects); a label the repository lacks is created, like GitHub does. */
    List<String> labels(GitHubState.Repo repo, JsonNode v) {
        if (!v.isArray()) throw GitHubError.invalid("For 'properties/labels', " + v + " is not an array.");
        List<String> out = new ArrayList<>();
        for (JsonNode l : v) {
            String name = l.isTextual() ? l.asText() : l.path("name").isTextual() ? l.get("name").asText() : null;
            if (name == null || name.isBlank()) {
                throw GitHubError.invalid("For 'items', " + l + " is not a string or an object with a name.");
            }
            GitHubState.Label label = repo.labels.computeIfAbsent(name.toLowerCase(Locale.ROOT),
                    k -> new GitHubState.Label(state.nextId++, name, "ededed", null));
            if (out.stream().noneMatch(x -> x.equalsIgnoreCase(label.name()))) out.add(label.name());
        }
        return out;
    }

    private List<String> assignees(GitHubState.Repo repo, JsonNode v) {
        if (!v.isArray()) throw GitHubError.invalid("For 'properties/assignees', " + v + " is not an array.");
        List<String> out = new ArrayList<>();
        for (JsonNode a : v) {
            GitHubState.User u = state.user(a.asText());
            if (!a.isTextual() || u == null || !repo.collaborators.contains(u.login().toLowerCase(Locale.ROOT))) {
                ObjectNode err = GitHubJson.validation("Issue", "assignees", "invalid", null);
                ((ObjectNode) err.get("errors").get(0)).put("value", a.asText());
                throw GitHubError.of(422, err);
            }
            if (!out.contains(u.login())) out.add(u.login());
        }
        return out;
    }

    private static Integer milestone(GitHubState.Repo repo, JsonNode v) {
        if (v.isNull()) return null;
        if (!v.canConvertToInt() || !repo.milestones.containsKey(v.asInt())) {
            ObjectNode err = GitHubJson.validation("Issue", "milestone", "invalid", null);
            ((ObjectNode) err.get("errors").get(0)).put("value", v.asText());
            throw GitHubError.of(422, err);
        }
        return v.asInt();
    }

    Reply list(GitHubState.Repo repo, ApiRequest r) {
        String st = Objects.requireNonNullElse(r.param("state"), "open");
        if (!Set.of("open", "closed", "all").contains(st)) {
            throw GitHubError.invalid("For 'state', \"" + st + "\" is not a possible value.");
        }
        Instant since = since(r.param("since"));
        List<String> labels = r.param("labels") == null ? List.of()
                : Arrays.stream(r.param("labels").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<GitHubState.Issue> hits = new ArrayList<>();
        for (GitHubState.Issue i : repo.issues.values()) {
            if (!st.equals("all") && !st.equals(i.state)) continue;
            if (since != null && i.updated.isBefore(since)) continue;
            if (labels.stream().anyMatch(l -> i.labels.stream().noneMatch(x -> x.equalsIgnoreCase(l)))) continue;
            if (!matchesPerson(r.param("creator"), List.of(i.author))) continue;
            if (!matchesPerson(r.param("assignee"), i.assignees)) continue;
            if (!matchesMilestone(r.param("milestone"), i.milestone)) continue;
            hits.add(i);
        }
        hits.sort(order(r.param("sort"), r.param("direction")));
        return Paging.page(apiBase, r, hits.stream().map(i -> json.issue(state, repo, i)).toList());
    }

    static Comparator<GitHubState.Issue> order(String sort, String direction) {
        Comparator<GitHubState.Issue> c = switch (Objects.requireNonNullElse(sort, "created")) {
            case "created", "comments" -> Comparator.comparing((GitHubState.Issue i) -> i.created);
            case "updated" -> Comparator.comparing((GitHubState.Issue i) -> i.updated);
            default -> throw GitHubError.invalid("For 'sort', \"" + sort + "\" is not a possible value.");
        };
        c = c.thenComparingInt(i -> i.number);
        String dir = Objects.requireNonNullElse(direction, "desc");
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw GitHubError.invalid("For 'direction', \"" + dir + "\" is not a possible value.");
        }
        return dir.equals("asc") ? c : c.reversed();
    }

    private static boolean matchesPerson(String filter, List<String> logins) {
        if (filter == null) return true;
        if (filter.equals("*")) return !logins.isEmpty();
        if (filter.equals("none")) return logins.isEmpty();
        return logins.stream().anyMatch(filter::equalsIgnoreCase);
    }

    private static boolean matchesMilestone(String filter, Integer milestone) {
        if (filter == null) return true;
        if (filter.equals("*")) return milestone != null;
        if (filter.equals("none")) return milestone == null;
        return milestone != null && filter.equals(String.valueOf(milestone));
    }

    static Instant since(String v) {
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw GitHubError.invalid("For 'since', \"" + v + "\" is not a date-time (YYYY-MM-DDTHH:MM:SSZ).");
        }
    }

    /** GET, POST (add), PUT (replace), DELETE (remove all) on an issue's labels. */
    Reply issueLabels(GitHubState.Repo repo, String number, ApiRequest r) {
        GitHubState.Issue i = find(repo, number);
        List<String> before = List.copyOf(i.labels);
        switch (r.method()) {
            case "GET" -> {
                return Paging.page(apiBase, r, i.labels.stream()
                        .map(n -> json.label(repo.fullName, repo.labels.get(n.toLowerCase(Locale.ROOT)))).toList());
            }
            case "POST" -> {
                List<String> add = labels(repo, labelsBody(r));
                add.stream().filter(n -> !i.labels.contains(n)).forEach(i.labels::add);
            }
            case "PUT" -> i.labels = labels(repo, labelsBody(r));
            case "DELETE" -> i.labels = new ArrayList<>();
            default -> throw GitHubError.notFound();
        }
        touch(i, before);
        if (r.method().equals("DELETE")) return Reply.empty(204);
        return Reply.json(200, labelArray(repo, i));
    }

    /** DELETE one label: the rest, or 404 when the issue does not have it. */
    Reply removeLabel(GitHubState.Repo repo, String number, String name) {
        GitHubState.Issue i = find(repo, number);
        List<String> before = List.copyOf(i.labels);
        if (!i.labels.removeIf(n -> n.equalsIgnoreCase(name))) {
            throw GitHubError.of(404, GitHubJson.error("Label does not exist",
                    "/issues/labels#remove-a-label-from-an-issue"));
        }
        touch(i, before);
        return Reply.json(200, labelArray(repo, i));
    }

    private ArrayNode labelArray(GitHubState.Repo repo, GitHubState.Issue i) {
        ArrayNode out = GitHubJson.array();
        i.labels.forEach(n -> out.add(json.label(repo.fullName, repo.labels.get(n.toLowerCase(Locale.ROOT)))));
        return out;
    }

    private void touch(GitHubState.Issue i, List<String> labelsBefore) {
        if (!labelsBefore.equals(i.labels)) {
            i.updated = state.now();
            state.reindex(i);
        }
    }

    /** {"labels": [...]}, a bare array, or (as GitHub accepts) a single string. */
    private static JsonNode labelsBody(ApiRequest r) {
        JsonNode n;
        try {
            n = Jackson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw GitHubError.badRequest("Problems parsing JSON");
        }
        if (n == null) throw GitHubError.invalid("\"labels\" wasn't supplied.");
        if (n.isArray()) return n;
        if (n.isTextual()) return GitHubJson.array().add(n.asText());
        if (n.isObject() && n.has("labels")) return n.get("labels");
        throw GitHubError.invalid("\"labels\" wasn't supplied.");
    }
}
