package dev.zen.integration;

import java.time.Instant;
import java.util.Objects;

/**
 * A field that both sides changed to different values since the last sync, waiting for a decision
 * under {@link ConflictStrategy#MANUAL_REVIEW}. Values are in the engine's canonical string form.
 *
 * @param id              a unique id, used to resolve it
 * @param taskId          the Zen task
 * @param externalSystem  the provider name, such as "jira"
 * @param externalId      the external item's id or key
 * @param field           the Zen field name
 * @param baseValue       the value both sides agreed on at the last sync; may be null
 * @param localValue      the Zen value now; may be null
 * @param remoteValue     the external value now; may be null
 * @param localChangedAt  when the Zen side changed, where known
 * @param remoteChangedAt when the external side changed, where known
 * @param detectedAt      when the conflict was detected
 */
public record ConflictRecord(
        String id,
        String taskId,
        String externalSystem,
        String externalId,
        String field,
        String baseValue,
        String localValue,
        String remoteValue,
        Instant localChangedAt,
        Instant remoteChangedAt,
        Instant detectedAt) {
    /** Validates the record. */
    public ConflictRecord {
        Checks.requireText(id, "id");
        Checks.requireText(taskId, "taskId");
        Checks.requireText(externalSystem, "externalSystem");
        Checks.requireText(externalId, "externalId");
        Checks.requireText(field, "field");
        Objects.requireNonNull(detectedAt, "detectedAt");
    }
}
