package dev.zen.integration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.store.FileTaskStore;
import dev.zen.integration.core.store.WorkspaceLockProvider;
import dev.zen.integration.core.store.YamlSyncRecordStore;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.spi.SyncEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZenIntegrationBuilderTest {
    private static final ProviderConfig JIRA = ProviderConfig.builder("jira").build();
    @TempDir Path workspace;

    @Test
    void givenNoProviderWhenBuiltThenConfigErrorSayingWhatToAdd() {
        assertThatThrownBy(() -> ZenIntegration.builder().workspace(workspace).discoverServices(false).build())
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "integrations.providers");
                    assertThat(e.getMessage()).contains("no provider is configured", "provider(ProviderConfig",
                            "integration_enabled: false");
                });
        assertThatThrownBy(() -> ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .config(IntegrationConfig.defaults()).build()).isInstanceOf(IntegrationException.class);
    }

    @Test
    void givenSpiImplementationsRegisteredInMetaInfServicesWhenBuiltThenTheHighestPriorityStoreAndEveryListenerAreUsed() {
        DiscoveredListener.SEEN.clear();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).provider(JIRA).build()) {
            assertThat(zen.taskStore()).isInstanceOf(DiscoveredTaskStore.class);
            assertThat(zen.recordStore()).isInstanceOf(YamlSyncRecordStore.class); // none registered: the default

            zen.sync(SyncRequest.builder().build());

            assertThat(DiscoveredListener.SEEN).extracting(SyncEvent::type)
                    .contains(SyncEvent.Type.SYNC_STARTED, SyncEvent.Type.SYNC_FINISHED);
        }
    }

    @Test
    void givenDiscoveryIsOffWhenBuiltThenTheWorkspaceDefaultsAreUsed() {
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .provider(JIRA).build()) {
            assertThat(zen.taskStore()).isInstanceOf(FileTaskStore.class);
            assertThat(zen.recordStore()).isInstanceOf(YamlSyncRecordStore.class);
        }
    }

    @Test
    void givenAnExplicitStoreWhenBuiltThenItBeatsServiceLoader() {
        FileTaskStore mine = new FileTaskStore(workspace);
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).taskStore(mine)
                .lockProvider(new WorkspaceLockProvider(workspace)).provider(JIRA).build()) {
            assertThat(zen.taskStore()).isSameAs(mine);
        }
    }

    @Test
    void givenAProviderWhosePluginIsMissingWhenATaskSyncsThenOnlyThatTaskFailsWithPluginNotFound() {
        PluginRegistry empty = new PluginRegistry() {
            @Override public List<PluginDescriptor> discover() { return List.of(); }
            @Override public List<PluginDescriptor> list() { return List.of(); }
            @Override public Optional<PluginDescriptor> find(String name) { return Optional.empty(); }
            @Override public PluginDescriptor load(String name) { throw notFound(name); }
            @Override public void unload(String name) {}
            @Override public PluginDescriptor reload(String name) { throw notFound(name); }
            @Override public dev.zen.integration.plugin.Plugin open(PluginConfig config) { throw notFound(config.plugin()); }
            @Override public void close() {}

            IntegrationException notFound(String n) {
                return IntegrationException.of(ErrorCode.PLUGIN_NOT_FOUND, "no plugin " + n);
            }
        };
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .pluginRegistry(empty).provider(ProviderConfig.builder("jira").build()).build()) {
            zen.taskStore().create(dev.zen.integration.ZenTask.builder("task-1", "A").build());
            assertThatThrownBy(() -> zen.link("task-1", "jira", "SYNC-1"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND));
            assertThat(zen.pluginRegistry()).isSameAs(empty);
        }
    }

    @Test
    void givenAConfigurationWhenBuiltThenStatusListsItsProvidersAndFlags() {
        IntegrationConfig config = IntegrationConfig.builder().taskSystem("jira")
                .provider(ProviderConfig.builder("jira").serverUrl("https://acme.atlassian.net").build()).build();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .config(config).build()) {
            IntegrationStatus status = zen.status();

            assertThat(status.enabled()).isTrue();
            assertThat(status.taskSystem()).isEqualTo("jira");
            assertThat(status.providers()).singleElement().satisfies(h -> {
                assertThat(h.provider()).isEqualTo("jira");
                assertThat(h.state()).isEqualTo(ProviderHealth.State.UNKNOWN);
            });
            assertThat(status.recordCount()).isZero();
        }
    }

    @Test
    void givenIntegrationIsDisabledWhenSyncingThenEveryTaskIsSkipped() {
        IntegrationConfig config = IntegrationConfig.builder().integrationEnabled(false).build();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .config(config).build()) {
            SyncReport report = zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);

            assertThat(report.results()).singleElement()
                    .extracting(TaskSyncResult::outcome).isEqualTo(TaskSyncResult.Outcome.SKIPPED);
            assertThat(zen.status().enabled()).isFalse();
        }
    }

    @Test
    void givenIntegrationIsDisabledWhenImportingLinkingOrPublishingThenConfigErrorAndNoProviderIsCalled() {
        IntegrationConfig config = IntegrationConfig.builder().integrationEnabled(false).provider(JIRA).build();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .config(config).build()) {
            zen.taskStore().create(dev.zen.integration.ZenTask.builder("task-1", "A").build());

            for (Runnable call : List.<Runnable>of(() -> zen.importItem("jira", "SYNC-1"),
                    () -> zen.link("task-1", "jira", "SYNC-1"), () -> zen.publish("task-1", "jira"))) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("the integration is disabled");
                });
            }
            assertThat(zen.flushPending().results()).isEmpty();
        }
    }
}
