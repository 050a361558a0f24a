package dev.zen.integration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.store.FileTaskStore;
import dev.zen.integration.core.store.InMemoryAuditLog;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.core.store.YamlSyncRecordStore;
import dev.zen.integration.spi.AuditLog;
import dev.zen.integration.spi.ServiceContext;
import dev.zen.integration.spi.ServiceFactory;
import dev.zen.integration.spi.ServiceKind;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services made by a {@link ServiceFactory} registered with ServiceLoader, which receive their context (workspace,
 * settings, clock), and discovery narrowed to some kinds. Each test registers its factories in its own class path
 * folder, so the other tests of this module do not see them.
 */
class ServiceFactoryDiscoveryTest {
    private static final ProviderConfig JIRA = ProviderConfig.builder("jira").build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    @TempDir Path workspace;
    @TempDir Path classPath;

    /** Makes an in-memory task store and remembers the context it was given. */
    public static final class TaskStoreFactory implements ServiceFactory<TaskStore> {
        static final AtomicReference<ServiceContext> SEEN = new AtomicReference<>();

        @Override public ServiceKind kind() { return ServiceKind.TASK_STORE; }

        @Override public TaskStore create(ServiceContext context) {
            SEEN.set(context);
            return new InMemoryTaskStore(context.clock());
        }
    }

    /** A second factory of the same kind. */
    public static final class OtherTaskStoreFactory implements ServiceFactory<TaskStore> {
        @Override public ServiceKind kind() { return ServiceKind.TASK_STORE; }
        @Override public TaskStore create(ServiceContext context) { return new InMemoryTaskStore(); }
    }

    /** Fails the way a factory with a missing setting would. */
    public static final class FailingRecordStoreFactory implements ServiceFactory<SyncRecordStore> {
        @Override public ServiceKind kind() { return ServiceKind.RECORD_STORE; }
        @Override public SyncRecordStore create(ServiceContext context) {
            throw new IllegalStateException("setting 'url' is missing");
        }
    }

    /** Makes a working record store. */
    public static final class RecordStoreFactory implements ServiceFactory<SyncRecordStore> {
        @Override public ServiceKind kind() { return ServiceKind.RECORD_STORE; }
        @Override public SyncRecordStore create(ServiceContext context) { return new InMemorySyncRecordStore(); }
    }

    /** Makes an in-memory audit log and keeps it, so the test can see the engine uses it. */
    public static final class AuditLogFactory implements ServiceFactory<AuditLog> {
        static final AtomicReference<InMemoryAuditLog> MADE = new AtomicReference<>();

        @Override public ServiceKind kind() { return ServiceKind.AUDIT_LOG; }

        @Override public AuditLog create(ServiceContext context) {
            MADE.set(new InMemoryAuditLog());
            return MADE.get();
        }
    }

