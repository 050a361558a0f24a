package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.testkit.fake.FaultJson;
import dev.zen.integration.testkit.fake.Reply;
import dev.zen.integration.testkit.internal.Jackson;

import java.io.IOException;
import java.time.Duration;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control API under {@code /_fake/}, the same design as FakeJira's (snake_case JSON, the shared
 * {@code /_fake/faults} format of {@link FaultJson}): seeding, inspection, simulated edits, transfers, deletions,
 * faults and settings.
 */
final class GitHubControlApi {
    static final String ENDPOINTS = "GET /_fake/issues, GET /_fake/requests, POST /_fake/reset, POST /_fake/issues, "
            + "POST /_fake/users, POST /_fake/edits, POST /_fake/transfers, POST /_fake/deletions, "
            + "POST /_fake/faults, DELETE /_fake/faults, GET /_fake/settings, POST /_fake/settings, "
            + "POST /_fake/webhooks, GET /_fake/webhooks, DELETE /_fake/webhooks";
    private static final ObjectMapper JSON = Jackson.CONTROL_API;

    private final FakeGitHub github;

    GitHubControlApi(FakeGitHub github) {
        this.github = github;
    }

    /** Registers a webhook ({@code {"url", "secret"}}), lists the deliveries, or removes every webhook. */
    private Reply webhooks(String route, byte[] body) {
        if (route.startsWith("POST ")) {
            JsonNode b = json(body);
            github.webhook(URI.create(text(b, "url")), b.hasNonNull("secret") ? b.get("secret").asText() : null);
            return Reply.empty(201);
        }
        if (route.startsWith("DELETE ")) {
            github.clearWebhooks();
            return Reply.empty(204);
        }
        return Reply.json(200, JSON.valueToTree(github.webhookDeliveries()));
    }

    Reply handle(String method, String path, byte[] body) {
        try {
            return route(method + " " + path, body);
        } catch (IllegalArgumentException e) {
            return Reply.json(400, GitHubJson.error(e.getMessage(), "/testkit"));
        }
    }

    private Reply route(String route, byte[] body) {
        if (route.endsWith(" /_fake/webhooks")) return webhooks(route, body);
        switch (route) {
            case "GET /_fake/issues": return Reply.json(200, JSON.valueToTree(github.issues()));
            case "GET /_fake/requests": return Reply.json(200, JSON.valueToTree(github.requests()));
            case "POST /_fake/reset":
                github.reset();
                return Reply.empty(204);
            case "POST /_fake/issues": return Reply.json(201, JSON.valueToTree(seed(json(body))));
            case "POST /_fake/users": {
                JsonNode b = json(body);
                github.addUser(text(b, "login"), b.path("name").asText(text(b, "login")),
                        b.path("collaborator").asBoolean(true));
                if (b.hasNonNull("token")) github.addToken(b.get("token").asText(), text(b, "login"));
                return Reply.empty(201);
            }
            case "POST /_fake/edits": {
                JsonNode b = json(body);
                Map<String, Object> fields = JSON.convertValue(b.path("fields"), JSON.getTypeFactory()
                        .constructMapType(LinkedHashMap.class, String.class, Object.class));
                return Reply.json(200, JSON.valueToTree(github.simulateEdit(b.path("number").asInt(),
                        text(b, "login"), fields == null ? Map.of() : fields)));
            }
            case "POST /_fake/transfers": {
                JsonNode b = json(body);
                return Reply.json(200, JSON.valueToTree(github.transfer(b.path("number").asInt(), text(b, "to"))));
            }
            case "POST /_fake/deletions":
                github.delete(json(body).path("number").asInt());
                return Reply.empty(204);
            case "POST /_fake/faults":
                github.inject(FaultJson.rule(json(body), "primary"));
                return Reply.empty(201);
            case "DELETE /_fake/faults":
                github.clearFaults();
                return Reply.empty(204);
            case "GET /_fake/settings": return Reply.json(200, settings());
            case "POST /_fake/settings":
                applySettings(json(body));
                return Reply.json(200, settings());
            default:
                return Reply.json(404, GitHubJson.error("Unknown control endpoint " + route + "; there are "
                        + ENDPOINTS, "/testkit"));
        }
    }

    private GitHubIssue seed(JsonNode b) {
        List<String> labels = new ArrayList<>();
        b.path("labels").forEach(l -> labels.add(l.asText()));
        String repository = b.path("repository").asText(FakeGitHub.DEFAULT_REPOSITORY);
        return github.seed(repository, text(b, "title"), b.hasNonNull("body") ? b.get("body").asText() : null,
                b.path("pull_request").asBoolean(false), labels);
    }

    private JsonNode settings() {
        return JSON.createObjectNode().put("search_lag_ms", github.searchLag().toMillis());
    }

    /** {"profile": "realistic"|"strict"}, then {"search_lag_ms": N} if given. */
    private void applySettings(JsonNode b) {
        if (b.hasNonNull("profile")) {
            switch (b.get("profile").asText()) {
                case "realistic" -> github.searchLag(FakeGitHub.REALISTIC_SEARCH_LAG);
                case "strict" -> github.searchLag(Duration.ZERO);
                default -> throw new IllegalArgumentException("'profile' is realistic or strict, not '"
                        + b.get("profile").asText() + "'");
            }
        }
        if (b.has("search_lag_ms")) {
            if (!b.get("search_lag_ms").canConvertToLong() || b.get("search_lag_ms").asLong() < 0) {
                throw new IllegalArgumentException("'search_lag_ms' is a non-negative number of milliseconds");
            }
            github.searchLag(Duration.ofMillis(b.get("search_lag_ms").asLong()));
        }
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode n = body.length == 0 ? null : JSON.readTree(body);
            if (n == null || !n.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException("'" + field + "' is required");
        return v.asText();
    }
}
