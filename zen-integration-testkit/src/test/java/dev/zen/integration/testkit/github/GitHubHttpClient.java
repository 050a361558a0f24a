package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain java.net.http client for the tests; every REST response is validated against GitHub's description. */
final class GitHubHttpClient {
    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Map<String, String> headers;

    GitHubHttpClient(FakeGitHub github) {
        this(github.baseUrl(), Map.of("Authorization", "Bearer " + github.token(), "User-Agent", "zen-tests",
                "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"));
    }

    private GitHubHttpClient(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** The same client with a header set, or removed when {@code value} is null. */
    GitHubHttpClient with(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (value == null) h.remove(name);
        else h.put(name, value);
        return new GitHubHttpClient(base, h);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Response put(String path, String json) {
        return send("PUT", path, json);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        if (json != null) b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            GitHubOpenApiValidator.get().check(method, r.uri().getPath(), r.statusCode(), r.body());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
