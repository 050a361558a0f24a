package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every call on a closed service fails the same documented way: PLUGIN_EXECUTION_FAILED, reason "closed". */
class ClosedServiceTest {
    @RegisterExtension
    ZenIntegrationExtension zen = FakeTracker.extension().build();

    private static void assertClosed(Throwable e, String method) {
        assertThat(e).isInstanceOfSatisfying(IntegrationException.class, ie -> {
            assertThat(ie.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
            assertThat(ie.details()).containsEntry("reason", "closed");
            assertThat(ie.getMessage()).contains("closed").contains(method + "()");
        });
    }

    @Test
    void givenAClosedServiceWhenAnyCallIsMadeThenItFailsWithPluginExecutionFailedReasonClosed() {
        String key = zen.linkedPair("task-1", SyncScenariosTest.fields());
        ZenIntegration service = zen.integration();
        service.close();

        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("sync", () -> service.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL));
        calls.put("importItem", () -> service.importItem("fake", key));
        calls.put("link", () -> service.link("task-1", "fake", key));
        calls.put("unlink", () -> service.unlink("task-1"));
        calls.put("publish", () -> service.publish("task-1", "fake"));
        calls.put("discardPending", () -> service.discardPending("task-1"));
        calls.put("conflicts", service::conflicts);
        calls.put("resolve", () -> service.resolve("c-1", ConflictResolution.local()));
        calls.put("flushPending", service::flushPending);
        calls.put("status", service::status);
        calls.put("pluginRegistry", service::pluginRegistry);
        calls.forEach((method, call) -> assertThatThrownBy(call).as(method)
                .satisfies(e -> assertClosed(e, method)));
        assertThatCode(service::close).as("closing again").doesNotThrowAnyException();
    }

    @Test
    void givenAClosedServiceWhenSyncAsyncIsCalledThenItReturnsAFailedFuture() {
        zen.linkedPair("task-1", SyncScenariosTest.fields());
        ZenIntegration service = zen.integration();
        service.close();

        CompletableFuture<SyncReport> future = service.syncAsync(SyncRequest.builder().tasks("task-1").build());

        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertClosed(e.getCause(), "syncAsync"));
    }
}
