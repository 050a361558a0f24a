package dev.zen.integration.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.FieldChange;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.HealthReport;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.ScopeStatus;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.core.internal.io.ParseErrors;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * JSON for hosts that serve the integration over HTTP: {@link IntegrationStatus} is the body of
 * {@code GET /api/v1/integrations/status} and {@link SyncReport} the body of {@code POST /api/v1/integrations/sync},
 * in the spec's shapes ("API Design" in the Integration Services Layer spec) with more detail added alongside.
 * Names are snake_case, times ISO-8601, enums lower case (error codes upper case, as in the plugin ABI), nulls
 * left out.
 *
 * <pre>{@code
 * String body = IntegrationJson.toJson(zen.status());
 * // {"enabled":true,"task_system":"jira","providers":[{"name":"jira","status":"healthy","last_sync":"...",
 * //   "error_count":0,...}],"sync_records_count":42,...}
 * }</pre>
 *
 * A sync result row carries the spec's {@code changed_fields} (the fields its changes touched, each once) next to
 * the full {@code changes}; a status provider row names the provider {@code name} and its health {@code status}.
 */
public final class IntegrationJson {
    private IntegrationJson() {}

    /** The status response body. */
    public static String toJson(IntegrationStatus status) {
        return write(StatusBody.of(status));
    }

    /** The sync response body. */
    public static String toJson(SyncReport report) {
        return write(SyncBody.of(report));
    }

    /** The health (readiness) response body. */
    public static String toJson(HealthReport health) {
        return write(health);
    }

    /** A whole-project sync's report ({@code ZenIntegration.syncScope}), for a host's sync endpoint. */
    public static String toJson(ScopeReport report) {
        return write(report);
    }

    /** Parses a status response body. */
    public static IntegrationStatus readStatus(String json) {
        return read(json, StatusBody.class, "IntegrationStatus", StatusBody::toStatus);
    }

    /** Parses a sync response body. */
    public static SyncReport readSyncReport(String json) {
        return read(json, SyncBody.class, "SyncReport", SyncBody::toReport);
    }

    private static String write(Object value) {
        try {
            return Jackson.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "could not encode "
                    + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage()).cause(e).build();
        }
    }

    /** Reads a body and converts it, refusing what does not parse or does not make a valid value. */
    private static <B, T> T read(String json, Class<B> type, String name, Function<B, T> convert) {
        try {
            B body = Jackson.json().readValue(json, type);
            if (body == null) throw new IllegalArgumentException("the document is null");
            return convert.apply(body);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "not a valid " + name
                    + " document (" + ParseErrors.describe(e) + ")").build();
        }
    }

    /** The status body: the spec's keys first, then ours. */
    private record StatusBody(boolean enabled, @Nullable String taskSystem, List<ProviderBody> providers,
                              int syncRecordsCount, @Nullable Instant lastSync, int errorCount, int conflictCount,
                              int pendingChanges, @Nullable List<ScopeStatus> scopes) {
        static StatusBody of(IntegrationStatus s) {
            return new StatusBody(s.enabled(), s.taskSystem(), s.providers().stream().map(ProviderBody::of).toList(),
                    s.recordCount(), s.lastSync(), s.errorCount(), s.conflictCount(), s.pendingChanges(), s.scopes());
        }

        IntegrationStatus toStatus() {
            return new IntegrationStatus(enabled, taskSystem, providers == null ? List.of()
                    : providers.stream().map(ProviderBody::toHealth).toList(), lastSync, errorCount, syncRecordsCount,
                    conflictCount, pendingChanges, scopes == null ? List.of() : scopes);
        }
    }

    /** A provider row of the status body: the spec's {@code name}, {@code status}, {@code last_sync}, ... */
    private record ProviderBody(String name, ProviderHealth.State status, @Nullable Instant lastSync, int errorCount,
                                @Nullable String message, @Nullable Instant lastChecked, int pendingChanges,
                                @Nullable String pluginVersion, @Nullable String pluginSource) {
        static ProviderBody of(ProviderHealth h) {
            return new ProviderBody(h.provider(), h.state(), h.lastSync(), h.errorCount(), h.message(),
                    h.lastChecked(), h.pendingChanges(), h.pluginVersion(), h.pluginSource());
        }

        ProviderHealth toHealth() {
            return new ProviderHealth(name, status, message, lastChecked, lastSync, errorCount, pendingChanges,
                    pluginVersion, pluginSource);
        }
    }

    /** The sync body: the spec's {@code sync_id}, {@code status}, {@code results}, then ours. */
    private record SyncBody(String syncId, SyncReport.Status status, boolean dryRun, Instant started, Instant finished,
                            List<ResultBody> results) {
        static SyncBody of(SyncReport r) {
            return new SyncBody(r.syncId(), r.status(), r.dryRun(), r.started(), r.finished(),
                    r.results().stream().map(ResultBody::of).toList());
        }

        SyncReport toReport() {
            return new SyncReport(syncId, status, dryRun, started, finished,
                    results == null ? List.of() : results.stream().map(ResultBody::toResult).toList());
        }
    }

    /** A result row: the spec's {@code task_id}, {@code success}, {@code external_id}, {@code changed_fields}. */
    private record ResultBody(String taskId, boolean success, @Nullable String externalId, List<String> changedFields,
                              TaskSyncResult.Outcome outcome, List<FieldChange> changes,
                              List<ConflictRecord> conflicts, boolean fromCache,
                              TaskSyncResult.@Nullable ErrorInfo error) {
        static ResultBody of(TaskSyncResult r) {
            List<String> fields = r.changes().stream().map(FieldChange::field).distinct().toList();
            return new ResultBody(r.taskId(), r.success(), r.externalId(), fields, r.outcome(), r.changes(),
                    r.conflicts(), r.fromCache(), r.error().orElse(null));
        }

        TaskSyncResult toResult() {
            return new TaskSyncResult(taskId, success, outcome, externalId, changes, conflicts, fromCache,
                    Optional.ofNullable(error));
        }
    }
}
