package dev.zen.integration.it.sync;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
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
    void givenOneSidedAndConflictingChangesWhenSyncedThenEachFlowsAsDirectionAndStrategySay(
            SyncDirection direction, ConflictStrategy strategy) {
        try (ZenTestEnvironment f = FakeTracker.environment()
                .configureProvider(p -> p.conflictStrategy(strategy)).build()) {
            String key = f.linkedPair("task-1", Map.of("title", "Base", "description", "base desc",
                    "priority", "Medium"));
            f.editTask("task-1", "description", "local desc");
            f.editTask("task-1", "title", "L");
            f.editItem(key, "priority", "High");
            f.editItem(key, "title", "R");

            TaskSyncResult result = f.sync("task-1", direction).result("task-1").orElseThrow();

            assertThat(result).hasSucceeded();
            assertThat(f.itemField(key, "description")).isEqualTo(direction.pushes() ? "local desc" : "base desc");
            assertThat(f.task("task-1")).hasPriority(direction.pulls() ? "High" : "Medium");
            boolean remoteWins = strategy == ConflictStrategy.REMOTE_WINS || strategy == ConflictStrategy.TIMESTAMP;
            switch (strategy) {
                case MANUAL_REVIEW -> {
                    assertThat(f.task("task-1")).hasTitle("L");
                    assertThat(f.itemField(key, "title")).isEqualTo("R");
                    assertThat(f.integration().conflicts()).extracting(ConflictRecord::field).containsExactly("title");
                    assertThat(result).hasOutcome(TaskSyncResult.Outcome.CONFLICT);
                }
                default -> {
                    assertThat(f.integration().conflicts()).isEmpty();
                    assertThat(result.conflicts()).extracting(ConflictRecord::field).containsExactly("title");
                    if (remoteWins) {
                        assertThat(f.itemField(key, "title")).isEqualTo("R");
                        assertThat(f.task("task-1")).hasTitle(direction.pulls() ? "R" : "L");
                    } else {
                        assertThat(f.task("task-1")).hasTitle("L");
                        assertThat(f.itemField(key, "title")).isEqualTo(direction.pushes() ? "L" : "R");
                    }
                }
            }

            // and the result is stable: syncing again writes nothing anywhere
            f.tracker().resetCalls();
            long taskVersion = f.task("task-1").version();
            TaskSyncResult again = f.sync("task-1", direction).result("task-1").orElseThrow();
            assertThat(again).hasNoChanges();
            assertThat(f.tracker().calls(PluginOperation.UPDATE_TASK)).isZero();
            assertThat(f.task("task-1")).hasVersion(taskVersion);
        }
    }
}
