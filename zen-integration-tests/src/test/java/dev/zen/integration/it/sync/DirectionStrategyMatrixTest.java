package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.plugin.PluginOperation;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every direction with every strategy, on one task where Zen changed a field alone (description), the tracker
 * changed a field alone (priority), and both changed the title differently — the tracker last.
 */
class DirectionStrategyMatrixTest {

    static Stream<Arguments> combinations() {
        return Stream.of(SyncDirection.values())
                .flatMap(d -> Stream.of(ConflictStrategy.values()).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("combinations")
    void givenOneSidedAndConflictingChanges_whenSynced_thenEachFlowsAsDirectionAndStrategySay(
            SyncDirection direction, ConflictStrategy strategy) {
        try (SyncFixture f = new SyncFixture(p -> p.conflictStrategy(strategy))) {
            String key = f.linkedPair("task-1", Map.of("title", "Base", "description", "base desc",
                    "priority", "Medium"));
            f.localEdit("task-1", "description", "local desc");
            f.localEdit("task-1", "title", "L");
            f.remoteEdit(key, "priority", "High");
            f.remoteEdit(key, "title", "R");

            TaskSyncResult result = f.sync("task-1", direction).result("task-1").orElseThrow();

            assertThat(result.success()).isTrue();
            assertThat(f.remote(key, "description")).isEqualTo(direction.pushes() ? "local desc" : "base desc");
            assertThat(f.local("task-1", "priority")).isEqualTo(direction.pulls() ? "High" : "Medium");
            boolean remoteWins = strategy == ConflictStrategy.REMOTE_WINS || strategy == ConflictStrategy.TIMESTAMP;
            switch (strategy) {
                case MANUAL_REVIEW -> {
                    assertThat(f.local("task-1", "title")).isEqualTo("L");
                    assertThat(f.remote(key, "title")).isEqualTo("R");
                    assertThat(f.zen.conflicts()).extracting(ConflictRecord::field).containsExactly("title");
                    assertThat(result.outcome()).isEqualTo(TaskSyncResult.Outcome.CONFLICT);
                }
                default -> {
                    assertThat(f.zen.conflicts()).isEmpty();
                    assertThat(result.conflicts()).extracting(ConflictRecord::field).containsExactly("title");
                    if (remoteWins) {
                        assertThat(f.remote(key, "title")).isEqualTo("R");
                        assertThat(f.local("task-1", "title")).isEqualTo(direction.pulls() ? "R" : "L");
                    } else {
                        assertThat(f.local("task-1", "title")).isEqualTo("L");
                        assertThat(f.remote(key, "title")).isEqualTo(direction.pushes() ? "L" : "R");
                    }
                }
            }

            // and the result is stable: syncing again writes nothing anywhere
            f.tracker.resetCalls();
            long taskVersion = f.tasks.find("task-1").orElseThrow().version();
            TaskSyncResult again = f.sync("task-1", direction).result("task-1").orElseThrow();
            assertThat(again.changes()).isEmpty();
            assertThat(f.tracker.calls(PluginOperation.UPDATE_TASK)).isZero();
            assertThat(f.tasks.find("task-1").orElseThrow().version()).isEqualTo(taskVersion);
        }
    }
}
