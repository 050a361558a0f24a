package dev.zen.integration.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.HealthReport;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.SyncReport;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;

/**
 * JSON for hosts that serve the integration over HTTP: {@link IntegrationStatus} is the body of
 * {@code GET /api/v1/integrations/status} and {@link SyncReport} the body of {@code POST /api/v1/integrations/sync}.
 * Names are snake_case, times ISO-8601, enums lower case (error codes upper case, as in the plugin ABI), nulls
 * left out.
 *
 * <pre>{@code
 * String body = IntegrationJson.toJson(zen.status());
 * // {"enabled":true,"task_system":"jira","providers":[{"provider":"jira","state":"healthy",...}],...}
 * }</pre>
 */
public final class IntegrationJson {
    private IntegrationJson() {}

    /** The status response body. */
    public static String toJson(IntegrationStatus status) {
        return write(status);
    }

    /** The sync response body. */
    public static String toJson(SyncReport report) {
        return write(report);
    }

    /** The health (readiness) response body. */
    public static String toJson(HealthReport health) {
        return write(health);
    }

    /** Parses a status response body. */
    public static IntegrationStatus readStatus(String json) {
        return read(json, IntegrationStatus.class);
    }

    /** Parses a sync response body. */
    public static SyncReport readSyncReport(String json) {
        return read(json, SyncReport.class);
    }

    private static String write(Object value) {
        try {
            return Jackson.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "could not encode "
                    + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage()).cause(e).build();
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Jackson.json().readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "not a valid " + type.getSimpleName()
                    + " document (" + ParseErrors.describe(e) + ")").build();
        }
    }
}
