package dev.zen.integration.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.HealthReport;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.store.InMemoryAuditLog;
import dev.zen.integration.plugin.PluginVersion;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Version pins and the one-call rollback of a provider's plugin. */
class PinRollbackTest {
    final TestClock clock = TestClock.at("2026-03-01T08:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    final VersionedRegistry registry = new VersionedRegistry(tracker);
    ZenIntegration zen;

    @BeforeEach
    void open() {
        zen = ZenIntegration.builder().discoverServices(false).clock(clock)
                .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
                .lockProvider(InMemory.lockProvider()).auditLog(new InMemoryAuditLog())
                .providerCalls(ProviderCalls.direct()).pluginRegistry(registry)
                .provider(ProviderConfig.builder("fake").build()).build();
        zen.taskStore().create(ZenTask.builder("task-1", "One").build());
        zen.link("task-1", "fake", tracker.seed(Map.of("title", "One")));
    }

    @AfterEach
    void close() {
        zen.close();
    }

    String serving() {
        return zen.operations().providers().get(0).pluginVersion();
    }

    boolean syncWorks() {
        return zen.sync(SyncRequest.builder().force(true).build()).results().stream()
                .noneMatch(r -> r.outcome() == TaskSyncResult.Outcome.FAILED);
    }

    @Test
    void givenAReloadedVersionWhenRolledBackThenThePreviousServesAtOnceWithoutReopening() {
        registry.version = "1.1.0";
        zen.reloadPlugin("fake");

        assertThat(zen.pluginVersions("fake")).extracting(PluginVersion::version, PluginVersion::role)
                .containsExactly(tuple("1.1.0", PluginVersion.Role.SERVING),
                        tuple("1.0.0", PluginVersion.Role.PREVIOUS),
                        tuple("1.1.0", PluginVersion.Role.AVAILABLE));

        assertThat(zen.rollbackPlugin("fake").manifest().plugin().version()).isEqualTo("1.0.0");

        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(zen.status().providers()).singleElement().satisfies(h -> {
            assertThat(h.pluginVersion()).as("status names the serving version").isEqualTo("1.0.0");
            assertThat(h.pluginSource()).isEqualTo(zen.pluginVersions("fake").get(0).source());
        });
        assertThat(syncWorks()).isTrue();
        assertThat(registry.opened).hasSize(2).noneMatch(p -> p.closed);
        assertThat(zen.audit(new AuditQuery(null, "fake", null, null, 10))).last()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "rollback")
                        .containsEntry("from_version", "1.1.0").containsEntry("to_version", "1.0.0"));

        zen.rollbackPlugin("fake");

        assertThat(serving()).as("a second rollback goes forward again").isEqualTo("1.1.0");
    }

    @Test
    void givenAPinWhenAVersionOutsideItIsReloadedThenItIsRefusedClosedAndTheOldOneServes() {
        zen.pinPlugin("fake", ">=1.0.0 <2.0.0");
        registry.version = "2.0.0";

        IntegrationException e = catchThrowableOfType(IntegrationException.class, () -> zen.reloadPlugin("fake"));

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.details()).containsEntry("reason", "version_pin");
        assertThat(e.getMessage()).contains("version 2.0.0").contains(">=1.0.0 <2.0.0");
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(zen.operations().providers().get(0).versionPin()).isEqualTo(">=1.0.0 <2.0.0");
        assertThat(registry.opened.get(registry.opened.size() - 1).closed).as("the refused 2.0.0").isTrue();
        assertThat(syncWorks()).isTrue();

        registry.version = "1.9.3";
        zen.reloadPlugin("fake");

        assertThat(serving()).isEqualTo("1.9.3");
        assertThat(zen.audit(new AuditQuery(null, "fake", null, null, 10))).extracting(AuditEntry::action)
                .containsExactly(AuditEntry.Action.LINKED, AuditEntry.Action.PLUGIN_PINNED, AuditEntry.Action.PLUGIN_SWAPPED);
    }

    @Test
    void givenAServingVersionBelowANewMinimumWhenHealthIsAskedThenThePluginCheckFails() {
        syncWorks();
        zen.pinPlugin("fake", "1.5.0");

        HealthReport health = zen.health();
        IntegrationException noPrevious = catchThrowableOfType(IntegrationException.class,
                () -> zen.rollbackPlugin("fake"));
        IntegrationException badRange = catchThrowableOfType(IntegrationException.class,
                () -> zen.pinPlugin("fake", "~1.x"));
        zen.unpinPlugin("fake");

        assertThat(health.ready()).isFalse();
        assertThat(health.checks()).filteredOn(c -> !c.ok()).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("outside the version pin '1.5.0'"));
        assertThat(noPrevious.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(badRange.code()).isEqualTo(ErrorCode.INVALID_DATA);
        assertThat(badRange.details()).containsEntry("argument", "versionRange");
        assertThat(zen.health().ready()).isTrue();
    }
}
