package dev.zen.integration.testkit.plugins;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each fake plugin against the real plugin runtime: the hostile ones are refused or stopped with the right code. */
@Timeout(60)
class FakePluginsRuntimeTest {
    @TempDir
    Path dir;
    private WasmPluginRegistry registry;

    @BeforeEach
    void installAll() {
        for (FakePlugin p : FakePlugin.values()) FakePlugins.install(dir, p);
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of(dir)).scanClasspath(false).build();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void everyFakeIsDiscoveredUnderItsName() {
        assertThat(registry.list()).extracting(d -> d.name())
                .containsExactlyInAnyOrder(Arrays.stream(FakePlugin.values())
                        .map(FakePlugin::pluginName).toArray(String[]::new));
    }

    @Test
    void cannedAnswersTheConfiguredValue() {
        try (Plugin p = registry.open(PluginConfig.builder(FakePlugin.CANNED.pluginName())
                .setting("get_task_data", Map.of("id", "X-1", "key", "X-1", "fields", Map.of("title", "Hello")))
                .build())) {
            String item = p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"X-1\"}");

            assertThat(item).contains("\"title\":\"Hello\"").contains("\"id\":\"X-1\"");
        }
    }

    @Test
    void cannedAnswersTheConfiguredErrorWithItsCode() {
        try (Plugin p = registry.open(PluginConfig.builder(FakePlugin.CANNED.pluginName())
                .setting("create_task_error", Map.of("code", "RATE_LIMITED", "message", "slow down",
                        "retryable", true, "retry_after_ms", 2000))
                .build())) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> p.call(PluginOperation.CREATE_TASK, "{\"fields\":{\"title\":\"x\"}}"));

            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.getMessage()).contains("slow down");
        }
    }

    @Test
    void cannedWithoutAConfiguredValueSaysWhichSettingToAdd() {
        try (Plugin p = registry.open(PluginConfig.builder(FakePlugin.CANNED.pluginName()).build())) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> p.call(PluginOperation.SEARCH_TASKS, "{\"query\":{},\"cursor\":null,\"limit\":50}"));

            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.getMessage()).contains("named after the operation");
        }
    }

    @Test
    void cannedStaysUsableAcrossManyCalls() {
        try (Plugin p = registry.open(PluginConfig.builder(FakePlugin.CANNED.pluginName())
                .setting("get_task_data", Map.of("id", "X-1")).build())) {
            for (int i = 0; i < 500; i++) {
                assertThat(p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"X-1\"}")).contains("X-1");
            }
        }
    }

    @Test
    void forbiddenImportIsRefusedAtLoadNamingTheImport() {
        assertThatThrownBy(() -> registry.load(FakePlugin.FORBIDDEN_IMPORT.pluginName()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(FakePlugin.FORBIDDEN_IMPORT.expectedError());
                    assertThat(e.getMessage()).contains("http_request");
                });
    }

    @ParameterizedTest
    @EnumSource(value = FakePlugin.class, names = {"INFINITE_LOOP", "MEMORY_BOMB", "TRAP", "HUGE_OUTPUT",
            "MALFORMED_OUTPUT", "SLOW", "FORBIDDEN_HOST", "CREDENTIAL_THIEF"})
    void hostilePluginIsStoppedWithTheExpectedError(FakePlugin plugin) {
        try (Plugin p = registry.open(PluginConfig.builder(plugin.pluginName()).build())) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"X-1\"}"));

            assertThat(e).as("%s must fail", plugin).isNotNull();
            assertThat(e.code()).isEqualTo(plugin.expectedError());
            if (plugin.expectedReason() != null) {
                assertThat(e.details()).containsEntry("reason", plugin.expectedReason());
            }
        }
    }

    @Test
    void credentialThiefWithARealCredentialIsRefusedBeforeAnythingIsSent(@TempDir Path dir) {
        FakePlugins.install(dir, FakePlugin.CREDENTIAL_THIEF);
        try (WasmPluginRegistry withCredential = WasmPluginRegistry.builder().pluginDirectories(List.of(dir))
                .scanClasspath(false)
                .credentialProvider(ref -> Optional.of(Credential.bearer("stolen-if-sent-0123456789")))
                .build();
             Plugin p = withCredential.open(PluginConfig.builder(FakePlugin.CREDENTIAL_THIEF.pluginName())
                     .setting("server_url", "https://acme.example").credentialsRef("jira").build())) {
            IntegrationException e = catchThrowableOfType(IntegrationException.class,
                    () -> p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"X-1\"}"));

            // had the request been sent, the unreachable 127.0.0.2:9 would have answered NETWORK_ERROR
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains("http://127.0.0.2:9", "https://acme.example")
                    .doesNotContain("stolen-if-sent");
        }
    }

    @Test
    void aTrappedInstanceIsReplacedAndThePluginKeepsAnsweringTheSameWay() {
        try (Plugin p = registry.open(PluginConfig.builder(FakePlugin.TRAP.pluginName()).build())) {
            for (int i = 0; i < 3; i++) {
                IntegrationException e = catchThrowableOfType(IntegrationException.class,
                        () -> p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"X-1\"}"));
                assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
            }
        }
    }
}
