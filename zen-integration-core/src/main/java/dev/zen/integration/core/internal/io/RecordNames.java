package dev.zen.integration.core.internal.io;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zen.integration.SyncDirection;
import java.time.Instant;

/**
 * Jackson mix-in for {@link dev.zen.integration.TaskSyncRecord}: the spec's key names ({@code sync_direction},
 * {@code created_at}, {@code updated_at}) where the Java components are shorter. Files written before the rename
 * used {@code direction}, {@code created} and {@code updated}; those keys are still read, and the next write of
 * the record uses the spec's names. Not API.
 */
abstract class RecordNames {
    private RecordNames() {}

    @JsonProperty("sync_direction")
    @JsonAlias("direction")
    abstract SyncDirection direction();

    @JsonProperty("created_at")
    @JsonAlias("created")
    abstract Instant created();

    @JsonProperty("updated_at")
    @JsonAlias("updated")
    abstract Instant updated();
}
