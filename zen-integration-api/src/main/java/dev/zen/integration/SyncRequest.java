package dev.zen.integration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What to sync and how.
 *
 * <pre>{@code
 * SyncReport preview = service.sync(SyncRequest.builder()
 *         .direction(SyncDirection.BIDIRECTIONAL)
 *         .dryRun(true)
 *         .build());                       // every linked task, nothing written
 * }</pre>
 *
 * @param taskIds          the tasks to sync; empty means every linked task
 * @param direction        the direction; a link's own direction can only narrow it
 * @param dryRun           report what would change and change nothing
 * @param force            sync even tasks whose both sides look unchanged since the last sync
 * @param conflictStrategy overrides the configured strategy for this run; null keeps the configured one
 */
public record SyncRequest(List<String> taskIds, SyncDirection direction, boolean dryRun, boolean force,
                          @Nullable ConflictStrategy conflictStrategy) {
    /**
     * Validates the request and removes duplicate ids, keeping their order.
     *
     * @throws IntegrationException {@link ErrorCode#INVALID_DATA} naming the argument ({@code taskIds},
     *                              {@code taskIds[i]}, {@code direction}) if it is null or an id is blank
     */
    public SyncRequest {
        taskIds = validIds(taskIds);
        Checks.requireArgument(direction, "direction");
    }

    private static List<String> validIds(@Nullable Collection<String> taskIds) {
        Checks.requireArgument(taskIds, "taskIds");
        List<String> ids = new ArrayList<>(taskIds); // tolerates null elements, unlike List.copyOf
        for (int i = 0; i < ids.size(); i++) Checks.requireArgument(ids.get(i), "taskIds[" + i + "]");
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    /** A plain sync of the given tasks; null arguments or ids fail as {@link ErrorCode#INVALID_DATA}. */
    public static SyncRequest of(Collection<String> taskIds, SyncDirection direction) {
        return builder().tasks(taskIds).direction(direction).build();
    }

    /** Starts a request: every linked task, bidirectional, no dry run, no force. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SyncRequest}. Not thread-safe. */
    public static final class Builder {
        private List<String> taskIds = List.of();
        private SyncDirection direction = SyncDirection.BIDIRECTIONAL;
        private boolean dryRun;
        private boolean force;
        private @Nullable ConflictStrategy conflictStrategy;

        private Builder() {}

        /** The tasks to sync; empty means every linked task. */
        public Builder tasks(Collection<String> ids) { taskIds = validIds(ids); return this; }
        /** The tasks to sync. */
        public Builder tasks(String... ids) {
            return tasks(Arrays.asList(Checks.requireArgument(ids, "taskIds")));
        }
        /** The direction. */
        public Builder direction(SyncDirection d) { direction = d; return this; }
        /** Whether to only report what would change. */
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        /** Whether to ignore the unchanged shortcut. */
        public Builder force(boolean v) { force = v; return this; }
        /** Overrides the conflict strategy for this run; null keeps the configured one. */
        public Builder conflictStrategy(@Nullable ConflictStrategy s) { conflictStrategy = s; return this; }

        /** Builds the request. */
        public SyncRequest build() {
            return new SyncRequest(taskIds, direction, dryRun, force, conflictStrategy);
        }
    }
}
