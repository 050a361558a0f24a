package dev.zen.integration.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.InMemoryAuditLog;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.spi.OperationsListener;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hot reload reaching the running engine: swaps under load, a broken new version, and a host-given plugin. */
@Timeout(120)
class HotReloadTest {
    static final int TASKS = 6;
    final TestClock clock = TestClock.at("2026-03-01T08:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    final VersionedRegistry registry = new VersionedRegistry(tracker);
    final List<String> opens = new CopyOnWriteArrayList<>();
    ZenIntegration zen;

    @BeforeEach
    void open() {
        OperationsListener loads = new OperationsListener() {
            @Override
            public void onPluginOpened(String provider, String plugin, String version, ErrorCode error,
                                       Duration duration) {
                opens.add(version + (error == null ? "" : " " + error));
            }
        };
        zen = ZenIntegration.builder().discoverServices(false).clock(clock).parallelism(4)
                .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
                .lockProvider(InMemory.lockProvider()).auditLog(new InMemoryAuditLog())
                .providerCalls(ProviderCalls.direct()).pluginRegistry(registry).listener(loads)
                .provider(ProviderConfig.builder("fake").build()).build();
        for (int i = 0; i < TASKS; i++) {
            zen.taskStore().create(ZenTask.builder("task-" + i, "Task " + i).build());
            zen.link("task-" + i, "fake", tracker.seed(Map.of("title", "Task " + i)));
        }
    }

    @AfterEach
    void close() {
        zen.close();
    }

    @Test
    void givenSyncsRunningWhenThePluginIsReloadedFiveTimesThenNoCallFailsAndOlderVersionsCloseWhenIdle()
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<List<TaskSyncResult>>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(load.submit(() -> {
                List<TaskSyncResult> results = new ArrayList<>();
                while (!stop.get()) {
                    results.addAll(zen.sync(SyncRequest.builder().force(true).build()).results());
                }
                return results;
            }));
        }
        try {
            for (int v = 1; v <= 5; v++) {
                Thread.sleep(50);
                registry.version = "1.0." + v;
                assertThat(zen.reloadPlugin("fake").manifest().plugin().version()).isEqualTo("1.0." + v);
            }
            Thread.sleep(50);
        } finally {
            stop.set(true);
            load.shutdown();
        }
        List<TaskSyncResult> all = new ArrayList<>();
        for (Future<List<TaskSyncResult>> f : workers) all.addAll(f.get(60, TimeUnit.SECONDS));
        load.awaitTermination(10, TimeUnit.SECONDS);

        assertThat(all).hasSizeGreaterThan(TASKS * 3);
        assertThat(all).filteredOn(r -> r.outcome() == TaskSyncResult.Outcome.FAILED).isEmpty();
        List<VersionedRegistry.VersionedPlugin> old = registry.opened.subList(0, registry.opened.size() - 2);
        assertThat(old).hasSize(4).allSatisfy(p -> {
            assertThat(p.closed).as(p.descriptor.source() + " closed").isTrue();
            assertThat(p.inFlightAtClose).as("calls running when closed").isZero();
            assertThat(p.callsAfterClose.get()).isZero();
        });
        assertThat(registry.opened.get(4).closed).as("1.0.4 kept for a rollback").isFalse();
        assertThat(registry.opened.get(5).closed).isFalse();
        assertThat(zen.operations().providers().get(0).pluginVersion()).isEqualTo("1.0.5");
        assertThat(zen.operations().providers().get(0).pluginSource()).isEqualTo("test-folder/fake-1.0.5");
        assertThat(opens).containsExactly("1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5");
        assertThat(zen.audit(new AuditQuery(null, "fake", null, null, 100)))
                .filteredOn(e -> e.action() == AuditEntry.Action.PLUGIN_SWAPPED).hasSize(5).last()
                .satisfies(e -> assertThat(e.details()).containsEntry("from_version", "1.0.4")
                        .containsEntry("to_version", "1.0.5"));
    }

    @Test
    void givenANewVersionThatFailsToLoadWhenReloadedThenTheOldOneKeepsServing() {
        zen.sync(SyncRequest.builder().build());
        registry.version = "2.0.0";
        registry.broken = true;

        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> zen.reloadPlugin("fake"));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(zen.sync(SyncRequest.builder().force(true).build()).results())
                .extracting(TaskSyncResult::outcome).doesNotContain(TaskSyncResult.Outcome.FAILED).hasSize(TASKS);
        assertThat(zen.operations().providers().get(0).pluginVersion()).isEqualTo("1.0.0");
        assertThat(registry.opened).hasSize(1).allSatisfy(p -> assertThat(p.closed).isFalse());
        assertThat(opens).containsExactly("1.0.0", "null PLUGIN_LOAD_FAILED");
    }

    @Test
    void givenAPluginFromTheHostWhenReplacedThenItServesAndTheHostKeepsOwningIt() {
        zen.sync(SyncRequest.builder().build());
        VersionedRegistry hostSide = new VersionedRegistry(tracker);
        hostSide.version = "3.1.0";
        VersionedRegistry.VersionedPlugin hosts = (VersionedRegistry.VersionedPlugin) hostSide.open(
                ProviderConfig.builder("fake").build().toPluginConfig());

        PluginDescriptor now = zen.replacePlugin("fake", hosts);
        List<TaskSyncResult> after = zen.sync(SyncRequest.builder().force(true).build()).results();
        zen.close();

        assertThat(now.manifest().plugin().version()).isEqualTo("3.1.0");
        assertThat(after).extracting(TaskSyncResult::outcome).doesNotContain(TaskSyncResult.Outcome.FAILED);
        assertThat(registry.opened.get(0).closed).as("the engine's own plugin").isTrue();
        assertThat(hosts.closed).as("the host's plugin stays the host's").isFalse();
    }
}
