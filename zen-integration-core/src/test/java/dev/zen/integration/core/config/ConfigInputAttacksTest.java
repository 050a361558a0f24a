package dev.zen.integration.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration that carries a secret where none belongs, repeats a key, or is broken: no echo, no last-one-wins. */
class ConfigInputAttacksTest {
    @TempDir Path dir;

    private ConfigLoader loader() {
        return ConfigLoader.builder(dir.resolve("ws")).home(dir.resolve("home")).environment(Map.of()).build();
    }

    private void writeWorkspace(String yaml) throws IOException {
        Path file = dir.resolve("ws/.zen/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    @Test
    void givenAServerUrlWithUserInfoInTheFileWhenLoadedThenTheErrorDoesNotEchoThePassword() throws IOException {
        writeWorkspace("integrations:\n  providers:\n    jira:\n      server_url: https://bot:s3cr3t-pw@acme.test\n");

        assertThatThrownBy(() -> loader().load())
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("integrations.providers.jira.server_url", "https://***@acme.test",
                            "without user info").doesNotContain("s3cr3t-pw").doesNotContain("bot:");
                });
    }

    @Test
    void givenAServerUrlWithUserInfoFromTheEnvironmentOrSetWhenValidatedThenThePasswordIsNotEchoed() {
        ConfigLoader fromEnv = ConfigLoader.builder(dir.resolve("ws")).home(dir.resolve("home"))
                .environment(Map.of("ZEN_INTEGRATIONS_PROVIDERS_JIRA_SERVER_URL", "http://bot:s3cr3t-pw@acme.test/x"))
                .build();

        assertThatThrownBy(fromEnv::load).hasMessageNotContaining("s3cr3t-pw");
        assertThatThrownBy(() -> loader().set("integrations.providers.jira.server_url", "https://u:s3cr3t-pw@h.test"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).doesNotContain("s3cr3t-pw").contains("***@h.test");
                });
        assertThat(dir.resolve("ws/.zen/config.yaml")).doesNotExist();
    }

    @Test
    void givenTheServerUrlKeyTwiceWhenLoadedThenItIsRefusedNamingTheKey() throws IOException {
        writeWorkspace("""
                integrations:
                  providers:
                    jira:
                      server_url: https://acme.atlassian.net
                      project_key: SYNC
                      server_url: https://evil.example
                """);

        assertThatThrownBy(() -> loader().load())
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "integrations.providers.jira.server_url");
                    assertThat(e.getMessage()).contains("appears more than once", "line 6");
                });
    }

    @Test
    void givenBrokenYamlWhenLoadedThenTheErrorGivesThePositionButQuotesNoLineOfTheFile() throws IOException {
        writeWorkspace("integrations:\n  providers:\n    jira: {server_url: https://acme.test, token: hunter2-pw\n");

        assertThatThrownBy(() -> loader().load())
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.getMessage()).contains("not valid YAML", "line ").doesNotContain("hunter2-pw")
                            .doesNotContain("\n");
                    assertThat(e.getCause()).isNull();
                });
    }
}
