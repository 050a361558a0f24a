package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.fake.Reply;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Routes an authenticated request to its endpoint. Called under the state's lock. */
final class GitHubApi {
    private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");
    private static final Pattern ISSUE = Pattern.compile("/issues/([^/]+)(/labels(/(.+))?)?");
    private static final Pattern ASSIGNEE = Pattern.compile("/assignees/([^/]+)");
    private static final Pattern COMMENTS = Pattern.compile("/issues/([^/]+)/comments");
    private static final Pattern COMMENT = Pattern.compile("/issues/comments/([^/]+)");

    private final GitHubState state;
    private final GitHubJson json;
    private final IssuesApi issues;
    private final SearchApi search;
    private final CommentsApi comments;
    private final String apiBase;

    GitHubApi(GitHubState state, String apiBase) {
        this.state = state;
        this.apiBase = apiBase;
        this.json = new GitHubJson(apiBase);
        this.issues = new IssuesApi(state, json, apiBase);
        this.search = new SearchApi(state, json, apiBase);
        this.comments = new CommentsApi(state, json, issues, apiBase);
    }

    GitHubJson json() {
        return json;
    }

    IssuesApi issues() {
        return issues;
    }

    CommentsApi comments() {
        return comments;
    }

    Reply handle(ApiRequest r) {
        try {
            return route(r);
        } catch (GitHubError e) {
            return e.reply;
        }
    }

    private Reply route(ApiRequest r) {
        String route = r.method() + " " + r.path();
        if (route.equals("GET /user")) return Reply.json(200, json.privateUser(state.user(r.login()), Instant.EPOCH));
        if (route.equals("GET /search/issues")) return search.search(r);
        Matcher m = REPO.matcher(r.path());
        if (!m.matches()) throw GitHubError.notFound();
        GitHubState.Repo repo = state.repo(m.group(1), m.group(2));
        if (repo == null) throw GitHubError.notFound();
        return repoRoute(repo, m.group(3) == null ? "" : m.group(3), r);
    }

    private Reply repoRoute(GitHubState.Repo repo, String rest, ApiRequest r) {
        String method = r.method();
        switch (method + " " + rest) {
            case "GET /issues": return issues.list(repo, r);
            case "POST /issues": return issues.create(repo, r);
            case "GET /labels": return Paging.page(apiBase, r, repo.labels.values().stream()
                    .map(l -> json.label(repo.fullName, l)).toList());
            case "POST /labels": return createLabel(repo, r.json());
            case "GET /milestones": return Paging.page(apiBase, r, repo.milestones.values().stream()
                    .map(ms -> json.milestone(repo, ms, state.user(ms.creator()))).toList());
            case "POST /milestones": return createMilestone(repo, r.json(), r.login());
            case "GET /assignees": return Paging.page(apiBase, r, repo.collaborators.stream()
                    .map(l -> json.user(state.user(l))).toList());
            default: break;
        }
        Matcher a = ASSIGNEE.matcher(rest);
        if (a.matches() && method.equals("GET")) {
            if (repo.collaborators.contains(a.group(1).toLowerCase(Locale.ROOT))) return Reply.empty(204);
            throw GitHubError.notFound();
        }
        Matcher cs = COMMENTS.matcher(rest);
        if (cs.matches()) {
            return switch (method) {
                case "GET" -> comments.list(repo, cs.group(1), r);
                case "POST" -> comments.create(repo, cs.group(1), r);
                default -> throw GitHubError.notFound();
            };
        }
        Matcher c = COMMENT.matcher(rest);
        if (c.matches()) return comments.one(repo, c.group(1), r);
        Matcher i = ISSUE.matcher(rest);
        if (!i.matches()) throw GitHubError.notFound();
        if (i.group(2) == null) {
            return switch (method) {
                case "GET" -> issues.get(repo, i.group(1));
                case "PATCH" -> issues.update(repo, i.group(1), r);
                default -> throw GitHubError.notFound();
            };
        }
        if (i.group(4) == null) return issues.issueLabels(repo, i.group(1), r);
        if (!method.equals("DELETE")) throw GitHubError.notFound();
        return issues.removeLabel(repo, i.group(1), URLDecoder.decode(i.group(4), StandardCharsets.UTF_8));
    }

    private Reply createLabel(GitHubState.Repo repo, ObjectNode b) {
        JsonNode name = b.get("name");
        if (name == null || !name.isTextual()) throw GitHubError.invalid("\"name\" wasn't supplied.");
        String color = b.path("color").asText("ededed").replace("#", "");
        if (!color.matches("[0-9a-fA-F]{6}")) throw GitHubError.validation("Label", "color", "invalid", null);
        if (repo.labels.containsKey(name.asText().toLowerCase(Locale.ROOT))) {
            throw GitHubError.validation("Label", "name", "already_exists", null);
        }
        String description = b.hasNonNull("description") ? b.get("description").asText() : null;
        GitHubState.Label l = new GitHubState.Label(state.nextId++, name.asText(), color.toLowerCase(Locale.ROOT),
                description);
        repo.labels.put(l.name().toLowerCase(Locale.ROOT), l);
        return Reply.json(201, json.label(repo.fullName, l));
    }

    private Reply createMilestone(GitHubState.Repo repo, ObjectNode b, String login) {
        JsonNode title = b.get("title");
        if (title == null || !title.isTextual()) throw GitHubError.invalid("\"title\" wasn't supplied.");
        if (repo.milestones.values().stream().anyMatch(ms -> ms.title().equals(title.asText()))) {
            throw GitHubError.validation("Milestone", "title", "already_exists", null);
        }
        String st = b.path("state").asText("open");
        if (!st.equals("open") && !st.equals("closed")) {
            throw GitHubError.invalid("For 'properties/state', \"" + st + "\" is not a possible value.");
        }
        int number = repo.milestones.size() + 1;
        GitHubState.Milestone ms = new GitHubState.Milestone(state.nextId++, number, title.asText(), st,
                b.hasNonNull("description") ? b.get("description").asText() : null, login, state.now());
        repo.milestones.put(number, ms);
        return Reply.json(201, json.milestone(repo, ms, state.user(login)));
    }

    /** {@code GET /rate_limit}: the windows of this user, which the call itself does not use. */
    Reply rateLimit(String login) {
        ObjectNode out = GitHubJson.object();
        ObjectNode resources = out.putObject("resources");
        Instant now = state.clock.instant();
        GitHubLimits.Budget core = state.limits.take(login, "core", state.coreLimit, now, true);
        GitHubLimits.Budget search = state.limits.take(login, "search", GitHubLimits.SEARCH_LIMIT, now, true);
        resources.set("core", rate(core));
        resources.set("search", rate(search));
        out.set("rate", rate(core));
        return Reply.json(200, out);
    }

    private static ObjectNode rate(GitHubLimits.Budget b) {
        return GitHubJson.object().put("limit", b.limit()).put("remaining", b.remaining()).put("reset",
                b.reset().getEpochSecond()).put("used", b.used());
    }
}
