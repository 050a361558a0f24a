package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginPermission;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    private static final String HEX = "a".repeat(64);
    static final String VALID = """
            schema_version: 1
            plugin:
              name: jira
              version: 1.0.0
              description: Jira Cloud
              author: Zen
            capabilities: [get_task, create_task]
            runtime:
              wasm_file: lib/jira.wasm
              memory_limit: 16MiB
              execution_timeout: 500ms
              cpu_limit: 0.5
            api_requirements:
              abi_version: 1
              hosts: [api.atlassian.com]
            security:
              permissions: [http_auth, log]
              checksum: sha256:%s
            configuration_schema:
              server_url: {type: string, required: true, pattern: "^https?://.+"}
              issue_type: {type: string, default: Task}
              page_size: {type: integer, default: 50}
            """.formatted(HEX);

    private static PluginManifest parse(String yaml) {
        return ManifestParser.parse("test", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenACompleteManifestWhenParsedThenEverySectionIsRead() {
        PluginManifest m = parse(VALID);

        assertThat(m.plugin().name()).isEqualTo("jira");
        assertThat(m.capabilities()).containsExactly("get_task", "create_task");
        assertThat(m.runtime().wasmFile()).isEqualTo("lib/jira.wasm");
        assertThat(m.runtime().memoryLimitBytes()).isEqualTo(16L << 20);
        assertThat(m.runtime().executionTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(m.runtime().cpuLimit()).isEqualTo(0.5);
        assertThat(m.apiRequirements().hosts()).containsExactly("api.atlassian.com");
        assertThat(m.security().permissions()).containsExactlyInAnyOrder(PluginPermission.HTTP_AUTH,
                PluginPermission.LOG);
        assertThat(m.configurationSchema().get("server_url").required()).isTrue();
        assertThat(m.configurationSchema().get("issue_type").defaultValue()).isEqualTo("Task");
        assertThat(m.configurationSchema().get("page_size").defaultValue()).isEqualTo(50);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown schema version | 'schema_version: 1' | 'schema_version: 2' | schema_version",
        "missing plugin name    | '  name: jira'       | ''                  | plugin.name",
        "missing version        | '  version: 1.0.0'   | ''                  | plugin.version",
        "missing runtime        | 'runtime:'           | 'runtimes:'         | runtimes",
        "missing wasm_file      | '  wasm_file: lib/jira.wasm' | ''          | runtime.wasm_file",
        "wasm_file escaping     | 'lib/jira.wasm'      | '../../etc/x.wasm'  | runtime.wasm_file",
        "absolute wasm_file     | 'lib/jira.wasm'      | /etc/x.wasm         | runtime.wasm_file",
        "bad size               | 16MiB                | 16 parsecs          | runtime.memory_limit",
        "too small size         | 16MiB                | 1KiB                | runtime.memory_limit",
        "missing memory_limit   | '  memory_limit: 16MiB' | ''               | runtime.memory_limit",
        "bad duration           | 500ms                | soon                | runtime.execution_timeout",
        "unit-less duration     | 500ms                | '500'               | runtime.execution_timeout",
        "zero duration          | 500ms                | 0s                  | runtime.execution_timeout",
        "missing checksum       | '  checksum: sha256:' | '  checksun: sha256:' | security.checksun",
        "malformed checksum     | 'sha256:aaaa'        | 'sha256:zz'         | security.checksum",
        "unknown permission     | '[http_auth, log]'   | '[http_auth, root]' | security.permissions",
        "typo in a section key  | '  cpu_limit: 0.5'   | '  cpu_limt: 0.5'   | runtime.cpu_limt",
        "bad config type        | '{type: integer, default: 50}' | '{type: int}' | configuration_schema.page_size.type",
        "bad config pattern     | '\"^https?://.+\"'   | '\"[unclosed\"'     | configuration_schema.server_url.pattern",
        "newer abi              | '  abi_version: 1'   | '  abi_version: 2'  | api_requirements.abi_version",
    })
    void givenABrokenManifestWhenParsedThenLoadFailsNamingTheKey(String title, String from, String to,
                                                                 String key) {
        String broken = VALID.replaceFirst(Pattern.quote(from) + (from.endsWith(":") ? "" : ""),
                Matcher.quoteReplacement(to));
        assertThat(broken).as("test setup for " + title).isNotEqualTo(VALID);

        assertThatThrownBy(() -> parse(broken))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
                    assertThat(e.getMessage()).contains("'" + key);
                });
    }

    @Test
    void givenNoChecksumWhenParsedThenItIsReadAsAbsentForTheLoaderToRefuse() {
        // the spec's example manifest has no checksum: it parses, and Integrity refuses to load the module
        // (SpecManifestTest#givenTheSpecExampleManifestWithoutAChecksumWhenItsPluginIsLoadedThenLoadFailsNamingTheChecksum)
        assertThat(parse(VALID.replace("  checksum: sha256:" + HEX + "\n", "")).security().checksum()).isNull();
    }

    @Test
    void givenAWasmFileWithANulCharacterWhenParsedThenLoadFailsNamingTheKey() {
        assertThatThrownBy(() -> parse(VALID.replace("wasm_file: lib/jira.wasm", "wasm_file: \"lib/\\0.wasm\"")))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
                    assertThat(e.getMessage()).contains("'runtime.wasm_file'", "control character");
                });
    }

    @Test
    void givenTextThatIsNotYamlWhenParsedThenLoadFailsSayingSo() {
        assertThatThrownBy(() -> parse("schema_version: [1\n  oops: {"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
                    assertThat(e.getMessage()).contains("not valid YAML");
                });
    }

    @ParameterizedTest
    @CsvSource({"65536,65536", "64KiB,65536", "16MiB,16777216", "1GiB,1073741824", "2MB,2097152", "512 KiB,524288"})
    void givenASizeWithAUnitWhenParsedThenItIsBytesInPowersOf1024(String text, long bytes) {
        assertThat(Units.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "5s,5000", "2m,120000"})
    void givenADurationWithAUnitWhenParsedThenItIsThatLong(String text, long millis) {
        assertThat(Units.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
