package dev.zen.integration.testkit.junit;

import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.plugins.FakePlugin;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one environment is made of, from {@link ZenIntegrationTest} or from {@link EnvironmentBuilder}. The time zone
 * and the clock start stay text so that an annotation's mistakes are reported when they are used, with its wording.
 *
 * @param trackerName null: the service's provider is the fake Jira; otherwise an in-memory tracker of this name
 * @param taskStore   null: an in-memory task store on the environment's clock
 * @param recordStore null: an in-memory sync-record store
 * @param fakes       the fakes that are the service's providers (ignored with an in-memory tracker)
 */
record Settings(String jiraTimeZone, boolean simplifiedWorkflow, String clockStart, String provider, String plugin,
                List<FakePlugin> installPlugins, String trackerName,
                Function<Clock, ? extends TaskStore> taskStore, Supplier<? extends SyncRecordStore> recordStore,
                List<Consumer<FakeJira.Builder>> jiraCustomizers,
                List<Consumer<ProviderConfig.Builder>> providerCustomizers,
                List<Consumer<ZenIntegration.Builder>> serviceCustomizers,
                List<Fake> fakes, String githubProvider, String githubPlugin,
                List<Consumer<FakeGitHub.Builder>> githubCustomizers) {

    Settings {
        fakes = List.copyOf(fakes);
        githubCustomizers = List.copyOf(githubCustomizers);
        installPlugins = List.copyOf(installPlugins);
        jiraCustomizers = List.copyOf(jiraCustomizers);
        providerCustomizers = List.copyOf(providerCustomizers);
        serviceCustomizers = List.copyOf(serviceCustomizers);
    }

    /** The settings an annotation stands for. */
    static Settings of(ZenIntegrationTest annotation) {
        return new Settings(annotation.jiraTimeZone(), annotation.simplifiedWorkflow(), annotation.clockStart(),
                annotation.provider(), annotation.plugin(), List.of(annotation.installPlugins()), null, null, null,
                List.of(), List.of(), List.of(), List.of(annotation.fakes()), annotation.githubProvider(),
                annotation.githubPlugin(), List.of());
    }
}
