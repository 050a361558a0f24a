package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks through what a plugin supplies: its manifest (regular expressions, duplicate keys) and its result
 * envelopes (duplicate keys, details posing as the host's, line breaks in messages).
 */
class InputHardeningAttacksTest {
    @TempDir Path root;
    WasmPluginRegistry registry;

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
    }

    private static byte[] plain() {
        return Wat.plugin("", Wat.echo("map_to_zen"));
    }

    private IntegrationException loadFails(String name) {
        registry = TestPlugins.registry(root).build();
        try {
            registry.load(name);
        } catch (IntegrationException e) {
            assertThat(registry.find(name)).hasValueSatisfying(d ->
                    assertThat(d.state()).isEqualTo(PluginDescriptor.State.FAILED));
            return e;
        }
        throw new AssertionError("expected " + name + " to fail loading");
    }

    /**
     * {@code ^(a+)+$} is the textbook case (Java 9+ memoizes that loop shape); {@code (.*a){20}} still takes
     * java.util.regex about n^20 steps to reject. RE2/J takes a number of steps linear in n for both.
     */
    @ParameterizedTest
    @ValueSource(strings = {"^(a+)+$", "^(.*a){20}$"})
    void givenABacktrackingSchemaPatternWhenOpenedWithALongServerUrlThenItAnswersWithinASecond(String pattern) {
        TestPlugins.manifest("regex").schema("  server_url: {type: string, required: true, pattern: \"" + pattern
                + "\"}\n").write(root, plain());
        registry = TestPlugins.registry(root).build();
        registry.load("regex");
        String url = "a".repeat(5_000) + "b";
        long start = System.nanoTime();

        assertThatThrownBy(() -> registry.open(PluginConfig.builder("regex").setting("server_url", url).build()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "server_url");
                });
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"^(a)\\\\1$", "^(?=admin).*", "^(?!x).*", "(?<=a)b", "a*+"})
    void givenABacktrackingOnlyConstructInASchemaPatternWhenLoadedThenItIsRefusedAskingForLinearTimeSyntax(
            String pattern) {
        TestPlugins.manifest("regex").schema("  server_url: {type: string, pattern: \"" + pattern + "\"}\n")
                .write(root, plain());

        IntegrationException e = loadFails("regex");

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("'configuration_schema.server_url.pattern'", "linear-time", "RE2");
    }

    @Test
    void givenNestedCountedRepetitionsInASchemaPatternWhenLoadedThenItIsRefusedInsteadOfExhaustingTheHeap() {
        // RE2/J would unroll this into 10^9 instructions at compile time
        TestPlugins.manifest("regex").schema("  server_url: {type: string, pattern: \"((a{1000}){1000}){1000}\"}\n")
                .write(root, plain());

        IntegrationException e = loadFails("regex");

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("'configuration_schema.server_url.pattern'", "expands to more than");
    }

    @Test
    void givenAnOrdinaryAnchoredPatternWhenOpenedThenMatchingValuesPassAndOthersAreRefused() {
        TestPlugins.manifest("regex").schema("  project_key: {type: string, pattern: \"^[A-Z][A-Z0-9_]+$\"}\n")
                .write(root, plain());
        registry = TestPlugins.registry(root).build();

        registry.open(PluginConfig.builder("regex").setting("project_key", "SYNC_2").build()).close();
        assertThatThrownBy(() -> registry.open(PluginConfig.builder("regex").setting("project_key", "sync").build()))
                .isInstanceOfSatisfying(IntegrationException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR));
    }

    @Test
    void givenASecondPermissionsKeyWhenTheManifestIsLoadedThenItIsRefusedNamingTheKey() throws Exception {
        Path dir = TestPlugins.manifest("dup").permissions("log").write(root, plain());
        Path manifest = dir.resolve("manifest.yaml");
        String yaml = Files.readString(manifest);
        // last-one-wins would turn [log] into [http_auth, log]
        Files.writeString(manifest, yaml.replace("  permissions: [log]\n",
                "  permissions: [log]\n  permissions: [http_auth, log]\n"), StandardCharsets.UTF_8);

        IntegrationException e = loadFails("dup");

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        assertThat(e.getMessage()).contains("'security.permissions'", "more than once");
    }

    @Test
    void givenABrokenManifestWhenLoadedThenTheErrorIsOneLineWithoutExcerptsOfTheFile() throws Exception {
        Path dir = TestPlugins.manifest("broken").write(root, plain());
        Path manifest = dir.resolve("manifest.yaml");
        Files.writeString(manifest, Files.readString(manifest) + "extra: [1, 2\nforged line: x\n");

        IntegrationException e = loadFails("broken");

        assertThat(e.getMessage()).contains("not valid YAML", "line ").doesNotContain("forged line")
                .doesNotContain("\n");
    }

    private WasmPluginRegistry withEnvelope(String envelope) {
        TestPlugins.manifest("env").write(root, Wat.plugin("", Wat.constant("get_task_data", envelope, 3000)));
        return registry = TestPlugins.registry(root).build();
    }

    private IntegrationException callFails(String envelope) {
        WasmPluginRegistry r = withEnvelope(envelope);
        try {
            r.open(PluginConfig.builder("env").build()).call(PluginOperation.GET_TASK_DATA, "{}");
        } catch (IntegrationException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    @Test
    void givenAPluginErrorClaimingReasonTimeoutWhenReturnedThenItDoesNotPassForAHostTimeout() {
        IntegrationException e = callFails("{\"error\":{\"code\":\"PLUGIN_EXECUTION_FAILED\",\"message\":\"slow\","
                + "\"details\":{\"reason\":\"timeout\",\"plugin\":\"jira\",\"operation\":\"x\","
                + "\"plugin_reason\":\"own\",\"http_status\":\"503\",\"key\":\"project_key\"}}}");

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).doesNotContainKey("operation")
                .containsEntry("reason", "plugin_error")
                .containsEntry("plugin", "env")
                .containsEntry("plugin_reason", "timeout")
                .containsEntry("plugin_plugin", "jira")
                .containsEntry("plugin_operation", "x")
                .containsEntry("plugin_plugin_reason", "own")
                .containsEntry("http_status", "503")
                .containsEntry("key", "project_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOCK_TIMEOUT", "INTERNAL_ERROR", "STORAGE_ERROR", "INTERRUPTED", "PLUGIN_LOAD_FAILED",
            "PLUGIN_NOT_FOUND"})
    void givenAPluginErrorClaimingAHostOnlyCodeWhenReturnedThenItArrivesAsThePluginsOwnFailure(String hostCode) {
        IntegrationException e = callFails("{\"error\":{\"code\":\"" + hostCode + "\",\"message\":\"retry me\","
                + "\"retryable\":true}}");

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("plugin_code", hostCode).containsEntry("reason", "plugin_error");
    }

    @Test
    void givenAPluginErrorWithLineBreaksAndEscapesWhenThrownThenMessageCodeAndDetailsStayOnOneLine() {
        IntegrationException e = callFails("{\"error\":{\"code\":\"X\\r\\nY\",\"message\":\"failed\\r\\n"
                + "2026-01-01 ERROR dev.zen.plugin.runtime credential leaked\\u2028\\u001b[31m\","
                + "\"details\":{\"note\\n\":\"a\\nb\\u0085c\"}}}");

        assertThat(e.getMessage()).startsWith("failed\\r\\n2026").contains("\\u2028", "\\u001b[31m")
                .doesNotContain("\r", "\n", "\u2028", "\u001b");
        assertThat(e.details()).containsEntry("plugin_code", "X\\r\\nY").containsEntry("note\\n", "a\\nb\\u0085c");
    }

    @Test
    void givenAnEnvelopeWithTheErrorKeyTwiceWhenDecodedThenTheCallFailsAsMalformedOutput() {
        IntegrationException e = callFails("{\"error\":{\"code\":\"NOT_FOUND\",\"code\":\"RATE_LIMITED\"}}");

        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
        assertThat(e.details()).containsEntry("reason", "malformed_output");
        assertThat(e.getMessage()).contains("'error.code'", "more than once");
    }

    @Test
    void givenAnOkEnvelopeWithADuplicateFieldWhenDecodedThenTheCallFailsAsMalformedOutput() {
        WasmPluginRegistry r = withEnvelope("{\"ok\":{\"id\":\"A-1\",\"id\":\"B-2\"}}");

        assertThatThrownBy(() -> r.open(PluginConfig.builder("env").build()).call(PluginOperation.GET_TASK_DATA, "{}"))
                .isInstanceOfSatisfying(IntegrationException.class, e ->
                        assertThat(e.details()).containsEntry("reason", "malformed_output"));
    }
}
