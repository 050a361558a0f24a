package dev.zen.integration.testkit.github;

import dev.zen.integration.testkit.fake.DeliveryFault;
import dev.zen.integration.testkit.fake.FakeHttpServer;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.fake.RequestHooks;
import dev.zen.integration.testkit.fake.WebhookSender;
import dev.zen.integration.testkit.internal.Jackson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process, stateful fake of the GitHub Issues REST API, strict where GitHub is strict, with the same fault
 * injection, request log and {@code /_fake/} control API design as FakeJira ({@link dev.zen.integration.testkit.fake}).
 *
 * <p>What it models: issues and pull requests sharing one number sequence (PRs carry {@code pull_request} in the
 * issues list); create/get/update/list with {@code state}, {@code sort}, {@code direction}, {@code since}
 * (inclusive), {@code labels}, {@code creator}, {@code assignee}, {@code milestone}, 100 per page at most and the
 * {@code link} header; labels of an issue (add, replace, remove one, remove all; unknown labels are created with
 * colour {@code ededed}); repository labels and milestones; assignable users; {@code /search/issues} (eventually
 * consistent: it sees changes {@link #searchLag} late; 30 requests a minute; at most 1,000 results);
 * {@code /user}; {@code /rate_limit}; the five {@code x-ratelimit-*} headers on every authenticated response (5,000
 * an hour); ETags with {@code If-None-Match} answered by 304, which costs nothing; 301 for transferred issues and 410
 * for deleted ones; 422 with GitHub's messages and {@code errors[]}; 401 for a missing, unknown or expired token
 * ({@code Bearer} or {@code token} scheme); 400 for an unknown {@code X-GitHub-Api-Version}; 403 without a
 * {@code User-Agent}. Faults ({@link Fault#secondaryRateLimited}, {@link Fault#commitThen}, ...) are rendered the way
 * GitHub answers.
 *
 * <pre>{@code
 * try (FakeGitHub github = FakeGitHub.start()) {
 *     GitHubIssue i = github.seedIssue("Write the docs", "body");
 *     github.inject(FaultRule.on("POST", "/repos/zen-sync/tasks/issues")
 *             .respond(Fault.commitThen(Fault.serverError(502))));
 * }
 * }</pre>
 */
public final class FakeGitHub implements AutoCloseable {
    /** The default repository's owner. */
    public static final String DEFAULT_OWNER = "zen-sync";
    /** The default repository, {@code owner/repo}. */
    public static final String DEFAULT_REPOSITORY = DEFAULT_OWNER + "/tasks";
    /** The default user, a collaborator of the default repository. */
    public static final String DEFAULT_LOGIN = "zen-sync-bot";
    /** The default user's personal access token. */
    public static final String DEFAULT_TOKEN = "ghp_fakeFakeGitHubToken000000000000000";
    /** The search lag of {@link Builder#realistic()}. */
    public static final Duration REALISTIC_SEARCH_LAG = Duration.ofSeconds(2);

    private final GitHubState state;
    private final GitHubApi api;
    private final FakeHttpServer server;
    private final RequestHooks hooks = new RequestHooks();
    private final WebhookSender webhookSender = new WebhookSender(WebhookSender.Style.GITHUB);
    private final GitHubWebhooks webhooks = new GitHubWebhooks(webhookSender);

    private FakeGitHub(Builder b) throws IOException {
        this.state = new GitHubState(b.clock);
        this.state.searchLag = b.searchLag;
        this.state.coreLimit = b.coreLimit;
        GitHubHttp http = new GitHubHttp(state, new GitHubControlApi(this), hooks);
        this.server = FakeHttpServer.create("FakeGitHub", b.port, () -> state.clock, http);
        this.api = new GitHubApi(state, server.baseUrl().toString());
        http.attach(api); // the API's URLs need the server's port
        http.attach(webhooks);
        b.webhooks.forEach(w -> webhook(w.getKey(), w.getValue()));
        synchronized (state) {
            state.addUser(DEFAULT_LOGIN, "Zen Sync Bot");
            state.tokens.put(DEFAULT_TOKEN, new GitHubState.Token(DEFAULT_LOGIN, null));
            state.addRepo(DEFAULT_REPOSITORY).collaborators.add(DEFAULT_LOGIN);
        }
        server.start();
    }

    /** Starts a fake with the defaults: repository zen-sync/tasks, user zen-sync-bot, no search lag. */
    public static FakeGitHub start() {
        return builder().start();
    }

    /** Configures a fake. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API base URL, {@code http://127.0.0.1:<port>} (what github.com serves as https://api.github.com). */
    public URI baseUrl() {
        return server.baseUrl();
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** The default user's token. */
    public String token() {
        return DEFAULT_TOKEN;
    }

    // ---- users, tokens, repositories ---------------------------------------------------------------------------

    /** Adds a user; {@code collaborator} makes them assignable in the default repository. */
    public void addUser(String login, String name, boolean collaborator) {
        synchronized (state) {
            state.addUser(login, name);
            if (collaborator) state.repos.get(DEFAULT_REPOSITORY).collaborators.add(login.toLowerCase(Locale.ROOT));
        }
    }

    /** A personal access token (classic or fine-grained) for a user. */
    public void addToken(String token, String login) {
        addToken(token, login, null);
    }

    /** A token that stops working at {@code expires} (a GitHub App installation token lives one hour). */
    public void addToken(String token, String login, Instant expires) {
        synchronized (state) {
            if (state.user(login) == null) throw new IllegalArgumentException("no user " + login + "; addUser first");
            state.tokens.put(token, new GitHubState.Token(state.user(login).login(), expires));
        }
    }

    /** Revokes every token: each request answers 401 Bad credentials. */
    public void revokeTokens() {
        synchronized (state) {
            state.tokens.clear();
        }
    }

    /** Adds a repository {@code owner/repo}; the default user is a collaborator. */
    public void addRepository(String fullName) {
        synchronized (state) {
            state.addRepo(fullName).collaborators.add(DEFAULT_LOGIN);
        }
    }

    // ---- issues ------------------------------------------------------------------------------------------------

    /** Seeds an open issue in the default repository, authored by the default user. */
    public GitHubIssue seedIssue(String title, String body, String... labels) {
        return seed(DEFAULT_REPOSITORY, title, body, false, List.of(labels));
    }

    /** Seeds an open pull request in the default repository: it takes the next issue number. */
    public GitHubIssue seedPullRequest(String title) {
        return seed(DEFAULT_REPOSITORY, title, null, true, List.of());
    }

    GitHubIssue seed(String repository, String title, String body, boolean pullRequest, List<String> labels) {
        synchronized (state) {
            GitHubState.Repo repo = repo(repository);
            GitHubState.Issue i = new GitHubState.Issue();
            i.title = Objects.requireNonNull(title, "title");
            i.body = body;
            i.author = DEFAULT_LOGIN;
            i.pullRequest = pullRequest;
            i.labels = api.issues().labels(repo, Jackson.MAPPER.valueToTree(labels));
            return GitHubIssue.of(api.issues().insert(repo, i));
        }
    }

    /** The comments of an issue in the default repository, oldest first. */
    public List<GitHubComment> comments(int number) {
        synchronized (state) {
            return repo(DEFAULT_REPOSITORY).comments.values().stream().filter(c -> c.issue == number)
                    .map(GitHubComment::of).toList();
        }
    }

    /** Simulates {@code login} commenting on an issue of the default repository. */
    public GitHubComment simulateComment(int number, String login, String body) {
        synchronized (state) {
            GitHubState.Repo repo = repo(DEFAULT_REPOSITORY);
            GitHubState.Issue i = repo.issues.get(number);
            if (i == null) throw new IllegalArgumentException("no issue #" + number);
            return GitHubComment.of(api.comments().add(repo, i, login, Objects.requireNonNull(body, "body")));
        }
    }

    /** Simulates someone editing a comment's body. */
    public GitHubComment simulateCommentEdit(long id, String body) {
        synchronized (state) {
            GitHubState.Comment c = CommentsApi.find(repo(DEFAULT_REPOSITORY), String.valueOf(id));
            c.body = Objects.requireNonNull(body, "body");
            c.updated = state.now();
            return GitHubComment.of(c);
        }
    }

    /** Simulates someone deleting a comment; false if it did not exist. */
    public boolean simulateCommentDelete(long id) {
        synchronized (state) {
            return repo(DEFAULT_REPOSITORY).comments.remove(id) != null;
        }
    }

    /** The issue or pull request with this number in the default repository. */
    public Optional<GitHubIssue> issue(int number) {
        synchronized (state) {
            return Optional.ofNullable(repo(DEFAULT_REPOSITORY).issues.get(number)).map(GitHubIssue::of);
        }
    }

    /** Every issue and pull request of the default repository, by number. */
    public List<GitHubIssue> issues() {
        return issues(DEFAULT_REPOSITORY);
    }

    /** Every issue and pull request of a repository, by number. */
    public List<GitHubIssue> issues(String repository) {
        synchronized (state) {
            return repo(repository).issues.values().stream().map(GitHubIssue::of).toList();
        }
    }

    /**
     * Simulates {@code login} editing an issue on github.com: {@code fields} as in {@code PATCH} (title, body,
     * state, state_reason, labels, assignees, milestone), with the same validation.
     */
    public GitHubIssue simulateEdit(int number, String login, Map<String, ?> fields) {
        synchronized (state) {
            GitHubState.Repo repo = repo(DEFAULT_REPOSITORY);
            byte[] body;
            try {
                body = Jackson.MAPPER.writeValueAsBytes(fields);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            GitHubState.Issue before = repo.issues.get(number);
            String stateBefore = before == null ? null : before.state;
            try {
                api.issues().update(repo, String.valueOf(number), new ApiRequest("PATCH", "", Map.of(), body, login));
            } catch (GitHubError e) {
                throw new IllegalArgumentException("GitHub would refuse this edit: " + e.getMessage(), e);
            }
            GitHubState.Issue after = repo.issues.get(number);
            webhooks.send(repo, after, GitHubWebhooks.action(stateBefore, after.state), login);
            return GitHubIssue.of(after);
        }
    }

    /** Adds an open milestone to the default repository; returns its number. */
    public int addMilestone(String title) {
        synchronized (state) {
            GitHubState.Repo repo = repo(DEFAULT_REPOSITORY);
            int number = repo.milestones.size() + 1;
            repo.milestones.put(number, new GitHubState.Milestone(state.nextId++, number,
                    Objects.requireNonNull(title, "title"), "open", null, DEFAULT_LOGIN, state.now()));
            return number;
        }
    }

    /** Transfers an issue to another repository (added if missing): the old URL answers 301 from now on. */
    public GitHubIssue transfer(int number, String toRepository) {
        synchronized (state) {
            GitHubState.Repo from = repo(DEFAULT_REPOSITORY);
            GitHubState.Issue i = from.issues.remove(number);
            if (i == null) throw new IllegalArgumentException("no issue #" + number);
            GitHubState.Repo to = state.addRepo(toRepository);
            to.collaborators.add(DEFAULT_LOGIN);
            GitHubState.Issue moved = api.issues().insert(to, i.copy());
            from.transferred.put(number, baseUrl() + "/repos/" + to.fullName + "/issues/" + moved.number);
            webhooks.send(from, i, "transferred", DEFAULT_LOGIN);
            return GitHubIssue.of(moved);
        }
    }

    /** Deletes an issue: it answers 410 Gone from now on. */
    public void delete(int number) {
        synchronized (state) {
            GitHubState.Repo repo = repo(DEFAULT_REPOSITORY);
            GitHubState.Issue removed = repo.issues.remove(number);
            if (removed == null) throw new IllegalArgumentException("no issue #" + number);
            repo.deleted.add(number);
            webhooks.send(repo, removed, "deleted", DEFAULT_LOGIN);
        }
    }

    private GitHubState.Repo repo(String fullName) {
        GitHubState.Repo r = state.repos.get(fullName.toLowerCase(Locale.ROOT));
        if (r == null) throw new IllegalArgumentException("no repository " + fullName + "; addRepository first");
        return r;
    }

    // ---- limits, search, requests, faults ----------------------------------------------------------------------

    /** What {@code x-ratelimit-remaining} of the core resource says for the default user now. */
    public int rateLimitRemaining() {
        synchronized (state) {
            return state.limits.take(DEFAULT_LOGIN, "core", state.coreLimit, state.clock.instant(), true).remaining();
        }
    }

    /** How many core requests the default user has used in the current window. */
    public int rateLimitUsed() {
        synchronized (state) {
            return state.limits.take(DEFAULT_LOGIN, "core", state.coreLimit, state.clock.instant(), true).used();
        }
    }

    /** Uses up the default user's core window: requests answer 403 until it resets (an hour later). */
    public void exhaustRateLimit() {
        synchronized (state) {
            state.limits.exhaust(DEFAULT_LOGIN, "core", state.coreLimit, state.clock.instant());
        }
    }

    /** How late search sees changes (zero: at once). */
    public void searchLag(Duration lag) {
        synchronized (state) {
            state.searchLag = Objects.requireNonNull(lag, "lag");
        }
    }

    /** The search lag. */
    public Duration searchLag() {
        synchronized (state) {
            return state.searchLag;
        }
    }

    /** The requests received so far, oldest first, faulted ones too (not the control API). */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    /** The requests with this method on exactly this path. */
    public List<RecordedRequest> requests(String method, String path) {
        return requests().stream().filter(r -> r.is(method, path)).toList();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        server.clearRequests();
    }

    /** Adds a scripted fault rule; the first rule that fires wins. */
    public void inject(FaultRule rule) {
        server.inject(rule);
    }

    /** Injects faults at random with a seeded generator; scripted rules take precedence. */
    public void injectRandomFaults(long seed, double probability, Fault... choices) {
        server.injectRandomFaults(seed, probability, List.of(choices));
    }

    /** Removes every fault rule and random faults, and the pending {@link #beforeNext} actions. */
    public void clearFaults() {
        server.clearFaults();
        hooks.clear();
    }

    /**
     * Runs {@code action} once, just before the fake carries out the next request with this method (or {@code "*"})
     * whose path matches {@code pathRegex}, e.g. another user's {@link #simulateEdit} between a client's GET and its
     * PATCH. A request a fault fails does not count; the action runs on the request's thread.
     */
    public void beforeNext(String method, String pathRegex, Runnable action) {
        hooks.add(method, pathRegex, action);
    }

    /** Removes all issues, labels, milestones, recorded requests, faults and used rate limits; users stay. */
    public void reset() {
        synchronized (state) {
            state.repos.values().forEach(r -> {
                r.issues.clear();
                r.labels.clear();
                r.milestones.clear();
                r.transferred.clear();
                r.deleted.clear();
                r.nextNumber = 1;
            });
            state.index.clear();
            state.limits.clear();
        }
        clearRequests();
        clearFaults();
    }

    // ---- webhooks ----------------------------------------------------------------------------------------------

    /**
     * Registers a repository webhook: every later issue open, edit, close, reopen, label change, transfer and delete
     * (through the REST API or a simulation) is POSTed to {@code url} as an {@code issues} event with GitHub's
     * headers ({@code X-GitHub-Event}, {@code X-GitHub-Delivery}) and, when {@code secret} is not null,
     * {@code X-Hub-Signature-256: sha256=<hex>}. Like GitHub, a failed delivery is not retried. Also on the control
     * API: {@code POST /_fake/webhooks {"url": "...", "secret": "..."}}.
     */
    public void webhook(URI url, String secret) {
        webhookSender.subscribe(url, secret);
    }

    /** Every delivery attempt so far (also {@code GET /_fake/webhooks}). */
    public List<WebhookSender.SentDelivery> webhookDeliveries() {
        return webhookSender.sent();
    }

    /** Drops, duplicates or delays later deliveries; see {@link DeliveryFault}. */
    public void injectWebhookFault(DeliveryFault fault) {
        webhookSender.inject(fault);
    }

    /** Removes every webhook, delivery fault and recorded delivery (also {@code DELETE /_fake/webhooks}). */
    public void clearWebhooks() {
        webhookSender.clearSubscriptions();
        webhookSender.clearFaults();
        webhookSender.clearSent();
    }

    /**
     * Waits until every delivery made so far has been attempted.
     *
     * @return false if {@code timeout} passed first
     */
    public boolean awaitWebhooks(Duration timeout) throws InterruptedException {
        return webhookSender.awaitIdle(timeout);
    }

    /** Stops the server at once; webhooks not yet sent are dropped. */
    @Override
    public void close() {
        webhookSender.close();
        server.close();
    }

    /** Configures a {@link FakeGitHub}. Not thread-safe. */
    public static final class Builder {
        private int port;
        private Clock clock = Clock.systemUTC();
        private Duration searchLag = Duration.ZERO;
        private int coreLimit = GitHubLimits.CORE_LIMIT;
        private final List<Map.Entry<URI, String>> webhooks = new ArrayList<>();

        private Builder() {
        }

        /** Registers a webhook from the start; see {@link FakeGitHub#webhook(URI, String)}. */
        public Builder webhook(URI url, String secret) {
            webhooks.add(new AbstractMap.SimpleImmutableEntry<>(Objects.requireNonNull(url, "url"), secret));
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The clock for timestamps, token expiry, rate-limit windows and search lag. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How late search sees changes; default zero. */
        public Builder searchLag(Duration lag) {
            this.searchLag = Objects.requireNonNull(lag, "lag");
            return this;
        }

        /** The core requests an hour (default 5,000), to run out of budget quickly in a test. */
        public Builder coreLimit(int limit) {
            if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
            this.coreLimit = limit;
            return this;
        }

        /** Like github.com: search lags {@link #REALISTIC_SEARCH_LAG}. */
        public Builder realistic() {
            return searchLag(REALISTIC_SEARCH_LAG);
        }

        /** Starts the fake. */
        public FakeGitHub start() {
            try {
                return new FakeGitHub(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start FakeGitHub on port " + port, e);
            }
        }
    }
}
