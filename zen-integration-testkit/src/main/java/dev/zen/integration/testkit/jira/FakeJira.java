package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.fake.DeliveryFault;
import dev.zen.integration.testkit.fake.FakeHttpServer;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.fake.Reply;
import dev.zen.integration.testkit.fake.RequestHooks;
import dev.zen.integration.testkit.fake.WebhookSender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stateful, in-process fake of the Jira Cloud REST API v3 subset a sync client uses, on an ephemeral loopback
 * port. It behaves like Jira rather than agreeing with whatever it is sent: ids and keys, 404 envelopes,
 * {@code 201 {id,key,self}} on create, 204 on edit, status changes only through workflow transitions, ADF
 * descriptions, timestamps in the caller's zone, enhanced search with {@code nextPageToken}, 410 on the removed
 * search API, basic and bearer auth with 401 and 403.
 *
 * <pre>{@code
 * try (FakeJira jira = FakeJira.start()) {              // project SYNC, user sync-bot@example.com / fake-api-token
 *     jira.seed(NewIssue.builder("SYNC", "Export fails").labels("backend").build());
 *     jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));
 *     // point the client at jira.baseUrl() with jira.basicAuthHeader()
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * {@code /rest/api/3/}: {@code issue} (POST), {@code issue/{idOrKey}} (GET, PUT, DELETE),
 * {@code issue/{k}/transitions} (GET, POST), {@code issue/{k}/changelog}, {@code issue/{k}/properties[/{key}]},
 * {@code issue/{k}/remotelink[/{id}]}, {@code issue/{k}/assignee} (PUT), {@code issue/{k}/editmeta},
 * {@code issue/{k}/comment[/{id}]}, {@code issue/bulk}, {@code search/jql} (GET, POST),
 * {@code search/approximate-count}, {@code myself}, {@code serverInfo}, {@code field}, {@code project},
 * {@code project/search}, {@code project/{k}}, {@code project/{k}/statuses},
 * {@code issue/createmeta/{k}/issuetypes[/{id}]}, {@code priority}, {@code status}, {@code user},
 * {@code user/search}, {@code user/assignable/search}.
 * {@code search} and {@code /rest/api/2/search} answer 410 Gone.
 *
 * <h2>JQL subset</h2>
 * Clauses joined by {@code AND} / {@code OR}, with parentheses, then an optional {@code ORDER BY}:
 * <ul>
 *   <li>{@code project}, {@code key} / {@code issuekey}, {@code status}, {@code statusCategory}, {@code priority}:
 *       {@code =, !=, IN, NOT IN}; unknown values are a 400 ("The value 'X' does not exist for the field ...").</li>
 *   <li>{@code assignee}, {@code reporter}: {@code =, !=, IN, NOT IN} with account ids or {@code currentUser()},
 *       {@code IS [NOT] EMPTY}.</li>
 *   <li>{@code issuetype}: {@code =, !=, IN, NOT IN}; {@code resolution}: the same with {@code Done} and
 *       {@code Unresolved}, and {@code IS [NOT] EMPTY}.</li>
 *   <li>{@code summary}, {@code description}, {@code text}: {@code ~, !~} (all words, {@code word*} prefixes).</li>
 *   <li>{@code labels}: {@code =, !=, IN, NOT IN, IS [NOT] EMPTY} ({@code !=} never matches unlabelled issues).</li>
 *   <li>{@code updated}, {@code created}, {@code resolved}: {@code =, !=, >, >=, <, <=} with {@code "yyyy-MM-dd HH:mm"},
 *       {@code "yyyy/MM/dd HH:mm"}, {@code yyyy-MM-dd}, {@code yyyy/MM/dd} (in the caller's time zone, minute
 *       precision) or a relative period such as {@code -15m}, {@code -4h}, {@code -5d}, {@code "-1w 2d"}.
 *       {@code =} compares at minute precision.</li>
 *   <li>{@code ORDER BY updated | created | key | priority | status | issuetype | summary | resolution | resolved
 *       | assignee | reporter [ASC|DESC], ...}; ties are broken by key.
 *       Without ORDER BY the order is key descending.</li>
 * </ul>
 * A query without restriction (empty, or only ORDER BY) is "unbounded" and gets 400; any other field, {@code NOT},
 * or functions other than {@code currentUser()} also get a 400 naming the problem.
 *
 * <p>What Jira Cloud refuses, the fake refuses: unknown custom fields, values that do not fit a field's schema
 * ({@link Builder#customField}), invalid ADF, bodies without {@code Content-Type: application/json}, over-long
 * fields. {@link Builder#realistic()} adds search lag and rate-limit headers.
 *
 * <p>Thread-safe. Requests are served on daemon threads; state changes are serialised.
 */
public final class FakeJira implements AutoCloseable {
    /** The default API user's account id. */
    public static final String DEFAULT_ACCOUNT_ID = "5b10ac8d82e05b22cc7d4ef5";
    /** The default API user's e-mail address, for basic auth. */
    public static final String DEFAULT_EMAIL = "sync-bot@example.com";
    /** The default API user's API token, for basic auth. */
    public static final String DEFAULT_API_TOKEN = "fake-api-token";
    /** A bearer token for the default API user. */
    public static final String DEFAULT_BEARER_TOKEN = "fake-bearer-token";
    /** How many requests {@link #requests()} keeps; older ones are dropped first. */
    public static final int MAX_RECORDED_REQUESTS = FakeHttpServer.MAX_RECORDED_REQUESTS;
    /** The project created by default. */
    public static final String DEFAULT_PROJECT = "SYNC";
    /**
     * The system property that picks the profile of every {@link #builder()}: {@code realistic} applies
     * {@link Builder#realistic()}; unset or {@code strict} keeps the strongly consistent default.
     */
    public static final String PROFILE_PROPERTY = "zen.fakejira.profile";
    /** The search lag of the realistic profile. */
    public static final Duration REALISTIC_SEARCH_LAG = Duration.ofSeconds(2);
    /** The requests per minute the rate-limit headers count down from. */
    public static final int RATE_LIMIT_PER_MINUTE = 100;

    private static final DateTimeFormatter RESET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm'Z'");
    private static final Reply UNSUPPORTED_MEDIA_TYPE = JiraReplies.error(ApiError.message(415,
            "Unsupported Media Type: send the JSON body with the header Content-Type: application/json."));
    private static final Reply XSRF_FAILED = Reply.text(403, "XSRF check failed");

    private final JiraState state;
    private final JiraApi api;
    private final FakeHttpServer server;
    private final URI baseUrl;
    private final RequestHooks hooks = new RequestHooks();
    private final ControlApi control = new ControlApi(this);
    private final Builder settings;
    private volatile boolean rateLimitHeaders;
    private final RateWindow rateWindow = new RateWindow();
    private final WebhookSender webhookSender = new WebhookSender(WebhookSender.Style.JIRA);
    private final JiraWebhooks webhooks;

    /** Counts the requests of the current clock minute, for the rate-limit headers. */
    private static final class RateWindow {
        private long minute = -1;
        private int used;

        synchronized int use(Instant now) {
            long m = now.getEpochSecond() / 60;
            if (m != minute) {
                minute = m;
                used = 0;
            }
            return ++used;
        }
    }

    private FakeJira(Builder b) throws IOException {
        this.settings = b;
        this.state = new JiraState(b.clock, b.workflow, b.customFields);
        this.state.searchLag = b.searchLag;
        this.rateLimitHeaders = b.rateLimitHeaders;
        this.server = FakeHttpServer.create("FakeJira", b.port, () -> state.clock, new Http());
        this.baseUrl = server.baseUrl();
        this.api = new JiraApi(state, baseUrl.toString());
        this.webhooks = new JiraWebhooks(webhookSender, baseUrl.toString());
        b.webhooks.forEach(w -> webhook(w.getKey(), w.getValue()));
        seedDefaults();
        server.start();
    }

    private void seedDefaults() {
        synchronized (state) {
            if (settings.defaults) {
                state.addUser(JiraUser.of(DEFAULT_ACCOUNT_ID, "Sync Bot").withEmail(DEFAULT_EMAIL)
                        .withTimeZone(settings.defaultZone));
                state.apiTokens.put(DEFAULT_EMAIL + "\0" + DEFAULT_API_TOKEN, DEFAULT_ACCOUNT_ID);
                state.bearerTokens.put(DEFAULT_BEARER_TOKEN, DEFAULT_ACCOUNT_ID);
                state.addProject(DEFAULT_PROJECT, "Sync Test", Set.of());
            }
        }
    }

    /** Starts a fake with the defaults: project SYNC, the default user, the standard workflow, the system clock. */
    public static FakeJira start() {
        return builder().start();
    }

    /** Configures a fake before starting it. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- connection details ------------------------------------------------------------------------------------

    /** The base URL, such as {@code http://127.0.0.1:54321}; REST paths go below it. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The port the fake listens on. */
    public int port() {
        return server.port();
    }

    /** The {@code Authorization} header value for the default user with basic auth. */
    public String basicAuthHeader() {
        return basicAuthHeader(DEFAULT_EMAIL, DEFAULT_API_TOKEN);
    }

    /** The {@code Authorization} header value for basic auth with an e-mail address and API token. */
    public static String basicAuthHeader(String email, String apiToken) {
        return "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
    }

    // ---- seeding -----------------------------------------------------------------------------------------------

    /** Adds (or replaces) a user. */
    public JiraUser addUser(JiraUser user) {
        synchronized (state) {
            state.addUser(Objects.requireNonNull(user, "user"));
        }
        return user;
    }

    /** Lets an existing user with an e-mail address authenticate with basic auth and this API token. */
    public void addApiToken(String accountId, String apiToken) {
        synchronized (state) {
            JiraUser u = requireUser(accountId);
            if (u.emailAddress() == null) {
                throw new IllegalArgumentException("user " + accountId + " has no e-mail address for basic auth; "
                        + "add it with JiraUser.withEmail");
            }
            state.apiTokens.put(u.emailAddress().toLowerCase(Locale.ROOT) + "\0" + apiToken, accountId);
        }
    }

    /** Lets an existing user authenticate with {@code Authorization: Bearer <token>}. */
    public void addBearerToken(String token, String accountId) {
        synchronized (state) {
            requireUser(accountId);
            state.bearerTokens.put(token, accountId);
        }
    }

    /** Revokes every API and bearer token (existing clients then get 401). */
    public void revokeTokens() {
        synchronized (state) {
            state.apiTokens.clear();
            state.bearerTokens.clear();
        }
    }

    private JiraUser requireUser(String accountId) {
        JiraUser u = state.user(accountId);
        if (u == null) throw new IllegalArgumentException("no user " + accountId + "; add it with addUser first");
        return u;
    }

    /** Adds a project (key like {@code SYNC}); fields listed in {@code requiredOnCreate} must be given on create. */
    public void addProject(String key, String name, String... requiredOnCreate) {
        synchronized (state) {
            state.addProject(key, name, Set.of(requiredOnCreate));
        }
    }

    /** Replaces the workflow. Existing issues must be in statuses the new workflow has. */
    public void workflow(Workflow workflow) {
        synchronized (state) {
            for (IssueRecord i : state.allIssues()) {
                if (workflow.status(i.statusId).isEmpty()) {
                    throw new IllegalArgumentException(i.key() + " is in status " + i.statusId
                            + ", which the new workflow lacks");
                }
            }
            state.workflow = workflow;
        }
    }

    /** The current workflow. */
    public Workflow workflow() {
        synchronized (state) {
            return state.workflow;
        }
    }

    /** Puts an issue straight into the state (no validation beyond references, no changelog, any status). */
    public IssueSnapshot seed(NewIssue issue) {
        synchronized (state) {
            return snapshot(state.seed(issue, settings.defaults ? DEFAULT_ACCOUNT_ID : null));
        }
    }

    // ---- inspection --------------------------------------------------------------------------------------------

    /** An issue by id or key (case-insensitive). */
    public Optional<IssueSnapshot> issue(String idOrKey) {
        synchronized (state) {
            return state.find(idOrKey).map(this::snapshot);
        }
    }

    /** Every issue, by id. */
    public List<IssueSnapshot> issues() {
        synchronized (state) {
            return state.allIssues().stream().map(this::snapshot).toList();
        }
    }

    /** The issues of one project, by id. */
    public List<IssueSnapshot> issues(String projectKey) {
        synchronized (state) {
            return state.allIssues().stream().filter(i -> i.projectKey.equals(projectKey)).map(this::snapshot).toList();
        }
    }

    /** The comments of an issue, oldest first. */
    public List<JiraComment> comments(String idOrKey) {
        synchronized (state) {
            IssueRecord issue = requireIssue(idOrKey);
            return issue.comments.stream().map(this::comment).toList();
        }
    }

    /** Simulates a user commenting on an issue ({@code text}: paragraphs separated by a blank line). */
    public JiraComment simulateComment(String idOrKey, String accountId, String text) {
        synchronized (state) {
            IssueRecord issue = requireIssue(idOrKey);
            requireUser(accountId);
            IssueRecord.CommentRecord c = new IssueRecord.CommentRecord(state.nextCommentId++, accountId,
                    Adf.fromText(text), state.clock.instant());
            issue.comments.add(c);
            issue.updated = c.created;
            return comment(c);
        }
    }

    /** Simulates a user editing a comment's text. */
    public JiraComment simulateCommentEdit(String idOrKey, String commentId, String text) {
        synchronized (state) {
            IssueRecord.CommentRecord c = requireComment(requireIssue(idOrKey), commentId);
            c.body = Adf.fromText(text);
            c.updated = state.clock.instant();
            return comment(c);
        }
    }

    /** Simulates a user deleting a comment; false if it did not exist. */
    public boolean simulateCommentDelete(String idOrKey, String commentId) {
        synchronized (state) {
            return requireIssue(idOrKey).comments.removeIf(c -> String.valueOf(c.id).equals(commentId));
        }
    }

    private IssueRecord requireIssue(String idOrKey) {
        return state.find(idOrKey).orElseThrow(() -> new IllegalArgumentException("no issue " + idOrKey));
    }

    private static IssueRecord.CommentRecord requireComment(IssueRecord issue, String commentId) {
        return issue.comments.stream().filter(c -> String.valueOf(c.id).equals(commentId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("issue " + issue.key() + " has no comment " + commentId));
    }

    private JiraComment comment(IssueRecord.CommentRecord c) {
        JiraUser author = state.user(c.authorId);
        Map<String, String> props = new LinkedHashMap<>();
        c.properties.forEach((k, v) -> props.put(k, v.toString()));
        return new JiraComment(String.valueOf(c.id), c.authorId, author == null ? null : author.displayName(),
                Adf.toText(c.body), c.created, c.updated, props);
    }

    /** The requests received so far (the last {@value #MAX_RECORDED_REQUESTS}), oldest first, including faulted ones. */
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

    // ---- simulation --------------------------------------------------------------------------------------------

    /**
     * Simulates another user editing an issue in Jira's UI: the fields change, {@code updated} moves to the clock's
     * now and a changelog entry by {@code accountId} is added. Values are simple: {@code summary} a string,
     * {@code description} text in the Jira plugin's text form (stored as the ADF the plugin would write; a blank
     * line separates paragraphs) or null, {@code labels} a collection of strings, {@code priority} a name,
     * {@code assignee} an account id or null, {@code duedate} {@code yyyy-MM-dd}; a defined {@code customfield_N}
     * takes a value of its type: a number, a string, an option's value (or a collection of them), an account id,
     * {@code yyyy-MM-dd} or an ISO-8601 date-time.
     *
     * @throws IllegalArgumentException when the issue or user is unknown or a value is invalid
     */
    public IssueSnapshot simulateEdit(String idOrKey, String accountId, Map<String, ?> fields) {
        ObjectNode edit = JiraJson.MAPPER.createObjectNode();
        fields.forEach((name, value) -> edit.set(name, editValue(name, value)));
        synchronized (state) {
            IssueRecord issue = state.find(idOrKey).orElseThrow(() ->
                    new IllegalArgumentException("no issue " + idOrKey));
            state.editAs(issue, requireUser(accountId), edit);
            webhooks.send(state, "jira:issue_updated", issue, accountId);
            return snapshot(issue);
        }
    }

    private JsonNode editValue(String name, Object value) {
        if (value == null) return JiraJson.MAPPER.nullNode();
        FieldType custom = state.customFields.get(name).map(CustomFields.Field::type).orElse(null);
        if (custom == FieldType.OPTION || custom == FieldType.USER) {
            return JiraJson.MAPPER.createObjectNode().put(custom == FieldType.USER ? "accountId" : "value",
                    value.toString());
        }
        if (custom == FieldType.OPTION_ARRAY && value instanceof Collection<?> values) {
            ArrayNode a = JiraJson.MAPPER.createArrayNode();
            values.forEach(v -> a.addObject().put("value", String.valueOf(v)));
            return a;
        }
        return switch (name) {
            case "description" -> Adf.fromText(value.toString());
            case "priority" -> JiraJson.MAPPER.createObjectNode().put("name", value.toString());
            case "assignee", "reporter" -> JiraJson.MAPPER.createObjectNode().put("accountId", value.toString());
            case "labels" -> {
                ArrayNode a = JiraJson.MAPPER.createArrayNode();
                ((Collection<?>) value).forEach(l -> a.add(String.valueOf(l)));
                yield a;
            }
            default -> JiraJson.MAPPER.valueToTree(value);
        };
    }

    /**
     * Simulates another user moving an issue to a status (by name or id), whatever the workflow offers: status,
     * resolution, {@code updated} and the changelog change as with a transition.
     */
    public IssueSnapshot simulateStatusChange(String idOrKey, String accountId, String status) {
        synchronized (state) {
            IssueRecord issue = state.find(idOrKey).orElseThrow(() ->
                    new IllegalArgumentException("no issue " + idOrKey));
            JiraUser user = requireUser(accountId);
            Workflow.Status target = state.workflow.status(status).orElseThrow(() ->
                    new IllegalArgumentException("no status " + status + " in " + state.workflow.statuses()));
            state.moveTo(issue, target, user);
            webhooks.send(state, "jira:issue_updated", issue, accountId);
            return snapshot(issue);
        }
    }

    /**
     * Simulates another user moving an issue to another project (Jira's "Move"): it keeps its id, gets a key in
     * {@code projectKey} (created if missing), {@code updated} moves to now, and its old key still reads it (Jira
     * redirects old keys), while searches of its old project no longer list it.
     *
     * @return the issue after the move
     * @throws IllegalArgumentException when the issue or user is unknown
     */
    public IssueSnapshot simulateMove(String idOrKey, String accountId, String projectKey) {
        synchronized (state) {
            IssueRecord issue = state.find(idOrKey).orElseThrow(() ->
                    new IllegalArgumentException("no issue " + idOrKey));
            JiraUser user = requireUser(accountId);
            JiraState.Project target = state.addProject(projectKey, projectKey, Set.of());
            return snapshot(state.moveToProject(issue, target, user));
        }
    }

    /** Simulates another user deleting an issue: reads of it answer 404 and searches no longer list it. */
    public void simulateDelete(String idOrKey) {
        synchronized (state) {
            IssueRecord issue = state.find(idOrKey).orElseThrow(() ->
                    new IllegalArgumentException("no issue " + idOrKey));
            state.issues.remove(issue.id);
        }
    }

    /**
     * Makes search eventually consistent, as Jira Cloud's is: an issue written (created, edited, transitioned) less
     * than {@code lag} ago by the fake's clock is missing from {@code /search/jql} and {@code approximate-count}
     * results unless its id is in the request's {@code reconcileIssues}; seeded issues are indexed at once.
     * {@code Duration.ZERO} (the default) makes search strongly consistent again. Issue GETs always see the latest
     * state. Also on the control API: {@code POST /_fake/settings {"search_lag_ms": 2000}}.
     */
    public void searchLag(Duration lag) {
        if (lag.isNegative()) throw new IllegalArgumentException("lag must not be negative: " + lag);
        synchronized (state) {
            state.searchLag = lag;
        }
    }

    /** The current search lag ({@code Duration.ZERO}: strongly consistent). */
    public Duration searchLag() {
        synchronized (state) {
            return state.searchLag;
        }
    }

    /**
     * Adds Jira Cloud's rate-limit headers to every REST answer: {@code X-RateLimit-Limit} ({@value
     * #RATE_LIMIT_PER_MINUTE} a minute), {@code X-RateLimit-Remaining} (counting down within the clock's minute),
     * {@code X-RateLimit-Reset} and {@code X-RateLimit-NearLimit} when under a fifth is left. The fake does not refuse
     * requests over the limit: inject {@link Fault#rateLimited} for that.
     */
    public void rateLimitHeaders(boolean on) {
        this.rateLimitHeaders = on;
    }

    /** Whether answers carry rate-limit headers. */
    public boolean rateLimitHeadersOn() {
        return rateLimitHeaders;
    }

    // ---- faults ------------------------------------------------------------------------------------------------

    /** Adds a scripted fault rule; rules are checked in the order added, the first that fires wins. */
    public void inject(FaultRule rule) {
        server.inject(rule);
    }

    /**
     * Injects a fault into each request with the given probability, chosen from {@code choices} by a random
     * generator seeded with {@code seed}: the same requests in the same order get the same faults. Scripted rules
     * take precedence.
     */
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
     * PUT. A request a fault fails does not count; the action runs on the request's thread.
     */
    public void beforeNext(String method, String pathRegex, Runnable action) {
        hooks.add(method, pathRegex, action);
    }

    /** Removes all issues, recorded requests and faults; users, tokens, projects and the workflow stay. */
    public void reset() {
        synchronized (state) {
            state.issues.clear();
            state.counters.replaceAll((k, v) -> 0);
        }
        clearRequests();
        clearFaults();
    }

    // ---- webhooks ----------------------------------------------------------------------------------------------

    /**
     * Registers a webhook, as a Jira admin does (Settings, System, WebHooks): every later issue create, edit,
     * transition, delete and comment (through the REST API or a simulation) is POSTed to {@code url} with Jira's
     * headers ({@code X-Atlassian-Webhook-Identifier}, {@code X-Atlassian-Webhook-Retry}) and, when {@code secret} is
     * not null, {@code X-Hub-Signature: sha256=<hex>}. At-least-once: failed deliveries are retried (same id) up to
     * 5 attempts. Also on the control API: {@code POST /_fake/webhooks {"url": "...", "secret": "..."}}.
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

    /** Applies one of {@code choices} to each delivery with {@code probability}, seeded. */
    public void injectRandomWebhookFaults(long seed, double probability, DeliveryFault... choices) {
        webhookSender.injectRandomFaults(seed, probability, choices);
    }

    /** Removes every webhook, delivery fault and recorded delivery (also {@code DELETE /_fake/webhooks}). */
    public void clearWebhooks() {
        webhookSender.clearSubscriptions();
        webhookSender.clearFaults();
        webhookSender.clearSent();
    }

    /** How long the first retry of a failed delivery waits (then doubling). Default: 200 ms. */
    public void webhookRetryBackoff(Duration backoff) {
        webhookSender.retryBackoff(backoff);
    }

    /**
     * Waits until every delivery made so far (and its retries) has been attempted.
     *
     * @return false if {@code timeout} passed first
     */
    public boolean awaitWebhooks(Duration timeout) throws InterruptedException {
        return webhookSender.awaitIdle(timeout);
    }

    /** Stops the server at once; hanging requests are cut off, webhooks not yet sent are dropped. */
    @Override
    public void close() {
        webhookSender.close();
        server.close();
    }

    // ---- HTTP --------------------------------------------------------------------------------------------------

    /** The Jira side of the shared HTTP plumbing. */
    private final class Http implements FakeHttpServer.Handler {
        @Override
        public String principal(FakeHttpServer.Request request) {
            synchronized (state) {
                JiraUser user = authenticate(request.header("Authorization"));
                return user == null ? null : user.accountId();
            }
        }

        @Override
        public Reply handle(FakeHttpServer.Request request, String principal) {
            Runnable hook = hooks.take(request.method(), request.path()); // a fault-failed request never gets here
            if (hook != null) hook.run();
            Reply reply;
            String contentType = request.header("Content-Type");
            if (principal == null) {
                reply = authFailure(request.header("Authorization"));
            } else if (request.body().length > 0 && !isJson(contentType)) {
                reply = isFormLike(contentType) && !"no-check".equalsIgnoreCase(request.header("X-Atlassian-Token"))
                        ? XSRF_FAILED : UNSUPPORTED_MEDIA_TYPE;
            } else {
                synchronized (state) {
                    JiraApi.Request r = new JiraApi.Request(request.method(), request.path(), request.query(),
                            request.body(), state.user(principal));
                    IssueRecord before = webhooks.target(state, request.path());
                    reply = api.handle(r);
                    webhooks.after(state, request.method(), request.path(), reply, before, principal);
                }
            }
            return rateLimitHeaders ? withRateLimitHeaders(reply) : reply;
        }

        @Override
        public Reply faultReply(Fault fault) {
            return FakeJira.this.faultReply(fault);
        }

        @Override
        public Reply control(FakeHttpServer.Request request) {
            return FakeJira.this.control.handle(request.method(), request.path(), request.body());
        }
    }

    private Reply withRateLimitHeaders(Reply reply) {
        Instant now = state.clock.instant();
        int remaining = Math.max(0, RATE_LIMIT_PER_MINUTE - rateWindow.use(now));
        Instant reset = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Reply r = reply.withHeader("X-RateLimit-Limit", String.valueOf(RATE_LIMIT_PER_MINUTE))
                .withHeader("X-RateLimit-Remaining", String.valueOf(remaining))
                .withHeader("X-RateLimit-Reset", RESET.format(reset.atOffset(ZoneOffset.UTC)));
        return remaining < RATE_LIMIT_PER_MINUTE / 5 ? r.withHeader("X-RateLimit-NearLimit", "true") : r;
    }

    /** Jira reads request bodies only as {@code application/json} (any charset); anything else is a 415. */
    /** The content types a browser form can send: Jira's XSRF check refuses them (403) without a no-check token. */
    private static boolean isFormLike(String contentType) {
        if (contentType == null) return false;
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain").contains(media);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) return false;
        String media = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }

    private JiraUser authenticate(String header) {
        if (header == null) return null;
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) return null;
            String email = decoded.substring(0, colon).toLowerCase(Locale.ROOT);
            String accountId = state.apiTokens.get(email + "\0" + decoded.substring(colon + 1));
            return activeUser(accountId);
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return activeUser(state.bearerTokens.get(header.substring(7).trim()));
        }
        return null;
    }

    private JiraUser activeUser(String accountId) {
        JiraUser u = accountId == null ? null : state.user(accountId);
        return u != null && u.active() ? u : null;
    }

    private static Reply authFailure(String header) {
        if (header == null) {
            return JiraReplies.error(ApiError.message(401,
                    "You are not authenticated. Authentication required to perform this operation."));
        }
        // like Jira, a rejected credential gets a plain-text body: clients must not assume JSON
        return Reply.text(401, "Client must be authenticated to access this resource.");
    }

    private Reply faultReply(Fault fault) {
        return switch (fault.status()) {
            case 429 -> {
                if (fault.duration() == null) {   // Fault.status(429, message): a bare 429 without Retry-After
                    yield JiraReplies.error(ApiError.message(429, fault.reason()));
                }
                long seconds = (fault.duration().toMillis() + 999) / 1000;
                Instant reset = state.clock.instant().plusSeconds(Math.max(seconds, 1)).plus(59, ChronoUnit.SECONDS)
                        .truncatedTo(ChronoUnit.MINUTES);
                yield JiraReplies.error(ApiError.message(429, "Rate limit exceeded."))
                        .withHeader("Retry-After", String.valueOf(seconds))
                        .withHeader("X-RateLimit-Limit", "100")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", RESET.format(reset.atOffset(ZoneOffset.UTC)))
                        .withHeader("RateLimit-Reason", fault.reason());
            }
            case 503 -> {
                Reply r = JiraReplies.error(ApiError.message(503, "Service Unavailable"));
                yield fault.duration() == null ? r
                        : r.withHeader("Retry-After", String.valueOf((fault.duration().toMillis() + 999) / 1000));
            }
            case 409 -> JiraReplies.error(ApiError.message(409,
                    "The issue could not be updated due to a conflicting update. Please try again."));
            default -> JiraReplies.error(ApiError.message(fault.status(),
                    fault.reason() != null ? fault.reason() : "Internal server error"));
        };
    }

    private IssueSnapshot snapshot(IssueRecord i) {
        Workflow.Status status = state.status(i);
        List<IssueSnapshot.Change> changes = new ArrayList<>();
        for (IssueRecord.History h : i.histories) {
            for (IssueRecord.ChangeItem c : h.items()) {
                changes.add(new IssueSnapshot.Change(String.valueOf(h.id()), h.authorId(), h.created(), c.fieldId(),
                        c.fromText(), c.toText()));
            }
        }
        List<JsonNode> links = i.remoteLinks.stream().map(l -> (JsonNode) api.json().remoteLink(i, l)).toList();
        Map<String, JsonNode> props = new LinkedHashMap<>();
        i.properties.forEach((k, v) -> props.put(k, v.deepCopy()));
        return new IssueSnapshot(String.valueOf(i.id), i.key(), i.projectKey,
                JiraState.issueType(i.issueTypeId, null).map(JiraState.IssueType::name).orElse(null), i.summary,
                Adf.toText(i.description), i.description == null ? null : i.description.deepCopy(), status.name(),
                status.category(), JiraState.priority(i.priorityId).map(JiraState.Priority::name).orElse(null),
                i.assigneeId, i.reporterId, i.labels, i.resolution == null ? null : "Done", i.created, i.updated, props,
                links, changes);
    }

    /** Configures a {@link FakeJira}. Not thread-safe. */
    public static final class Builder {
        private int port;
        private Clock clock = Clock.systemUTC();
        private Workflow workflow = Workflow.standard();
        private boolean defaults = true;
        private ZoneId defaultZone = ZoneId.of("UTC");
        private final CustomFields customFields = CustomFields.defaults();
        private Duration searchLag = Duration.ZERO;
        private boolean rateLimitHeaders;
        private final List<Map.Entry<URI, String>> webhooks = new ArrayList<>();

        private Builder() {
            String profile = System.getProperty(PROFILE_PROPERTY, "strict");
            switch (profile) {
                case "realistic" -> realistic();
                case "strict", "" -> { }
                default -> throw new IllegalArgumentException(PROFILE_PROPERTY + " is realistic or strict, not '"
                        + profile + "'");
            }
        }

        /**
         * Jira Cloud as it behaves under load: search is eventually consistent ({@link #REALISTIC_SEARCH_LAG} by the
         * fake's clock, see {@link FakeJira#searchLag(Duration)}) and every answer carries rate-limit headers (see
         * {@link FakeJira#rateLimitHeaders(boolean)}). Code that expects to find what it just wrote through search
         * fails here, as it would in production. Also chosen by {@code -D}{@value #PROFILE_PROPERTY}{@code =realistic}.
         */
        public Builder realistic() {
            this.searchLag = REALISTIC_SEARCH_LAG;
            this.rateLimitHeaders = true;
            return this;
        }

        /** Starts with this search lag (default zero: strongly consistent); see {@link FakeJira#searchLag(Duration)}. */
        public Builder searchLag(Duration lag) {
            if (lag.isNegative()) throw new IllegalArgumentException("lag must not be negative: " + lag);
            this.searchLag = lag;
            return this;
        }

        /** Starts with or without rate-limit headers; see {@link FakeJira#rateLimitHeaders(boolean)}. */
        public Builder rateLimitHeaders(boolean on) {
            this.rateLimitHeaders = on;
            return this;
        }

        /**
         * Defines a custom field (or redefines a default one) with the schema Jira validates its values against;
         * every project has it on its screens. {@code options} are the values of a select list ({@link
         * FieldType#OPTION}, {@link FieldType#OPTION_ARRAY}) and must be empty for other types. Without it, writing
         * a field the fake does not define is a 400, as on Jira. The defaults: {@code customfield_10015} Start date
         * (DATE), {@code customfield_10016} Story Points (NUMBER), {@code customfield_10030} Team (OPTION: Platform,
         * Mobile, Web), {@code customfield_10031} Tags (STRING_ARRAY), {@code customfield_10032} Reviewer (USER),
         * {@code customfield_10033} Environment (STRING), {@code customfield_10034} Platforms (OPTION_ARRAY: iOS,
         * Android, Web), {@code customfield_10035} Deployed at (DATETIME).
         *
         * <pre>{@code FakeJira.builder().customField("customfield_10016", FieldType.NUMBER, "Story Points")}</pre>
         */
        public Builder customField(String id, FieldType type, String name, String... options) {
            customFields.define(id, Objects.requireNonNull(type, "type"), name, List.of(options));
            return this;
        }

        /** Starts without the default custom fields; only those defined with {@link #customField} exist. */
        public Builder withoutDefaultCustomFields() {
            customFields.clear();
            return this;
        }

        /** Listens on this port instead of an ephemeral one. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) throw new IllegalArgumentException("not a port: " + value);
            this.port = value;
            return this;
        }

        /** Uses this clock for {@code created}, {@code updated}, changelog entries and relative JQL dates. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Uses this workflow instead of {@link Workflow#standard()}. */
        public Builder workflow(Workflow value) {
            this.workflow = Objects.requireNonNull(value, "workflow");
            return this;
        }

        /** Sets the default user's profile time zone (default UTC); timestamps it reads carry this offset. */
        public Builder defaultUserTimeZone(ZoneId zone) {
            this.defaultZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Starts without the default user, tokens and project. */
        public Builder empty() {
            this.defaults = false;
            return this;
        }

        /** Registers a webhook from the start; see {@link FakeJira#webhook(URI, String)}. */
        public Builder webhook(URI url, String secret) {
            webhooks.add(new AbstractMap.SimpleImmutableEntry<>(Objects.requireNonNull(url, "url"), secret));
            return this;
        }

        /** Starts the fake. */
        public FakeJira start() {
            try {
                return new FakeJira(this);
            } catch (IOException e) {
                throw new UncheckedIOException("FakeJira could not listen on port " + port, e);
            }
        }
    }
}
