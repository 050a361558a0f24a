package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.testkit.fake.FaultJson;
import dev.zen.integration.testkit.fake.Reply;
import dev.zen.integration.testkit.internal.Jackson;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The control API over HTTP under {@code /_fake/}, for a fake running standalone: the same seeding, inspection,
 * simulation and fault injection as the Java methods of {@link FakeJira}, in snake_case JSON.
 */
final class ControlApi {
    static final String ENDPOINTS = "GET /_fake/issues, GET /_fake/requests, POST /_fake/reset, POST /_fake/issues, "
            + "POST /_fake/users, POST /_fake/projects, POST /_fake/edits, POST /_fake/status-changes, "
            + "POST /_fake/faults, DELETE /_fake/faults, GET /_fake/settings, POST /_fake/settings, "
            + "POST /_fake/webhooks, GET /_fake/webhooks, DELETE /_fake/webhooks";
    static final ObjectMapper JSON = Jackson.CONTROL_API;

    private final FakeJira jira;

    ControlApi(FakeJira jira) {
        this.jira = jira;
    }

    /** Registers a webhook ({@code {"url", "secret"}}), lists the deliveries, or removes every webhook. */
    private Reply webhooks(String method, byte[] body) {
        switch (method) {
            case "POST" -> {
                JsonNode b = json(body);
                jira.webhook(URI.create(text(b, "url", true)), b.hasNonNull("secret") ? b.get("secret").asText() : null);
                return Reply.empty(201);
            }
            case "DELETE" -> {
                jira.clearWebhooks();
                return Reply.empty(204);
            }
            default -> {
                return Reply.json(200, JSON.valueToTree(jira.webhookDeliveries()));
            }
        }
    }

    Reply handle(String method, String path, byte[] body) {
        try {
            String route = method + " " + path;
            return switch (route) {
                case "GET /_fake/issues" -> Reply.json(200, JSON.valueToTree(jira.issues()));
                case "GET /_fake/requests" -> Reply.json(200, JSON.valueToTree(jira.requests()));
                case "POST /_fake/reset" -> {
                    jira.reset();
                    yield Reply.empty(204);
                }
                case "POST /_fake/issues" -> Reply.json(201, JSON.valueToTree(jira.seed(newIssue(json(body)))));
                case "POST /_fake/users" -> {
                    addUser(json(body));
                    yield Reply.empty(201);
                }
                case "POST /_fake/projects" -> {
                    JsonNode b = json(body);
                    List<String> required = new ArrayList<>();
                    b.path("required_on_create").forEach(n -> required.add(n.asText()));
                    jira.addProject(text(b, "key", true), b.path("name").asText(text(b, "key", true)),
                            required.toArray(String[]::new));
                    yield Reply.empty(201);
                }
                case "POST /_fake/edits" -> {
                    JsonNode b = json(body);
                    Map<String, Object> fields = JSON.convertValue(b.path("fields"), JSON.getTypeFactory()
                            .constructMapType(LinkedHashMap.class, String.class, Object.class));
                    yield Reply.json(200, JSON.valueToTree(jira.simulateEdit(text(b, "issue", true),
                            text(b, "account_id", true), fields == null ? Map.of() : fields)));
                }
                case "POST /_fake/status-changes" -> {
                    JsonNode b = json(body);
                    yield Reply.json(200, JSON.valueToTree(jira.simulateStatusChange(text(b, "issue", true),
                            text(b, "account_id", true), text(b, "status", true))));
                }
                case "POST /_fake/faults" -> {
                    jira.inject(FaultJson.rule(json(body), "jira-burst-based"));
                    yield Reply.empty(201);
                }
                case "POST /_fake/webhooks", "GET /_fake/webhooks", "DELETE /_fake/webhooks" -> webhooks(method, body);
                case "GET /_fake/settings" -> Reply.json(200, settings());
                case "POST /_fake/settings" -> {
                    applySettings(json(body));
                    yield Reply.json(200, settings());
                }
                case "DELETE /_fake/faults" -> {
                    jira.clearFaults();
                    yield Reply.empty(204);
                }
                default -> JiraReplies.error(ApiError.message(404, "Unknown control endpoint " + route + "; there are "
                        + ENDPOINTS));
            };
        } catch (IllegalArgumentException e) {
            return JiraReplies.error(ApiError.message(400, e.getMessage()));
        }
    }