    /** Claims to make a task store but makes something else. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class WrongTypeFactory implements ServiceFactory {
        @Override public ServiceKind kind() { return ServiceKind.TASK_STORE; }
        @Override public Object create(ServiceContext context) { return "not a store"; }
    }

    /** A class loader that sees this module's classes plus a service file registering {@code factories}. */
    private ClassLoader registering(Class<?>... factories) {
        try {
            Path services = classPath.resolve("META-INF/services/" + ServiceFactory.class.getName());
            Files.createDirectories(services.getParent());
            Files.writeString(services, Arrays.stream(factories).map(Class::getName).collect(Collectors.joining("\n")));
            return new URLClassLoader(new URL[] {classPath.toUri().toURL()}, getClass().getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void givenATaskStoreFactoryWhenBuiltThenItMakesTheStoreWithTheWorkspaceSettingsAndClock() {
        TaskStoreFactory.SEEN.set(null);
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).clock(CLOCK).provider(JIRA)
                .classLoader(registering(TaskStoreFactory.class))
                .serviceSettings(ServiceKind.TASK_STORE, Map.of("file", "acme/tasks.json")).build()) {
            ServiceContext context = TaskStoreFactory.SEEN.get();

            assertThat(zen.taskStore()).isInstanceOf(InMemoryTaskStore.class);
            assertThat(context.kind()).isEqualTo(ServiceKind.TASK_STORE);
            assertThat(context.workspace()).isEqualTo(workspace.toAbsolutePath());
            assertThat(context.settings()).containsExactly(Map.entry("file", "acme/tasks.json"));
            assertThat(context.resolve(context.setting("file", "x"))).isEqualTo(workspace.resolve("acme/tasks.json"));
            assertThat(context.clock()).isSameAs(CLOCK);
            assertThatThrownBy(() -> context.settings().put("file", "elsewhere"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void givenAnAuditLogFactoryWhenBuiltThenTheServiceRecordsIntoAndQueriesItsLog() {
        AuditLogFactory.MADE.set(null);
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).clock(CLOCK).provider(JIRA)
                .classLoader(registering(AuditLogFactory.class)).build()) {
            AuditEntry entry = new AuditEntry(CLOCK.instant(), AuditEntry.Action.LINKED, "t-1", "jira", "SYNC-1",
                    null, null, null, null, Map.of());
            AuditLogFactory.MADE.get().append(entry);

            assertThat(zen.audit(AuditQuery.forTask("t-1"))).containsExactly(entry);
            assertThat(workspace.resolve(".zen/audit")).doesNotExist(); // not the default JSON-lines log
        }
    }

    @Test
    void givenATaskStoreFactoryAndAPlainRegistrationWhenBuiltThenTheFactoryWins() {
        // this module's test resources register DiscoveredTaskStore itself (ZenIntegrationBuilderTest)
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).provider(JIRA)
                .classLoader(registering(TaskStoreFactory.class)).build()) {
            assertThat(zen.taskStore()).isInstanceOf(InMemoryTaskStore.class);
        }
    }

    @Test
    void givenTwoFactoriesOfOneKindWhenBuiltThenConfigErrorNamingBoth() {
        ClassLoader loader = registering(TaskStoreFactory.class, OtherTaskStoreFactory.class);

        assertThatThrownBy(() -> ZenIntegration.builder().workspace(workspace).provider(JIRA).classLoader(loader)
                .build()).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("kind", "TASK_STORE");
                    assertThat(e.getMessage()).contains(TaskStoreFactory.class.getName(),
                            OtherTaskStoreFactory.class.getName(), "task store");
                });
    }

    @Test
    void givenAFactoryThatThrowsWhenBuiltThenConfigErrorNamingIt() {
        ClassLoader loader = registering(FailingRecordStoreFactory.class);

        assertThatThrownBy(() -> ZenIntegration.builder().workspace(workspace).provider(JIRA).classLoader(loader)
                .build()).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains(FailingRecordStoreFactory.class.getName(), "record store",
                            "setting 'url' is missing");
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                });
    }

    @Test
    void givenAFactoryMakingTheWrongTypeWhenBuiltThenConfigErrorNamingIt() {
        ClassLoader loader = registering(WrongTypeFactory.class);

        assertThatThrownBy(() -> ZenIntegration.builder().workspace(workspace).provider(JIRA).classLoader(loader)
                .build()).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains(WrongTypeFactory.class.getName(), "java.lang.String",
                            "TaskStore");
                });
    }

    @Test
    void givenDiscoveryNarrowedToRecordStoresWhenBuiltThenOnlyTheRecordStoreIsDiscovered() {
        ClassLoader loader = registering(TaskStoreFactory.class, RecordStoreFactory.class);

        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).provider(JIRA).classLoader(loader)
                .discoverServices(ServiceKind.RECORD_STORE).build()) {
            assertThat(zen.recordStore()).isInstanceOf(InMemorySyncRecordStore.class);
            assertThat(zen.taskStore()).isInstanceOf(FileTaskStore.class); // neither the factory nor DiscoveredTaskStore
        }
    }

    @Test
    void givenDiscoveryTurnedOffWhenBuiltThenNoFactoryIsAsked() {
        ClassLoader loader = registering(FailingRecordStoreFactory.class);

        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).provider(JIRA).classLoader(loader)
                .discoverServices(false).build()) {
            assertThat(zen.recordStore()).isInstanceOf(YamlSyncRecordStore.class);
            assertThat(zen.taskStore()).isInstanceOf(FileTaskStore.class);
        }
    }

    @Test
    void givenNarrowedDiscoveryWhenTheNoArgumentFormIsCalledThenEveryKindIsDiscoveredAgain() {
        ClassLoader loader = registering(TaskStoreFactory.class, RecordStoreFactory.class);

        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).provider(JIRA).classLoader(loader)
                .discoverServices(ServiceKind.SYNC_LISTENER).discoverServices().build()) {
            assertThat(zen.taskStore()).isInstanceOf(InMemoryTaskStore.class);
            assertThat(zen.recordStore()).isInstanceOf(InMemorySyncRecordStore.class);
        }
    }
}
