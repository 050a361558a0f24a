package dev.zen.integration;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A field that both sides changed to different values since the last sync, waiting for a decision
 * under {@link ConflictStrategy#MANUAL_REVIEW}. Values are in the engine's canonical string form.
 *
 * @param id              a unique id, used to resolve it
 * @param taskId          the Zen task
 * @param externalSystem  the provider name, such as "jira"
 * @param externalId      the external item's id or key
 * @param field           the Zen field name
 * @param baseValue       the value both sides agreed on at the last sync
 * @param localValue      the Zen value now
 * @param remoteValue     the external value now
 * @param localChangedAt  when the Zen side changed; null where not known
 * @param remoteChangedAt when the external side changed; null where not known
 * @param detectedAt      when the conflict was detected
 */
public record ConflictRecord(
        String id,
        String taskId,
        String externalSystem,
        String externalId,
        String field,
        @Nullable String baseValue,
        @Nullable String localValue,
        @Nullable String remoteValue,
        @Nullable Instant localChangedAt,
        @Nullable Instant remoteChangedAt,
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
