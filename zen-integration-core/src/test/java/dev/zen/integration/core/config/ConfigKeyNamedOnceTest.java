package dev.zen.integration.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration error names its key exactly once, in the message and in details.key. */
class ConfigKeyNamedOnceTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "resilience.timeout | five minutes",
        "resilience.timeout | -5s",
        "resilience.retry.initial_delay | soon",
        "resilience.retry.max_attempts | 50",
        "resilience.retry.max_attempts | many",
        "resilience.retry.jitter_factor | 0.9",
        "resilience.circuit_breaker.failure_threshold | 0",
        "resilience.circuit_breaker.open_duration | forever",
        "resilience.rate_limit.requests_per_minute | lots",
        "resilience.rate_limit.max_wait | -1s",
        "resilience.bulkhead.max_concurrent_calls | 0",
        "enabled | maybe",
        "sync_direction | sideways",
    })
    void givenABadProviderKeyInTheWorkspaceFileWhenLoadedThenTheErrorNamesTheFullKeyExactlyOnce(String key, String value)
            throws IOException {
        String full = "integrations.providers.jira." + key;
        Path workspace = dir.resolve("ws");
        Files.createDirectories(workspace.resolve(".zen"));
        Files.writeString(workspace.resolve(".zen/config.yaml"), yamlSetting(key, value));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> loader(workspace, Map.of()).load());

        assertNamedOnce(e, full);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "resilience.timeout | five minutes",
        "resilience.retry.max_attempts | 50",
        "resilience.circuit_breaker.open_duration | forever",
    })
    void givenABadProviderKeyFromSetWhenAppliedThenTheErrorNamesTheFullKeyExactlyOnce(String key, String value)
            throws IOException {
        String full = "integrations.providers.jira." + key;
        Path workspace = dir.resolve("ws");
        Files.createDirectories(workspace.resolve(".zen"));
        Files.writeString(workspace.resolve(".zen/config.yaml"), yamlSetting("enabled", "true"));

        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> loader(workspace, Map.of()).set(full, value));

        assertNamedOnce(e, full);
    }

    private ConfigLoader loader(Path workspace, Map<String, String> env) {
        return ConfigLoader.builder(workspace).home(dir.resolve("home")).environment(env).build();
    }

    /** A workspace file with one provider setting at a dotted path below the provider. */
    private static String yamlSetting(String key, String value) {
        StringBuilder yaml = new StringBuilder("integrations:\n  providers:\n    jira:\n      plugin: jira\n");
        String[] parts = key.split("\\.");
        String indent = "      ";
        for (int i = 0; i < parts.length - 1; i++) {
            yaml.append(indent).append(parts[i]).append(":\n");
            indent += "  ";
        }
        return yaml.append(indent).append(parts[parts.length - 1]).append(": '").append(value).append("'\n").toString();
    }

    private static void assertNamedOnce(IntegrationException e, String full) {
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThat(e.getMessage()).startsWith(full + ": ");
        assertThat(occurrences(e.getMessage(), "integrations.providers.jira")).as(e.getMessage()).isEqualTo(1);
        assertThat(e.details()).containsEntry("key", full);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
