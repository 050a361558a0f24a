package dev.zen.integration.testkit.github;

import dev.zen.integration.testkit.fake.FakeHttpServer;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.Reply;
import dev.zen.integration.testkit.fake.RequestHooks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

/**
 * The GitHub side of the shared HTTP plumbing: authentication ({@code Bearer} or {@code token}, expiring App
 * tokens), the API version and User-Agent checks, the primary rate limits with their headers on every
 * authenticated response, ETags and 304s (which cost nothing), and GitHub-shaped fault responses.
 */
final class GitHubHttp implements FakeHttpServer.Handler {
    static final Set<String> API_VERSIONS = Set.of("2022-11-28", "2026-03-10");

    private final GitHubState state;
    private final GitHubControlApi control;
    private final RequestHooks hooks;
    private volatile GitHubApi api;
    private volatile GitHubWebhooks webhooks;

    GitHubHttp(GitHubState state, GitHubControlApi control, RequestHooks hooks) {
        this.state = state;
        this.control = control;
        this.hooks = hooks;
    }

    /** Called once, before the server starts. */
    void attach(GitHubApi value) {
        this.api = value;
    }

    /** Called once, before the server starts: where successful writes are reported as webhooks. */
    void attach(GitHubWebhooks value) {
        this.webhooks = value;
    }

    @Override
    public String principal(FakeHttpServer.Request request) {
        String header = request.header("Authorization");
        if (header == null) return null;
        String token;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) token = header.substring(7).trim();
        else if (header.regionMatches(true, 0, "token ", 0, 6)) token = header.substring(6).trim();
        else return null;
        synchronized (state) {
            GitHubState.Token t = state.tokens.get(token);
            if (t == null || t.expires() != null && !state.clock.instant().isBefore(t.expires())) return null;
            return t.login();
        }
    }

    @Override
    public Reply handle(FakeHttpServer.Request request, String login) {
        Runnable hook = hooks.take(request.method(), request.path()); // a fault-failed request never gets here
        if (hook != null) hook.run();
        String version = request.header("X-GitHub-Api-Version");
        if (version != null && !API_VERSIONS.contains(version)) {
            return GitHubError.badRequest("Invalid API version provided: " + version).reply;
        }
        if (request.header("User-Agent") == null || request.header("User-Agent").isBlank()) {
            return GitHubError.of(403, GitHubJson.error("Request forbidden by administrative rules. Please make "
                    + "sure your request has a User-Agent header", "/rest/overview/resources-in-the-rest-api"))
                    .reply;
        }
        if (login == null) {
            String message = request.header("Authorization") == null ? "Requires authentication" : "Bad credentials";
            return GitHubError.of(401, GitHubJson.error(message, "/rest")).reply;
        }
        synchronized (state) {
            return authenticated(request, login);
        }
    }

    private Reply authenticated(FakeHttpServer.Request request, String login) {
        Instant now = state.clock.instant();
        if (request.method().equals("GET") && request.path().equals("/rate_limit")) {
            return withLimits(api.rateLimit(login), state.limits.take(login, "core", state.coreLimit, now, true));
        }
        boolean search = request.path().startsWith("/search/");
        String resource = search ? "search" : "core";
        int limit = search ? GitHubLimits.SEARCH_LIMIT : state.coreLimit;
        GitHubLimits.Budget peek = state.limits.take(login, resource, limit, now, true);
        if (peek.remaining() == 0) {
            long id = state.user(login).id();
            Reply refused = GitHubError.of(403, GitHubJson.error("API rate limit exceeded for user ID " + id
                    + ". If you reach out to GitHub Support for help, please include the request ID.",
                    "/rest/overview/rate-limits-for-the-rest-api")).reply;
            return withLimits(refused, peek);
        }
        String stateBefore = webhooks.stateBefore(state, request.path());
        Reply reply = api.handle(new ApiRequest(request.method(), request.path(), request.query(), request.body(),
                login));
        webhooks.after(state, request.method(), request.path(), reply, stateBefore, login);
        if (request.method().equals("GET") && reply.status() == 200) {
            String etag = etag(reply.body());
            reply = reply.withHeader("ETag", etag).withHeader("Cache-Control", "private, max-age=60, s-maxage=60");
            if (matches(request.header("If-None-Match"), etag)) {
                Reply notModified = Reply.empty(304).withHeader("ETag", etag);
                return withLimits(notModified, state.limits.take(login, resource, limit, now, true));
            }
        }
        return withLimits(reply, state.limits.take(login, resource, limit, now, false));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        String bare = etag.replace("W/", "");
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.replace("W/", "").equals(bare)) return true;
        }
        return false;
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Reply withLimits(Reply reply, GitHubLimits.Budget b) {
        return reply.withHeader("x-ratelimit-limit", String.valueOf(b.limit()))
                .withHeader("x-ratelimit-remaining", String.valueOf(b.remaining()))
                .withHeader("x-ratelimit-used", String.valueOf(b.used()))
                .withHeader("x-ratelimit-reset", String.valueOf(b.reset().getEpochSecond()))
                .withHeader("x-ratelimit-resource", b.resource());
    }

    @Override
    public Reply faultReply(Fault fault) {
        Instant now = state.clock.instant();
        long retry = fault.duration() == null ? 0 : (fault.duration().toMillis() + 999) / 1000;
        if ("secondary".equals(fault.reason())) {
            return GitHubError.of(fault.status(), GitHubJson.error("You have exceeded a secondary rate limit. Please "
                    + "wait a few minutes before you try again.", "/rest/overview/rate-limits-for-the-rest-api"))
                    .reply.withHeader("retry-after", String.valueOf(retry));
        }
        return switch (fault.status()) {
            case 429 -> {
                Reply r = GitHubError.of(429, GitHubJson.error(fault.duration() == null ? fault.reason()
                        : "API rate limit exceeded.", "/rest/overview/rate-limits-for-the-rest-api")).reply;
                Instant reset = now.plus(Duration.ofSeconds(Math.max(retry, 1)));
                yield r.withHeader("x-ratelimit-limit", String.valueOf(state.coreLimit))
                        .withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-used", String.valueOf(state.coreLimit))
                        .withHeader("x-ratelimit-reset", String.valueOf(reset.getEpochSecond()))
                        .withHeader("x-ratelimit-resource", "core");
            }
            case 503 -> {
                Reply r = GitHubError.of(503, GitHubJson.error("Service Unavailable", "/rest")).reply;
                yield fault.duration() == null ? r : r.withHeader("retry-after", String.valueOf(retry));
            }
            default -> GitHubError.of(fault.status(), GitHubJson.error(fault.reason() != null ? fault.reason()
                    : "Server Error", "/rest")).reply;
        };
    }

    @Override
    public Reply control(FakeHttpServer.Request request) {
        return control.handle(request.method(), request.path(), request.body());
    }
}
