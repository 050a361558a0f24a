package dev.zen.integration.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * Reads fault rules from the control API's JSON ({@code POST /_fake/faults}), the same format for every fake:
 * {@code {"method": "POST", "path": "/x" | "path_regex": "...", "from": 1, "times": 1 | "always": true,
 * "fault": {"type": "rate_limited", "retry_after_ms": 5000}}}.
 */
public final class FaultJson {
    /** The fault types the control API accepts. */
    public static final String TYPES = "rate_limited, secondary_rate_limited, service_unavailable, server_error, "
            + "conflict, status, latency, connection_reset, hang or commit_then";

    private FaultJson() {
    }

    /**
     * The rule described by {@code b}.
     *
     * @param rateLimitReason the reason a {@code rate_limited} fault without {@code reason} gets
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static FaultRule rule(JsonNode b, String rateLimitReason) {
        String method = b.path("method").asText("*");
        FaultRule r;
        if (b.hasNonNull("path_regex")) r = FaultRule.onPathMatching(method, b.get("path_regex").asText());
        else if (b.hasNonNull("path")) r = FaultRule.on(method, b.get("path").asText());
        else r = FaultRule.onPathMatching(method, ".*");
        if (b.has("from")) r = r.fromOccurrence(b.get("from").asLong());
        if (b.path("always").asBoolean(false)) r = r.always();
        else if (b.has("times")) r = r.times(b.get("times").asLong());
        if (!b.path("fault").isObject()) throw new IllegalArgumentException("'fault' is required, e.g. "
                + "{\"type\": \"rate_limited\", \"retry_after_ms\": 5000}");
        return r.respond(fault(b.get("fault"), rateLimitReason));
    }

    private static Fault fault(JsonNode f, String rateLimitReason) {
        if (!f.hasNonNull("type")) throw new IllegalArgumentException("'type' is required");
        String type = f.get("type").asText();
        Duration retryAfter = Duration.ofMillis(f.path("retry_after_ms").asLong(1000));
        Duration duration = Duration.ofMillis(f.path("duration_ms").asLong(30_000));
        return switch (type) {
            case "rate_limited" -> Fault.rateLimited(retryAfter, f.path("reason").asText(rateLimitReason));
            case "secondary_rate_limited" -> Fault.secondaryRateLimited(f.path("status").asInt(403), retryAfter);
            case "service_unavailable" -> Fault.serviceUnavailable(retryAfter);
            case "server_error" -> Fault.serverError(f.path("status").asInt(500));
            case "conflict" -> Fault.conflict();
            case "status" -> Fault.status(f.path("status").asInt(500), f.path("message").asText("Injected error"));
            case "latency" -> Fault.latency(duration);
            case "connection_reset" -> Fault.connectionReset();
            case "hang" -> Fault.hang(duration);
            case "commit_then" -> {
                if (!f.path("then").isObject()) {
                    throw new IllegalArgumentException("a commit_then fault needs 'then', e.g. {\"type\": \"server_error\"}");
                }
                yield Fault.commitThen(fault(f.get("then"), rateLimitReason));
            }
            default -> throw new IllegalArgumentException("unknown fault type '" + type + "'; use " + TYPES);
        };
    }
}
