package dev.zen.integration.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code integrations.plugins}: which plugins the default registry trusts. The user config, the environment and
 * code may set it; the workspace config, which lives beside the workspace's own plugin folder, may not.
 */
class PluginTrustConfigTest {
    static final String KEY = "MCowBQYDK2VwAyEAzYnV85lhOATYzbc5QI17s30mF1mNubZEs5+G6vgJ5mU=";

    @TempDir Path dir;

    private Path workspace() {
        return dir.resolve("ws");
    }

    private ConfigLoader loader(Map<String, String> env) {
        return ConfigLoader.builder(workspace()).home(dir.resolve("home")).environment(env).build();
    }

    private static void write(Path file, String yaml) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    private static IntegrationException configError(Runnable r) {
        IntegrationException e = catchThrowableOfType(IntegrationException.class, r::run);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        return e;
    }

    @Test
    void givenNothingConfiguredWhenLoadedThenOnlyTheBuiltInTrustApplies() {
        assertThat(loader(Map.of()).load().plugins()).isEqualTo(PluginTrustConfig.defaults());
        assertThat(PluginTrustConfig.defaults().requireSignatures()).isFalse();
        assertThat(PluginTrustConfig.defaults().allowShadowing()).isEmpty();
    }

    @Test
    void givenPluginTrustInTheUserConfigWhenLoadedThenEveryKeyIsBound() throws IOException {
        write(dir.resolve("home/.zen/config.yaml"), """
                integrations:
                  plugins:
                    require_signatures: true
                    trusted_keys: [%s]
                    allow_shadowing: [jira, github]
                    minimum_versions: {jira: 1.2.0, github: 2.0.0-rc.1}
                """.formatted(KEY));

        PluginTrustConfig trust = loader(Map.of()).load().plugins();

        assertThat(trust.requireSignatures()).isTrue();
        assertThat(trust.trustedKeys()).containsExactly(KEY);
        assertThat(trust.allowShadowing()).containsExactly("jira", "github");
        assertThat(trust.minimumVersions()).containsEntry("jira", "1.2.0").containsEntry("github", "2.0.0-rc.1");
    }

    @Test
    void givenPluginTrustInEnvironmentVariablesWhenLoadedThenItIsBound() {
        PluginTrustConfig trust = loader(Map.of(
                "ZEN_INTEGRATIONS_PLUGINS_REQUIRE_SIGNATURES", "true",
                "ZEN_INTEGRATIONS_PLUGINS_ALLOW_SHADOWING", "jira",
                "ZEN_INTEGRATIONS_PLUGINS_MINIMUM_VERSIONS_JIRA", "1.3.0")).load().plugins();

        assertThat(trust.requireSignatures()).isTrue();
        assertThat(trust.allowShadowing()).containsExactly("jira");
        assertThat(trust.minimumVersions()).containsEntry("jira", "1.3.0");
    }

    @Test
    void givenAWorkspaceConfigAllowingItsOwnPluginToShadowTheShippedOneWhenLoadedThenItIsRefused()
            throws IOException {
        Path file = workspace().resolve(".zen/config.yaml");
        write(file, "integrations:\n  plugins:\n    allow_shadowing: [jira]\n");

        IntegrationException e = configError(() -> loader(Map.of()).load());

        assertThat(e.getMessage()).contains("integrations.plugins", file.toString(), "user config",
                "ZEN_INTEGRATIONS_PLUGINS_");
    }

    @Test
    void givenAWorkspaceConfigTrustingItsOwnKeyWhenLoadedThenItIsRefused() throws IOException {
        write(workspace().resolve(".zen/config.yaml"), "integrations:\n  plugins:\n    trusted_keys: [" + KEY + "]\n");

        configError(() -> loader(Map.of()).load());
    }

    @Test
    void givenASetOfAPluginTrustKeyWhenWrittenToTheWorkspaceThenItIsRefusedAndNothingIsWritten() {
        ConfigLoader loader = loader(Map.of());

        configError(() -> loader.set("integrations.plugins.allow_shadowing", "jira"));

        assertThat(loader.workspaceConfigFile()).doesNotExist();
    }

    @Test
    void givenAWorkspaceThatIsTheHomeFolderWhenItsConfigSetsPluginTrustThenItIsTheUserConfigAndApplies()
            throws IOException {
        Path home = dir.resolve("home");
        write(home.resolve(".zen/config.yaml"), "integrations:\n  plugins:\n    allow_shadowing: [jira]\n");

        PluginTrustConfig trust = ConfigLoader.builder(home).home(home).environment(Map.of()).build().load()
                .plugins();

        assertThat(trust.allowShadowing()).containsExactly("jira");
    }

    @Test
    void givenATrustedKeyThatIsNotAKeyWhenLoadedThenTheErrorNamesTheKeyPath() throws IOException {
        write(dir.resolve("home/.zen/config.yaml"), "integrations:\n  plugins:\n    trusted_keys: [bm90IGEga2V5]\n");

        IntegrationException e = configError(() -> loader(Map.of()).load());

        assertThat(e.getMessage()).contains("integrations.plugins.trusted_keys[0]", "Ed25519");
    }

    @Test
    void givenAMinimumVersionThatIsNotAVersionWhenLoadedThenTheErrorNamesThePlugin() throws IOException {
        write(dir.resolve("home/.zen/config.yaml"), "integrations:\n  plugins:\n    minimum_versions: {jira: latest}\n");

        IntegrationException e = configError(() -> loader(Map.of()).load());

        assertThat(e.getMessage()).contains("integrations.plugins.minimum_versions.jira", "latest", "1.4.0");
    }

    @Test
    void givenAConfigBuiltInCodeWhenCopiedThenItsPluginTrustIsKept() {
        PluginTrustConfig trust = new PluginTrustConfig(true, null, List.of("jira"), null);

        IntegrationConfig copy = IntegrationConfig.builder().plugins(trust).build().toBuilder().build();

        assertThat(copy.plugins()).isEqualTo(trust);
    }
}
