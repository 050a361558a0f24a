package dev.zen.integration.testkit.junit;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.ZenTask;
import dev.zen.integration.testkit.jira.FakeJira;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An instance-field registered extension: a fresh environment for every test, closed after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZenIntegrationExtensionMethodScopeTest {
    private static final List<ZenTestEnvironment> SEEN = new ArrayList<>();
    private static final List<Integer> PORTS = new ArrayList<>();
    private static final List<Path> WORKSPACES = new ArrayList<>();

    @RegisterExtension
    ZenIntegrationExtension zen = ZenIntegrationExtension.builder()
            .inMemoryTracker("fake").clockStart("2026-01-01T09:00:00Z").build();

    ZenTestEnvironment inBeforeEach;

    @BeforeEach
    void remember() {
        inBeforeEach = zen.environment();
    }

    @Test
    @Order(1)
    void anInstanceFieldExtensionIsReadyInBeforeEachAndTheTest() {
        record();
        String key = zen.environment().linkedPair("task-1", Map.of("title", "Export fails", "status", "To Do"));

        assertThat(zen.environment()).isSameAs(inBeforeEach);
        assertThat(zen.tracker().keys()).containsExactly(key);
        assertThat(zen.integration().taskStore().find("task-1")).isPresent();
    }

    @Test
    @Order(2)
    void aPerTestEnvironmentIsFreshForEveryTest() {
        record();

        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(1)).isNotSameAs(SEEN.get(0));
        assertThat(zen.tracker().size()).isZero();
        assertThat(zen.integration().taskStore().list()).isEmpty();
        assertThat(zen.clock().instant()).hasToString("2026-01-01T09:00:00Z");
    }

    @Test
    @Order(3)
    void thePreviousTestsEnvironmentWasClosedAfterIt() {
        record();

        assertThat(WORKSPACES.get(0)).doesNotExist();
        assertThat(WORKSPACES.get(1)).doesNotExist();
        assertThatThrownBy(() -> new Socket("127.0.0.1", PORTS.get(0)).close()).isInstanceOf(IOException.class);
    }

    @Test
    @Order(4)
    void theScenarioHelpersMoveTheClockAStepAtATime() {
        String key = zen.environment().linkedPair("task-1", Map.of("title", "Base", "labels", "b a"));
        ZenTask edited = zen.environment().editTask("task-1", "title", "Local");
        zen.environment().editItem(key, "labels", "c a");

        assertThat(zen.clock().instant()).hasToString("2026-01-01T09:00:02Z");
        assertThat(edited).hasTitle("Local").hasExactlyLabels("b", "a");
        assertThat(zen.environment().itemField(key, "labels")).isEqualTo("a c");
        assertThat(zen.environment().sync("task-1", SyncDirection.BIDIRECTIONAL)).hasSucceeded()
                .resultFor("task-1").changedRemote("title").changedLocal("labels");
        assertThat(zen.environment().task("task-1")).hasField("labels", "a c").hasTitle("Local");
        assertThat(zen.environment().record("task-1").externalId()).isEqualTo(key);
        assertThat(zen.events().events()).isNotEmpty();
    }

    private void record() {
        SEEN.add(zen.environment());
        FakeJira jira = zen.jira(); // starts it, so that closing it shows
        PORTS.add(jira.port());
        WORKSPACES.add(zen.workspace());
    }
}
