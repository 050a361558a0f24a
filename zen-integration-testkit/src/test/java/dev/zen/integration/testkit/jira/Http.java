package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain java.net.http client for the tests, authenticated as the default user unless told otherwise. */
final class Http {
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
    private final String auth;
    private final Duration timeout;

    Http(FakeJira jira) {
        this(jira.baseUrl(), jira.basicAuthHeader(), Duration.ofSeconds(10));
    }

    Http(URI base, String auth, Duration timeout) {
        this.base = base;
        this.auth = auth;
        this.timeout = timeout;
    }

    Http as(String authorization) {
        return new Http(base, authorization, timeout);
    }

    Http timeout(Duration t) {
        return new Http(base, auth, t);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response put(String path, String json) {
        return send("PUT", path, json);
    }

    Response send(String method, String path, String json) {
        try {
            return sendOrThrow(method, path, json);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    Response sendOrThrow(String method, String path, String json) throws IOException {
        return sendOrThrow(method, path, json, json == null ? null : "application/json");
    }

    /** Sends a body with this Content-Type (none when null), as a careless client might. */
    Response sendAs(String method, String path, String body, String contentType) {
        try {
            return sendOrThrow(method, path, body, contentType);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    private Response sendOrThrow(String method, String path, String json, String contentType) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (auth != null) b.header("Authorization", auth);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // every answer of the REST API is checked against Atlassian's OpenAPI spec, not a hand-picked few
            OpenApiValidator.get().check(method, r.uri().getPath(), r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null), r.body());
            return new Response(r.statusCode(), r.body(), r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String adf(String text) {
        return "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"" + text + "\"}]}]}";
    }
}
