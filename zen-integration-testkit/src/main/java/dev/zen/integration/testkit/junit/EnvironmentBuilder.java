package dev.zen.integration.testkit.junit;

import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.plugins.FakePlugin;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The options of a test environment, shared by {@link ZenIntegrationExtension#builder()} and
 * {@link ZenTestEnvironment#builder()}. The defaults are those of {@link ZenIntegrationTest}: a fake Jira in UTC
 * with the standard workflow, the system clock, provider {@code jira} using plugin {@code jira}, in-memory stores.
 *
 * @param <B> the concrete builder
 */
public abstract class EnvironmentBuilder<B extends EnvironmentBuilder<B>> {
    private String jiraTimeZone = "UTC";
    private boolean simplifiedWorkflow;
    private String clockStart = "";
    private String provider = "jira";
    private String plugin = "jira";
    private final List<FakePlugin> installPlugins = new ArrayList<>();
    private String trackerName;
    private Function<Clock, ? extends TaskStore> taskStore;
    private Supplier<? extends SyncRecordStore> recordStore;
    private final List<Consumer<FakeJira.Builder>> jiraCustomizers = new ArrayList<>();
    private final List<Consumer<ProviderConfig.Builder>> providerCustomizers = new ArrayList<>();
    private final List<Consumer<ZenIntegration.Builder>> serviceCustomizers = new ArrayList<>();
    private List<Fake> fakes = List.of(Fake.JIRA);
    private String githubProvider = "github";
    private String githubPlugin = "github";
    private final List<Consumer<FakeGitHub.Builder>> githubCustomizers = new ArrayList<>();

    EnvironmentBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The fake Jira default user's profile time zone, an IANA id such as {@code Europe/Berlin}. Default UTC. */
    public B jiraTimeZone(String zoneId) {
        try {
            return jiraTimeZone(ZoneId.of(Objects.requireNonNull(zoneId, "zoneId")));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("jiraTimeZone(\"" + zoneId
                    + "\") is not a time zone id such as Europe/Berlin", e);
        }
    }

    /** The fake Jira default user's profile time zone. Default UTC. */
    public B jiraTimeZone(ZoneId zone) {
        this.jiraTimeZone = zone.getId();
        return self();
    }

    /** Use {@code Workflow.simplified()} (every status reachable from every status) instead of the standard one. */
    public B simplifiedWorkflow() {
        return simplifiedWorkflow(true);
    }

    /** Whether to use {@code Workflow.simplified()} instead of the standard workflow. */
    public B simplifiedWorkflow(boolean simplified) {
        this.simplifiedWorkflow = simplified;
        return self();
    }

    /** The fake and the service run on a {@code TestClock} standing at this instant. Default: the system clock. */
    public B clockStart(Instant start) {
        this.clockStart = Objects.requireNonNull(start, "start").toString();
        return self();
    }

    /** Same as {@link #clockStart(Instant)}, with an ISO-8601 instant such as {@code 2025-09-20T10:30:00Z}. */
    public B clockStart(String isoInstant) {
        try {
            return clockStart(Instant.parse(Objects.requireNonNull(isoInstant, "isoInstant")));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("clockStart(\"" + isoInstant
                    + "\") is not an ISO-8601 instant such as 2025-09-20T10:30:00Z", e);
        }
    }

    /** The provider name of the service's Jira provider (or its in-memory tracker). Default {@code jira}. */
    public B provider(String name) {
        this.provider = Objects.requireNonNull(name, "name");
        return self();
    }

    /** The plugin the service's Jira provider uses. Default {@code jira}. */
    public B plugin(String name) {
        this.plugin = Objects.requireNonNull(name, "name");
        return self();
    }

    /**
     * The fakes the service syncs with, one provider each (default {@link Fake#JIRA}); e.g.
     * {@code fakes(Fake.GITHUB)} or {@code fakes(Fake.JIRA, Fake.GITHUB)}. A fake that is not listed still starts
     * when asked for.
     */
    public B fakes(Fake... which) {
        if (which.length == 0) throw new IllegalArgumentException("fakes() needs at least one of JIRA, GITHUB");
        this.fakes = List.of(which);
        return self();
    }

    /** The provider name of the service's GitHub provider. Default {@code github}. */
    public B githubProvider(String name) {
        this.githubProvider = Objects.requireNonNull(name, "name");
        return self();
    }

    /** The plugin the service's GitHub provider uses. Default {@code github} (zen-plugin-github). */
    public B githubPlugin(String name) {
        this.githubPlugin = Objects.requireNonNull(name, "name");
        return self();
    }

    /** Adjusts the fake GitHub before it starts (after the clock is set), e.g. {@code g -> g.coreLimit(10)}. */
    public B configureGitHub(Consumer<FakeGitHub.Builder> customizer) {
        githubCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
        return self();
    }

    /** Fake WebAssembly plugins to install into the workspace plugin folder ({@code .zen/plugins}). */
    public B installPlugins(FakePlugin... plugins) {
        installPlugins.addAll(Arrays.asList(plugins));
        return self();
    }

    /**
     * The service's only provider is an {@link dev.zen.integration.testkit.inmemory.InMemoryTracker} called
     * {@code name} on the environment's clock instead of the fake Jira (which still starts if asked for).
     */
    public B inMemoryTracker(String name) {
        this.trackerName = Objects.requireNonNull(name, "name");
        return self();
    }

    /** The task store, instead of an in-memory one. It is not closed by the environment. */
    public B taskStore(TaskStore store) {
        Objects.requireNonNull(store, "store");
        return taskStore(clock -> store);
    }

    /** Makes the task store once per environment, given the environment's clock. */
    public B taskStore(Function<Clock, ? extends TaskStore> factory) {
        this.taskStore = Objects.requireNonNull(factory, "factory");
        return self();
    }

    /** The sync-record store, instead of an in-memory one. It is not closed by the environment. */
    public B recordStore(SyncRecordStore store) {
        Objects.requireNonNull(store, "store");
        return recordStore(() -> store);
    }

    /** Makes the sync-record store once per environment. */
    public B recordStore(Supplier<? extends SyncRecordStore> factory) {
        this.recordStore = Objects.requireNonNull(factory, "factory");
        return self();
    }

    /** Adjusts the fake Jira before it starts (after the clock, time zone and workflow are set). */
    public B configureJira(Consumer<FakeJira.Builder> customizer) {
        jiraCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
        return self();
    }

    /** Adjusts each provider's configuration, e.g. {@code p -> p.conflictStrategy(ConflictStrategy.MANUAL_REVIEW)}. */
    public B configureProvider(Consumer<ProviderConfig.Builder> customizer) {
        providerCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
        return self();
    }

    /**
     * Adjusts the service's builder after the environment wired it (workspace, clock, stores, locks, credentials,
     * event recorder and provider), e.g. {@code b -> b.parallelism(4).providerCalls(ProviderCalls.direct())}.
     */
    public B configureIntegration(Consumer<ZenIntegration.Builder> customizer) {
        serviceCustomizers.add(Objects.requireNonNull(customizer, "customizer"));
        return self();
    }

    Settings settings() {
        return new Settings(jiraTimeZone, simplifiedWorkflow, clockStart, provider, plugin, installPlugins,
                trackerName, taskStore, recordStore, jiraCustomizers, providerCustomizers, serviceCustomizers, fakes,
                githubProvider, githubPlugin, githubCustomizers);
    }
}