    private JsonNode settings() {
        return JSON.createObjectNode().put("search_lag_ms", jira.searchLag().toMillis())
                .put("rate_limit_headers", jira.rateLimitHeadersOn());
    }

    /** {"profile": "realistic"|"strict"}, then {"search_lag_ms": N} and {"rate_limit_headers": bool} if given. */
    private void applySettings(JsonNode b) {
        if (b.hasNonNull("profile")) {
            boolean realistic = switch (b.get("profile").asText()) {
                case "realistic" -> true;
                case "strict" -> false;
                default -> throw new IllegalArgumentException("'profile' is realistic or strict, not '"
                        + b.get("profile").asText() + "'");
            };
            jira.searchLag(realistic ? FakeJira.REALISTIC_SEARCH_LAG : Duration.ZERO);
            jira.rateLimitHeaders(realistic);
        }
        if (b.has("search_lag_ms")) {
            if (!b.get("search_lag_ms").canConvertToLong() || b.get("search_lag_ms").asLong() < 0) {
                throw new IllegalArgumentException("'search_lag_ms' is a non-negative number of milliseconds");
            }
            jira.searchLag(Duration.ofMillis(b.get("search_lag_ms").asLong()));
        }
        if (b.has("rate_limit_headers")) {
            if (!b.get("rate_limit_headers").isBoolean()) {
                throw new IllegalArgumentException("'rate_limit_headers' is true or false");
            }
            jira.rateLimitHeaders(b.get("rate_limit_headers").asBoolean());
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

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException("'" + field + "' is required");
            return null;
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        String v = text(n, field, false);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be an ISO-8601 instant such as "
                    + "2025-09-20T10:30:00Z, not '" + v + "'", e);
        }
    }

    private static NewIssue newIssue(JsonNode b) {
        NewIssue.Builder i = NewIssue.builder(text(b, "project", true), text(b, "summary", true));
        if (b.hasNonNull("description")) i.description(b.get("description").asText());
        if (b.hasNonNull("issue_type")) i.issueType(b.get("issue_type").asText());
        if (b.hasNonNull("status")) i.status(b.get("status").asText());
        if (b.hasNonNull("priority")) i.priority(b.get("priority").asText());
        if (b.hasNonNull("assignee")) i.assignee(b.get("assignee").asText());
        if (b.hasNonNull("reporter")) i.reporter(b.get("reporter").asText());
        List<String> labels = new ArrayList<>();
        b.path("labels").forEach(l -> labels.add(l.asText()));
        i.labels(labels.toArray(String[]::new));
        i.created(instant(b, "created")).updated(instant(b, "updated"));
        b.path("properties").properties().forEach(e -> i.property(e.getKey(), e.getValue().toString()));
        return i.build();
    }

    private void addUser(JsonNode b) {
        JiraUser u = JiraUser.of(text(b, "account_id", true), text(b, "display_name", true));
        if (b.hasNonNull("email")) u = u.withEmail(b.get("email").asText());
        if (b.hasNonNull("time_zone")) u = u.withTimeZone(ZoneId.of(b.get("time_zone").asText()));
        if (b.hasNonNull("permission")) {
            u = u.withPermission(JiraUser.Permission.valueOf(b.get("permission").asText().toUpperCase(Locale.ROOT)));
        }
        if (b.has("active") && !b.get("active").asBoolean()) u = u.inactive();
        jira.addUser(u);
        if (b.hasNonNull("api_token")) jira.addApiToken(u.accountId(), b.get("api_token").asText());
        if (b.hasNonNull("bearer_token")) jira.addBearerToken(b.get("bearer_token").asText(), u.accountId());
    }
}
