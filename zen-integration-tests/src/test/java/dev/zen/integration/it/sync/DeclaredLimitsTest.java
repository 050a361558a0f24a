package dev.zen.integration.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Limits a plugin declares in get_field_mapping are checked before update_task; a broken answer is no limit. */
class DeclaredLimitsTest {
    final TestClock clock = TestClock.at("2026-04-01T08:00:00Z");
    final InMemoryTracker tracker = InMemory.tracker("fake", clock);

    /** The tracker, answering get_field_mapping with {@code mapping}. */
    static final class WithFieldMapping implements Plugin {
        final Plugin delegate;
        final Supplier<String> mapping;

        WithFieldMapping(Plugin delegate, Supplier<String> mapping) {
            this.delegate = delegate;
            this.mapping = mapping;
        }

        @Override public PluginDescriptor descriptor() { return delegate.descriptor(); }
        @Override public boolean supports(PluginOperation op) {
            return op == PluginOperation.GET_FIELD_MAPPING || delegate.supports(op);
        }
        @Override public void close() {}

        @Override
        public String call(PluginOperation op, String json) {
            return op == PluginOperation.GET_FIELD_MAPPING ? mapping.get() : delegate.call(op, json);
        }
    }

    private TaskSyncResult pushTitle(Plugin plugin, String title) {
        TaskStore tasks = InMemory.taskStore(clock);
        try (ZenIntegration zen = ZenIntegration.builder().taskStore(tasks).recordStore(InMemory.recordStore())
                .lockProvider(InMemory.lockProvider()).clock(clock).discoverServices(false)
                .providerCalls(ProviderCalls.direct()).provider(ProviderConfig.builder("fake").build(), plugin)
                .build()) {
            tasks.create(ZenTask.builder("task-1", "Short").build());
            zen.link("task-1", "fake", tracker.seed(Map.of("title", "Short")));
            zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
            tasks.update(tasks.find("task-1").orElseThrow().toBuilder().title(title).build());
            tracker.resetCalls();
            return zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL).result("task-1").orElseThrow();
        }
    }

    @Test
    void givenADeclaredTitleLimitWhenALongerTitleIsPushedThenItFailsAndUpdateTaskIsNeverCalled() {
        Plugin plugin = new WithFieldMapping(tracker, () -> "{\"mapping\": {}, \"limits\": {\"title\": 10}}");

        TaskSyncResult result = pushTitle(plugin, "Eleven char");

        assertThat(result.success()).isFalse();
        assertThat(result.error().orElseThrow().code()).isEqualTo(ErrorCode.INVALID_DATA);
        assertThat(result.error().orElseThrow().message())
                .contains("title is 11 characters long; provider fake takes at most 10 characters");
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isZero();
        assertThat(tracker.field(tracker.keys().get(0), "title")).contains("Short");
    }

    @Test
    void givenATitleWithinTheLimitWhenPushedThenItIsWritten() {
        Plugin plugin = new WithFieldMapping(tracker, () -> "{\"mapping\": {}, \"limits\": {\"title\": 10}}");

        assertThat(pushTitle(plugin, "Ten chars!").success()).isTrue();
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
    }

    @Test
    void givenAGetFieldMappingThatFailsWhenATitleIsPushedThenTheWriteGoesOnWithoutLimits() {
        Plugin plugin = new WithFieldMapping(tracker, () -> {
            throw IntegrationException.builder(ErrorCode.PLUGIN_EXECUTION_FAILED, "get_field_mapping is broken").build();
        });

        assertThat(pushTitle(plugin, "A title of any length at all").success()).isTrue();
        assertThat(tracker.calls(PluginOperation.UPDATE_TASK)).isEqualTo(1);
    }

    @Test
    void givenLimitsThatAreNotPositiveIntegersWhenATitleIsPushedThenNoLimitApplies() {
        Plugin plugin = new WithFieldMapping(tracker, () -> "{\"limits\": {\"title\": \"short\"}}");

        assertThat(pushTitle(plugin, "A title of any length at all").success()).isTrue();
    }
}
