package dev.zen.examples.downstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback fake of the slice of GitHub's REST API the example plugin reads ({@code GET /repos/{o}/{r}/issues/{n}}),
 * as a plugin author for a tracker without a testkit fake writes one. Issues are stored as their JSON documents.
 */
final class FakeGitHub implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> issues = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Instant rateLimitedUntil;

    private FakeGitHub(HttpServer server) {
        this.server = server;
    }

    static FakeGitHub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeGitHub fake = new FakeGitHub(server);
            server.createContext("/repos/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake GitHub on a loopback port", e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds an issue; {@code json} is the issue document GitHub would return. */
    void issue(String repository, int number, String json) {
        issues.put("/repos/" + repository + "/issues/" + number, json);
    }

    /** Answers every request with GitHub's primary rate-limit 403 until {@code reset}. */
    void rateLimitUntil(Instant reset) {
        rateLimitedUntil = reset;
    }

    /** The Authorization headers received, in order. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        Instant limited = rateLimitedUntil;
        if (auth == null) {
            reply(ex, 401, "{\"message\":\"Requires authentication\"}");
        } else if (limited != null) {
            ex.getResponseHeaders().add("x-ratelimit-limit", "5000");
            ex.getResponseHeaders().add("x-ratelimit-remaining", "0");
            ex.getResponseHeaders().add("x-ratelimit-reset", String.valueOf(limited.getEpochSecond()));
            reply(ex, 403, "{\"message\":\"API rate limit exceeded\"}");
        } else if (!ex.getRequestMethod().equals("GET") || !issues.containsKey(ex.getRequestURI().getPath())) {
            reply(ex, 404, "{\"message\":\"Not Found\"}");
        } else {
            reply(ex, 200, issues.get(ex.getRequestURI().getPath()));
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
