package dev.zen.integration.core.config;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code credential_origins}: the host-side list of further origins that receive a provider's credential. */
class CredentialOriginsConfigTest {
    @TempDir
    Path dir;

    private IntegrationConfig load(String providerYaml, Map<String, String> env) throws IOException {
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws.resolve(".zen"));
        Files.writeString(ws.resolve(".zen/config.yaml"), "integrations:\n  providers:\n    jira:\n" + providerYaml);
        return ConfigLoader.builder(ws).home(dir.resolve("home")).environment(env).build().load();
    }

    @Test
    void givenCredentialOriginsInYamlWhenLoadedThenTheyAreNormalisedAndReachThePluginConfig() throws IOException {
        IntegrationConfig config = load("""
                      server_url: https://acme.atlassian.net
                      credential_origins: [https://API.atlassian.com, "https://auth.example.test:8443/"]
                """, Map.of());

        ProviderConfig jira = config.provider("jira").orElseThrow();
        PluginConfig forRuntime = jira.toPluginConfig();

        assertThat(jira.credentialOrigins()).containsExactly("https://api.atlassian.com", "https://auth.example.test:8443");
        assertThat(forRuntime.credentialOrigins()).containsExactly("https://api.atlassian.com",
                "https://auth.example.test:8443");
        assertThat(forRuntime.allowedHosts()).containsExactly("acme.atlassian.net");
        assertThat(forRuntime.requestGate()).isNull();
    }

    @Test
    void givenCredentialOriginsInAnEnvironmentVariableWhenLoadedThenTheCommaSeparatedListIsRead() throws IOException {
        IntegrationConfig config = load("      server_url: https://acme.atlassian.net\n",
                Map.of("ZEN_INTEGRATIONS_PROVIDERS_JIRA_CREDENTIAL_ORIGINS", "https://a.example.test,https://b.example.test"));

        assertThat(config.provider("jira").orElseThrow().credentialOrigins())
                .containsExactly("https://a.example.test", "https://b.example.test");
    }

    @Test
    void givenAnEntryThatIsNotABareOriginWhenLoadedThenConfigErrorNamesTheKeyWithoutEchoingUserInfo() {
        for (String bad : List.of("https://api.example.test/rest", "https://api.example.test?x=1",
                "https://bot:hunter2@api.example.test", "ftp://api.example.test", "api.example.test")) {
            assertThatThrownBy(() -> ProviderConfig.builder("jira").credentialOrigin(bad).build())
                    .as(bad).isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                        assertThat(e.details()).containsEntry("key", "integrations.providers.jira.credential_origins[0]");
                        assertThat(e.getMessage()).contains("scheme://host[:port]").doesNotContain("hunter2");
                    });
        }
    }

    @Test
    void givenAServerUrlCarryingACredentialWhenConfiguredThenTheErrorMasksIt() {
        assertThatThrownBy(() -> ProviderConfig.builder("jira").serverUrl("https://bot:hunter2@acme.atlassian.net")
                .build()).isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "integrations.providers.jira.server_url");
                    assertThat(e.getMessage()).contains("https://***@acme.atlassian.net", "without user info")
                            .doesNotContain("hunter2");
                });
    }

    @Test
    void givenAServerUrlWhosePasswordContainsAnAtSignWhenConfiguredThenAllOfItIsMasked() {
        assertThatThrownBy(() -> ProviderConfig.builder("jira").serverUrl("https://bot:hun@ter2@acme.atlassian.net")
                .build()).isInstanceOfSatisfying(IntegrationException.class, e ->
                    assertThat(e.getMessage()).contains("https://***@acme.atlassian.net").doesNotContain("ter2", "hun"));
    }

    @Test
    void givenTheConstructorWithoutCredentialOriginsWhenUsedThenThereAreNone() {
        ProviderConfig old = ProviderConfig.builder("jira").build();
        ProviderConfig viaOldConstructor = new ProviderConfig(old.name(), old.plugin(), old.enabled(), old.serverUrl(),
                old.projectKey(), old.authType(), old.credentialsRef(), old.fieldMapping(), old.syncDirection(),
                old.conflictStrategy(), old.fieldConflictStrategies(), old.fieldDirections(), old.settings(),
                old.resilience());

        assertThat(viaOldConstructor).isEqualTo(old);
        assertThat(viaOldConstructor.credentialOrigins()).isEmpty();
        assertThat(old.toBuilder().credentialOrigin("https://x.example.test").build().toBuilder().build()
                .credentialOrigins()).containsExactly("https://x.example.test");
    }
}
