package dev.zen.integration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.store.InMemoryLockProvider;
import dev.zen.integration.core.store.InMemorySyncRecordStore;
import dev.zen.integration.core.store.InMemoryTaskStore;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public method of the service refuses a null or blank argument with INVALID_DATA naming it. */
class ApiArgumentsTest {
    private static ZenIntegration zen;

    @BeforeAll
    static void open() {
        zen = ZenIntegration.builder().discoverServices(false).taskStore(new InMemoryTaskStore())
                .recordStore(new InMemorySyncRecordStore()).lockProvider(new InMemoryLockProvider())
                .provider(ProviderConfig.builder("jira").build()).build();
    }

    @AfterAll
    static void close() {
        zen.close();
    }

    /** The call (method and arity), the argument it gets wrong, and how. */
    static Stream<Arguments> badCalls() {
        return Stream.of(
                call("sync/2", "taskIds", z -> z.sync(null, SyncDirection.BIDIRECTIONAL)),
                call("sync/2", "taskIds[1]", z -> z.sync(Arrays.asList("task-1", null), SyncDirection.PUSH)),
                call("sync/2", "taskIds[0]", z -> z.sync(List.of(" "), SyncDirection.PUSH)),
                call("sync/2", "direction", z -> z.sync(List.of("task-1"), null)),
                call("sync/1", "request", z -> z.sync((SyncRequest) null)),
                call("syncAsync/1", "request", z -> z.syncAsync(null)),
                call("importItem/2", "provider", z -> z.importItem(null, "SYNC-7")),
                call("importItem/2", "provider", z -> z.importItem("", "SYNC-7")),
                call("importItem/2", "externalId", z -> z.importItem("jira", null)),
                call("importItem/2", "externalId", z -> z.importItem("jira", "")),
                call("link/3", "taskId", z -> z.link(null, "jira", "SYNC-7")),
                call("link/3", "taskId", z -> z.link("  ", "jira", "SYNC-7")),
                call("link/3", "provider", z -> z.link("task-1", null, "SYNC-7")),
                call("link/3", "externalId", z -> z.link("task-1", "jira", "")),
                call("unlink/1", "taskId", z -> z.unlink(null)),
                call("unlink/1", "taskId", z -> z.unlink("")),
                call("discardPending/1", "taskId", z -> z.discardPending(null)),
                call("discardPending/1", "taskId", z -> z.discardPending("\t")),
                call("publish/2", "taskId", z -> z.publish(null, "jira")),
                call("publish/2", "taskId", z -> z.publish("", "jira")),
                call("publish/2", "provider", z -> z.publish("task-1", null)),
                call("resolve/2", "conflictId", z -> z.resolve(null, ConflictResolution.local())),
                call("resolve/2", "conflictId", z -> z.resolve("", ConflictResolution.local())),
                call("resolve/2", "resolution", z -> z.resolve("c-1", null)),
                call("pause/1", "taskId", z -> z.pause(null)),
                call("pause/1", "taskId", z -> z.pause(" ")),
                call("resume/1", "taskId", z -> z.resume("")),
                call("pauseProvider/1", "provider", z -> z.pauseProvider(null)),
                call("resumeProvider/1", "provider", z -> z.resumeProvider("")),
                call("health/1", "maxOutboxAge", z -> z.health(null)),
                call("audit/1", "query", z -> z.audit(null)),
                call("replacePlugin/2", "provider", z -> z.replacePlugin(null, new NoPlugin())),
                call("replacePlugin/2", "plugin", z -> z.replacePlugin("jira", null)),
                call("reloadPlugin/1", "provider", z -> z.reloadPlugin(" ")),
                call("pinPlugin/2", "provider", z -> z.pinPlugin(null, "1.0.0")),
                call("pinPlugin/2", "versionRange", z -> z.pinPlugin("jira", " ")),
                call("unpinPlugin/1", "provider", z -> z.unpinPlugin("")),
                call("rollbackPlugin/1", "provider", z -> z.rollbackPlugin(null)),
                call("pluginVersions/1", "provider", z -> z.pluginVersions("")),
                call("syncScope/1", "provider", z -> z.syncScope(null)),
                call("syncScope/1", "provider", z -> z.syncScope(" ")),
                call("syncItems/2", "provider", z -> z.syncItems(null, List.of("SYNC-7"))),
                call("syncItems/2", "externalIds", z -> z.syncItems("jira", null)),
                call("syncItems/2", "externalIds[1]", z -> z.syncItems("jira", Arrays.asList("SYNC-7", null))),
                call("syncItems/2", "externalIds[0]", z -> z.syncItems("jira", List.of(""))));
    }

    private static Arguments call(String method, String argument, Consumer<ZenIntegration> call) {
        return Arguments.of(method, argument, call);
    }

    @ParameterizedTest(name = "{0} with a bad {1}")
    @MethodSource("badCalls")
    void givenANullOrBlankArgumentWhenAPublicMethodIsCalledThenItFailsWithInvalidDataNamingTheArgument(
            String method, String argument, Consumer<ZenIntegration> call) {
        Throwable thrown = catchThrowable(() -> call.accept(zen));

        assertThat(thrown).as(method).isInstanceOf(IntegrationException.class);
        IntegrationException e = (IntegrationException) thrown;
        assertThat(e.code()).as(method).isEqualTo(ErrorCode.INVALID_DATA);
        assertThat(e.getMessage()).as(method).startsWith(argument + " must not be");
        assertThat(e.details()).as(method).containsEntry("argument", argument);
    }

    @Test
    void givenTheServiceInterfaceWhenItsMethodsAreListedThenEveryMethodTakingArgumentsIsInTheTable() {
        Set<String> withArguments = Arrays.stream(TaskSyncService.class.getMethods())
                .filter(m -> m.getParameterCount() > 0).map(ApiArgumentsTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = badCalls().map(a -> (String) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));

        assertThat(covered).containsAll(withArguments);
        assertThat(covered).as("every ZenIntegration method with arguments is in the table above")
                .containsAll(Arrays.stream(ZenIntegration.class.getDeclaredMethods()).filter(m -> !m.isSynthetic())
                        .filter(m -> m.getParameterCount() > 0).map(ApiArgumentsTest::signature).toList());
    }

    /** A plugin that is never called: the argument check comes first. */
    private static final class NoPlugin implements Plugin {
        @Override
        public PluginDescriptor descriptor() {
            throw new UnsupportedOperationException("never called");
        }

        @Override
        public boolean supports(PluginOperation operation) {
            return false;
        }

        @Override
        public String call(PluginOperation operation, String inputJson) {
            throw new UnsupportedOperationException("never called");
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    private static String signature(Method m) {
        return m.getName() + "/" + m.getParameterCount();
    }

    @Test
    void givenASyncRequestBuiltWithANullIdWhenBuiltThenItFailsWithInvalidDataNamingThePosition() {
        Collection<String> ids = Arrays.asList("a", null);

        Throwable thrown = catchThrowable(() -> SyncRequest.builder().tasks(ids).build());

        assertThat(thrown).isInstanceOf(IntegrationException.class).hasMessage("taskIds[1] must not be null");
    }
}
