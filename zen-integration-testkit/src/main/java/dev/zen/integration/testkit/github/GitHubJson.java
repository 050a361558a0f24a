package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.internal.Jackson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Renders the fake's state as GitHub's JSON (the schemas of github-issues-openapi.json). */
final class GitHubJson {
    static final String DOCS = "https://docs.github.com/rest";

    private final String api;

    GitHubJson(String apiBase) {
        this.api = apiBase;
    }

    static ObjectNode object() {
        return Jackson.MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return Jackson.MAPPER.createArrayNode();
    }

    private static String nodeId(String type, long id) {
        return Base64.getEncoder().withoutPadding()
                .encodeToString((type + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    ObjectNode user(GitHubState.User u) {
        String url = api + "/users/" + u.login();
        ObjectNode n = object().put("login", u.login()).put("id", u.id()).put("node_id", nodeId("User", u.id()))
                .put("avatar_url", api + "/avatars/" + u.login()).put("gravatar_id", "").put("url", url)
                .put("html_url", api + "/" + u.login()).put("followers_url", url + "/followers")
                .put("following_url", url + "/following{/other_user}").put("gists_url", url + "/gists{/gist_id}")
                .put("starred_url", url + "/starred{/owner}{/repo}").put("subscriptions_url", url + "/subscriptions")
                .put("organizations_url", url + "/orgs").put("repos_url", url + "/repos")
                .put("events_url", url + "/events{/privacy}").put("received_events_url", url + "/received_events")
                .put("type", "User").put("site_admin", false);
        return n;
    }

    /** {@code GET /user}: the private-user view. */
    ObjectNode privateUser(GitHubState.User u, Instant created) {
        ObjectNode n = user(u).put("user_view_type", "private").put("name", u.name()).putNull("company")
                .put("blog", "").putNull("location").putNull("email").putNull("hireable").putNull("bio")
                .put("public_repos", 0).put("public_gists", 0).put("followers", 0).put("following", 0)
                .put("created_at", time(created)).put("updated_at", time(created)).put("private_gists", 0)
                .put("total_private_repos", 1).put("owned_private_repos", 1).put("disk_usage", 0)
                .put("collaborators", 0).put("two_factor_authentication", true);
        return n;
    }

    ObjectNode label(String repo, GitHubState.Label l) {
        ObjectNode n = object().put("id", l.id()).put("node_id", nodeId("Label", l.id()))
                .put("url", api + "/repos/" + repo + "/labels/" + l.name().replace(" ", "%20")).put("name", l.name())
                .put("color", l.color()).put("default", false);
        if (l.description() == null) n.putNull("description");
        else n.put("description", l.description());
        return n;
    }

    ObjectNode milestone(GitHubState.Repo repo, GitHubState.Milestone m, GitHubState.User creator) {
        long open = repo.issues.values().stream().filter(i -> m.number() == nullToZero(i.milestone)
                && i.state.equals("open")).count();
        long closed = repo.issues.values().stream().filter(i -> m.number() == nullToZero(i.milestone)
                && i.state.equals("closed")).count();
        String url = api + "/repos/" + repo.fullName + "/milestones/" + m.number();
        ObjectNode n = object().put("url", url).put("html_url", api + "/" + repo.fullName + "/milestone/" + m.number())
                .put("labels_url", url + "/labels").put("id", m.id()).put("node_id", nodeId("Milestone", m.id()))
                .put("number", m.number()).put("state", m.state()).put("title", m.title())
                .put("open_issues", open).put("closed_issues", closed).put("created_at", time(m.created()))
                .put("updated_at", time(m.created())).putNull("closed_at").putNull("due_on");
        if (m.description() == null) n.putNull("description");
        else n.put("description", m.description());
        n.set("creator", creator == null ? null : user(creator));
        return n;
    }

    private static int nullToZero(Integer i) {
        return i == null ? 0 : i;
    }

    ObjectNode comment(GitHubState.Repo repo, GitHubState.Comment c, GitHubState.User author) {
        String url = api + "/repos/" + repo.fullName + "/issues/comments/" + c.id;
        ObjectNode n = object().put("id", c.id).put("node_id", nodeId("IssueComment", c.id)).put("url", url)
                .put("html_url", api + "/" + repo.fullName + "/issues/" + c.issue + "#issuecomment-" + c.id)
                .put("issue_url", api + "/repos/" + repo.fullName + "/issues/" + c.issue).put("body", c.body)
                .put("created_at", time(c.created)).put("updated_at", time(c.updated))
                .put("author_association", "COLLABORATOR");
        n.set("user", author == null ? null : user(author));
        return n;
    }

    ObjectNode issue(GitHubState state, GitHubState.Repo repo, GitHubState.Issue i) {
        String url = api + "/repos/" + repo.fullName + "/issues/" + i.number;
        ObjectNode n = object().put("id", i.id).put("node_id", nodeId("Issue", i.id)).put("url", url)
                .put("repository_url", api + "/repos/" + repo.fullName).put("labels_url", url + "/labels{/name}")
                .put("comments_url", url + "/comments").put("events_url", url + "/events")
                .put("html_url", api + "/" + repo.fullName + "/" + (i.pullRequest ? "pull/" : "issues/") + i.number)
                .put("number", i.number).put("state", i.state).put("title", i.title);
        n.put("state_reason", i.stateReason);
        n.put("body", i.body);
        n.set("user", user(state.user(i.author)));
        ArrayNode labels = n.putArray("labels");
        i.labels.forEach(name -> labels.add(label(repo.fullName, repo.labels.get(name.toLowerCase(Locale.ROOT)))));
        List<ObjectNode> assignees = i.assignees.stream().map(a -> user(state.user(a))).toList();
        n.set("assignee", assignees.isEmpty() ? null : assignees.get(0));
        n.putArray("assignees").addAll(assignees);
        GitHubState.Milestone m = i.milestone == null ? null : repo.milestones.get(i.milestone);
        n.set("milestone", m == null ? null : milestone(repo, m, state.user(m.creator())));
        n.put("locked", i.locked).putNull("active_lock_reason").put("comments", 0)
                .put("created_at", time(i.created)).put("updated_at", time(i.updated))
                .put("closed_at", time(i.closed)).put("author_association", "OWNER");
        n.set("closed_by", i.closedBy == null ? null : user(state.user(i.closedBy)));
        if (i.pullRequest) {
            String pr = api + "/repos/" + repo.fullName + "/pulls/" + i.number;
            n.putObject("pull_request").put("url", pr).put("html_url", pr).put("diff_url", pr + ".diff")
                    .put("patch_url", pr + ".patch").putNull("merged_at");
        }
        return n;
    }

    static ObjectNode error(String message, String docs) {
        return object().put("message", message).put("documentation_url", DOCS + docs);
    }

    /** A 422 "Validation Failed" with one error item. */
    static ObjectNode validation(String resource, String field, String code, String message) {
        ObjectNode e = object().put("resource", resource).put("field", field).put("code", code);
        if (message != null) e.put("message", message);
        ObjectNode n = error("Validation Failed", "/issues/issues");
        n.putArray("errors").add(e);
        return n;
    }
}
