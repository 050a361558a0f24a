package dev.zen.integration.it.jira;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every direction with every strategy through the real Jira plugin and FakeJira, both on the testkit's shared test
 * clock: Zen changed the description alone, Jira changed the priority alone, and both changed the title (summary)
 * differently, Jira last.
 */
class JiraDirectionStrategyMatrixTest {
    static Stream<Arguments> combinations() {
        return Stream.of(SyncDirection.values())
                .flatMap(d -> Stream.of(ConflictStrategy.values()).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("combinations")
    void givenOneSidedAndConflictingChangesWhenSyncedThenEachFlowsAsDirectionAndStrategySay(
            SyncDirection direction, ConflictStrategy strategy) {
        try (ZenTestEnvironment env = ZenTestEnvironment.builder().clockStart("2026-05-01T08:00:00Z")
                .configureProvider(p -> p.conflictStrategy(strategy)).build()) {
            FakeJira jira = env.jira();
            ZenIntegration zen = env.integration();
            jira.seed(NewIssue.builder("SYNC", "Base").description("base desc").priority("Medium").build());
            ZenTask task = zen.importItem("jira", "SYNC-1");
            env.clock().advance(Duration.ofSeconds(1));
            zen.taskStore().update(task.toBuilder().description("local desc").title("L").build());
            env.clock().advance(Duration.ofSeconds(1)); // Jira's change comes strictly later than Zen's
            jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("priority", "High", "summary", "R"));

            TaskSyncResult result = zen.sync(List.of(task.id()), direction).result(task.id()).orElseThrow();

            assertThat(result).hasSucceeded();
            IssueSnapshot issue = jira.issue("SYNC-1").orElseThrow();
            ZenTask local = env.task(task.id());
            assertThat(issue.description()).isEqualTo(direction.pushes() ? "local desc" : "base desc");
            assertThat(local.priority()).isEqualTo(direction.pulls() ? "High" : "Medium");
            switch (strategy) {
                case MANUAL_REVIEW -> {
                    assertThat(local.title()).isEqualTo("L");
                    assertThat(issue.summary()).isEqualTo("R");
                    assertThat(zen.conflicts()).extracting(ConflictRecord::field).containsExactly("title");
                }
                case LOCAL_WINS -> {
                    assertThat(local.title()).isEqualTo("L");
                    assertThat(issue.summary()).isEqualTo(direction.pushes() ? "L" : "R");
                }
                default -> { // remote_wins, and timestamp with Jira's change last
                    assertThat(issue.summary()).isEqualTo("R");
                    assertThat(local.title()).isEqualTo(direction.pulls() ? "R" : "L");
                }
            }

            jira.clearRequests();
            TaskSyncResult again = zen.sync(List.of(task.id()), direction).result(task.id()).orElseThrow();
            assertThat(again).hasNoChanges();
            assertThat(jira.requests().stream().filter(r -> !r.method().equals("GET")).toList()).isEmpty();
        }
    }
}
