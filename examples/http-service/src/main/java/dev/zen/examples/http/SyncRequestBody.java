package dev.zen.examples.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST /api/v1/integrations/sync}, as the spec writes it ("API Design"):
 * <pre>{@code {"task_ids": ["task-123", "task-456"], "direction": "bidirectional", "dry_run": false,
 *  "force_sync": false}}</pre>
 * Without {@code task_ids} every linked task syncs; a given list must not be empty. {@code direction} defaults to
 * {@code bidirectional} and is read case-insensitively; {@code dry_run}, {@code force_sync} and
 * {@code conflict_strategy} (an addition to the spec) are optional. Unknown properties are refused, so a typo is
 * reported instead of silently ignored.
 *
 * @param taskIds          the tasks to sync; null for every linked task
 * @param direction        pull, push or bidirectional (any case)
 * @param dryRun           report what would change without writing
 * @param forceSync        sync even tasks that look unchanged
 * @param conflictStrategy overrides the configured strategy for this run
 */
record SyncRequestBody(List<String> taskIds, String direction, Boolean dryRun, Boolean forceSync,
                       String conflictStrategy) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * Parses and validates a request body.
     *
     * @throws ApiException 400 {@code INVALID_DATA} saying what is wrong and what is expected
     */
    static SyncRequest parse(String body) {
        if (body.isBlank()) {
            throw ApiException.badRequest("the request body is empty; send {\"task_ids\":[\"task-1\"],"
                    + "\"direction\":\"bidirectional\"}");
        }
        SyncRequestBody parsed;
        try {
            parsed = JSON.readValue(body, SyncRequestBody.class);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown property '" + e.getPropertyName() + "'; expected task_ids,"
                    + " direction, dry_run, force_sync, conflict_strategy");
        } catch (JacksonException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage().replaceAll("\\s*\\(.*\\[Source:.*", ""); // drop the echo of the input
            throw ApiException.badRequest("the request body is not a valid sync request" + where + ": " + why);
        }
        if (parsed == null) throw ApiException.badRequest("the request body must be a JSON object");
        return parsed.toSyncRequest();
    }

    private SyncRequest toSyncRequest() {
        // the spec: "for specific tasks or all configured tasks"; an empty list is more likely a mistake than a wish
        if (taskIds != null && taskIds.isEmpty()) {
            throw ApiException.badRequest("task_ids must list at least one task id, such as [\"task-1\"]; leave"
                    + " task_ids out to sync every linked task");
        }
        if (taskIds != null && taskIds.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw ApiException.badRequest("task_ids must not contain blank or null ids: " + taskIds);
        }
        return SyncRequest.builder()
                .tasks(taskIds == null ? List.of() : taskIds)
                .direction(direction == null ? SyncDirection.BIDIRECTIONAL : parseEnum(SyncDirection.class,
                        "direction", direction))
                .dryRun(Boolean.TRUE.equals(dryRun))
                .force(Boolean.TRUE.equals(forceSync))
                .conflictStrategy(conflictStrategy == null ? null : parseEnum(ConflictStrategy.class,
                        "conflict_strategy", conflictStrategy))
                .build();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String property, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(property + " '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }
}
