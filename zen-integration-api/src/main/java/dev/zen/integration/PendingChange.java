package dev.zen.integration;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A local change that could not be pushed because the external system was unavailable. Pending changes are
 * stored durably with the task's {@link TaskSyncRecord} and replayed in order once the system is back.
 *
 * @param id       a unique id, used to deliver the change exactly once
 * @param fields   the changed Zen fields and their new values (canonical string form; null clears)
 * @param queuedAt when the change was queued
 * @param attempts how many delivery attempts failed so far
 */
public record PendingChange(String id, Map<String, @Nullable String> fields, Instant queuedAt, int attempts) {
    /** Validates the change. */
    public PendingChange {
        Checks.requireText(id, "id");
        Objects.requireNonNull(fields, "fields");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        Objects.requireNonNull(queuedAt, "queuedAt");
        Checks.requireNonNegative(attempts, "attempts");
    }
}
