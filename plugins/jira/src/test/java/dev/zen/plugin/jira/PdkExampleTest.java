package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PDK's example plugin (plugins/examples/hello), loaded from its folder by the real runtime. */
class PdkExampleTest {
    WasmPluginRegistry registry;

    @BeforeEach
    void registry() {
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of(Path.of("..", "examples")))
                .scanClasspath(false).build();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    Plugin hello(String greeting) {
        PluginConfig.Builder b = PluginConfig.builder("hello").setting("punctuation", "!");
        if (greeting != null) b.setting("greeting", greeting);
        return registry.open(b.build());
    }

    @Test
    void initStoresTheConfigAndHostConfigIsReadable() throws Exception {
        try (Plugin p = hello("Hi")) {
            JsonNode item = JiraPlugin.JSON.readTree(p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"SYNC-1\"}"));

            assertThat(item.path("fields").path("title").asText()).isEqualTo("Hi, SYNC-1!");
        }
    }

    @Test
    void anErrorResultBecomesATypedException() {
        try (Plugin p = hello("Hi")) {
            assertThatThrownBy(() -> p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"missing\"}"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void inputThatIsNotAJsonObjectIsInvalidDataNotATrap() {
        try (Plugin p = hello("Hi")) {
            assertThatThrownBy(() -> p.call(PluginOperation.GET_TASK_DATA, "[1, 2"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA));
            assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).contains("\"healthy\":true");
        }
    }

    /** The PDK's syntax scan (plugins/pdk/json.ts) refuses what it refused before it became a pointer scan. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"x\",}", "{\"id\":01}", "{\"id\":\"a\tb\"}", "{\"id\":tru}",
            "{\"id\":\"\\u12\"}", "{\"id\":\"x\"} x", "{\"id\":1.}", "{\"id\":\"x\"", "{\"id\":fals}",
            "{\"id\":\"\\x\"}", "{\"id\" \"x\"}", "{\"id\":-}", "{\"id\":1e}", "{'id':'x'}", ""})
    void givenMalformedInputWhenCalledThenItIsInvalidDataNotATrap(String input) {
        try (Plugin p = hello("Hi")) {
            assertThatThrownBy(() -> p.call(PluginOperation.GET_TASK_DATA, input))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA));
        }
    }

    @Test
    void givenWellFormedInputWithEveryKindOfValueWhenCalledThenItIsAccepted() throws Exception {
        String deep = "[".repeat(255) + "1" + "]".repeat(255);
        try (Plugin p = hello("Hi")) {
            String item = p.call(PluginOperation.GET_TASK_DATA, " {\"id\":\"S-1\",\"n\":-0.5e+3,\"t\":true,"
                    + "\"f\":false,\"z\":null,\"a\":[1,{\"b\":\"\\u00e9\\n\\\"\"}],\"d\":" + deep + "} ");

            assertThat(JiraPlugin.JSON.readTree(item).path("fields").path("title").asText()).isEqualTo("Hi, S-1!");
        }
    }

    @Test
    void aConfigurationTheInitCheckRefusesIsAConfigError() {
        assertThatThrownBy(() -> hello(null))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("greeting");
                });
    }

    @Test
    void anAbortIsLoggedThroughTheHostBeforeTheInstanceTraps() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        try (Plugin p = hello("Hi")) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThatThrownBy(() -> p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"abort\"}"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED));
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains("plugin aborted: hello was asked to abort");
            assertThat(p.call(PluginOperation.GET_TASK_DATA, "{\"id\":\"after\"}")).contains("Hi, after");
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void anOperationThePluginDoesNotExportIsUnsupported() {
        try (Plugin p = hello("Hi")) {
            assertThat(p.supports(PluginOperation.CREATE_TASK)).isFalse();
            assertThatThrownBy(() -> p.call(PluginOperation.CREATE_TASK, "{}"))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION));
        }
    }
}
