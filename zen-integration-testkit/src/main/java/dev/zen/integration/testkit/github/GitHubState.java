package dev.zen.integration.testkit.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Everything the fake GitHub holds. Guarded by the instance's monitor. */
final class GitHubState {
    /** A user; {@code id} is GitHub's numeric id. */
    record User(long id, String login, String name) {}

    /** A repository label. */
    record Label(long id, String name, String color, String description) {}

    /** A milestone. */
    record Milestone(long id, int number, String title, String state, String description, String creator,
                     Instant created) {}

    /** A token: who it authenticates and when it expires (null: never). */
    record Token(String login, Instant expires) {}

    /** One issue or pull request; mutable, copied for the search index. */
    static final class Issue {
        long id;
        int number;
        String repo;
        String title;
        String body;
        String state = "open";
        String stateReason;
        List<String> labels = new ArrayList<>();
        List<String> assignees = new ArrayList<>();
        Integer milestone;
        String author;
        Instant created;
        Instant updated;
        Instant closed;
        String closedBy;
        boolean locked;
        boolean pullRequest;

        Issue copy() {
            Issue c = new Issue();
            c.id = id;
            c.number = number;
            c.repo = repo;
            c.title = title;
            c.body = body;
            c.state = state;
            c.stateReason = stateReason;
            c.labels = new ArrayList<>(labels);
            c.assignees = new ArrayList<>(assignees);
            c.milestone = milestone;
            c.author = author;
            c.created = created;
            c.updated = updated;
            c.closed = closed;
            c.closedBy = closedBy;
            c.locked = locked;
            c.pullRequest = pullRequest;
            return c;
        }
    }

    /** An issue comment: ids are global, like GitHub's. */
    static final class Comment {
        final long id;
        final int issue;
        final String author;
        final Instant created;
        String body;
        Instant updated;

        Comment(long id, int issue, String author, String body, Instant created) {
            this.id = id;
            this.issue = issue;
            this.author = author;
            this.body = body;
            this.created = created;
            this.updated = created;
        }
    }

    /** A repository: its issues share one number sequence with its pull requests. */
    static final class Repo {
        final long id;
        final String fullName;
        final Map<Integer, Issue> issues = new TreeMap<>();
        final Map<String, Label> labels = new LinkedHashMap<>();
        final Map<Integer, Milestone> milestones = new TreeMap<>();
        final Set<String> collaborators = new LinkedHashSet<>();
        /** Transferred issues: number to the API URL of the issue in its new repository. */
        final Map<Integer, String> transferred = new HashMap<>();
        final Set<Integer> deleted = new LinkedHashSet<>();
        final Map<Long, Comment> comments = new TreeMap<>();
        int nextNumber = 1;

        Repo(long id, String fullName) {
            this.id = id;
            this.fullName = fullName;
        }
    }

    /** What search sees: versions of each issue, visible once the lag has passed. */
    record Indexed(Instant visibleAt, Issue issue) {}

    Clock clock;
    Duration searchLag = Duration.ZERO;
    int coreLimit = GitHubLimits.CORE_LIMIT;
    final Map<String, Repo> repos = new LinkedHashMap<>();
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Token> tokens = new LinkedHashMap<>();
    final List<Indexed> index = new ArrayList<>();
    final GitHubLimits limits = new GitHubLimits();
    long nextId = 1_000_001;

    GitHubState(Clock clock) {
        this.clock = clock;
    }

    /** GitHub's timestamps have whole seconds. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    Repo repo(String owner, String name) {
        return repos.get(owner.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT));
    }

    Repo addRepo(String fullName) {
        return repos.computeIfAbsent(fullName.toLowerCase(Locale.ROOT), k -> new Repo(nextId++, fullName));
    }

    User addUser(String login, String name) {
        User u = new User(nextId++, login, name);
        users.put(login.toLowerCase(Locale.ROOT), u);
        return u;
    }

    User user(String login) {
        return login == null ? null : users.get(login.toLowerCase(Locale.ROOT));
    }

    /** Records the issue's current state for search, visible after the lag. */
    void reindex(Issue i) {
        index.add(new Indexed(clock.instant().plus(searchLag), i.copy()));
    }

    /** The issues search sees now: for each, the newest version whose lag has passed. */
    List<Issue> searchable() {
        Instant now = clock.instant();
        Map<String, Issue> seen = new LinkedHashMap<>();
        for (Indexed x : index) {
            if (!x.visibleAt().isAfter(now)) seen.put(x.issue().repo + "#" + x.issue().number, x.issue());
        }
        List<Issue> out = new ArrayList<>();
        for (Issue i : seen.values()) {
            Repo r = repos.get(i.repo.toLowerCase(Locale.ROOT));
            if (r != null && r.issues.containsKey(i.number)) out.add(i);
        }
        return out;
    }
}
