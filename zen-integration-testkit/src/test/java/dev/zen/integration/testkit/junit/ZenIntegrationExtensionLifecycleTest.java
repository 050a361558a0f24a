package dev.zen.integration.testkit.junit;

import dev.zen.integration.testkit.jira.FakeJira;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs small test classes on their own to see what the registered extension closes once they are done. */
class ZenIntegrationExtensionLifecycleTest {
    /** What one test saw. */
    record Seen(ZenTestEnvironment environment, int port, Path workspace) {
        static Seen of(ZenIntegrationExtension zen) {
            FakeJira jira = zen.jira();
            return new Seen(zen.environment(), jira.port(), zen.workspace());
        }
    }

    static final List<Seen> SEEN = new ArrayList<>();

    static class ClassScoped {
        @RegisterExtension
        static ZenIntegrationExtension zen = ZenIntegrationExtension.builder().build();

        @Test
        void first() {
            SEEN.add(Seen.of(zen));
        }

        @Test
        void second() {
            SEEN.add(Seen.of(zen));
        }

        @Nested
        class Inner {
            @Test
            void third() {
                SEEN.add(Seen.of(zen));
            }
        }
    }

    static class MethodScoped {
        @RegisterExtension
        ZenIntegrationExtension zen = ZenIntegrationExtension.builder().build();

        @Test
        void first() {
            SEEN.add(Seen.of(zen));
        }

        @Test
        void second() {
            SEEN.add(Seen.of(zen));
        }
    }

    static class Failing {
        @RegisterExtension
        ZenIntegrationExtension zen = ZenIntegrationExtension.builder().build();

        @Test
        void fails() {
            SEEN.add(Seen.of(zen));
            throw new AssertionError("on purpose");
        }
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SEEN.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    private static void assertClosed(Seen seen) {
        assertThat(seen.workspace()).doesNotExist();
        assertThatThrownBy(() -> new Socket("127.0.0.1", seen.port()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void aStaticExtensionSharesOneEnvironmentWithNestedClassesAndClosesItAfterAll() {
        TestExecutionSummary summary = run(ClassScoped.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(SEEN).hasSize(3).extracting(Seen::environment).containsOnly(SEEN.get(0).environment());
        assertClosed(SEEN.get(0));
        assertThatThrownBy(ClassScoped.zen::environment).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a test");
    }

    @Test
    void anInstanceExtensionGivesEveryTestAFreshEnvironmentAndClosesItAfterTheTest() {
        TestExecutionSummary summary = run(MethodScoped.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0).environment()).isNotSameAs(SEEN.get(1).environment());
        assertThat(SEEN.get(0).port()).isNotEqualTo(SEEN.get(1).port());
        SEEN.forEach(ZenIntegrationExtensionLifecycleTest::assertClosed);
    }

    @Test
    void aFailingTestStillClosesItsEnvironment() {
        TestExecutionSummary summary = run(Failing.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertClosed(SEEN.get(0));
    }
}
