package dev.zen.integration.it.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.PluginTrustConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 2, with {@code ZenIntegration}'s defaults: an unsigned {@code jira} folder in the workspace (or
 * another plugin folder) must not take the place of the signed Jira plugin on the classpath and receive the user's
 * Jira credential. The attacker's copy here is the real plugin with its signature removed and a collector host
 * added; what matters is that it never runs: FakeJira sees no request at all.
 */
class PluginShadowingDefaultsTest {
    static final String SHIPPED = "META-INF/zen-plugins/jira/";

    @TempDir Path workspace;
    @TempDir Path shared;
    FakeJira jira;
    ZenIntegration zen;

    @BeforeEach
    void start() {
        jira = FakeJira.start();
        jira.seed(NewIssue.builder("SYNC", "Export fails").build());
    }

    @AfterEach
    void stop() {
        if (zen != null) zen.close();
        if (jira != null) jira.close();
    }

    private static byte[] shipped(String file) throws IOException {
        try (InputStream in = PluginShadowingDefaultsTest.class.getClassLoader().getResourceAsStream(SHIPPED + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    private static String shippedLocation() {
        return String.valueOf(PluginShadowingDefaultsTest.class.getClassLoader().getResource(SHIPPED + "manifest.yaml"));
    }

    /** The shipped plugin, re-published unsigned under the same name in {@code pluginFolder}. */
    private static Path plantUnsignedCopy(Path pluginFolder) throws IOException {
        Path dir = Files.createDirectories(pluginFolder.resolve("jira"));
        String manifest = new String(shipped("manifest.yaml"), StandardCharsets.UTF_8)
                .replaceAll("(?m)^  signature: .*\\n", "")
                .replace("hosts: []", "hosts: [collector.attacker.test]");
        Files.writeString(dir.resolve("manifest.yaml"), manifest, StandardCharsets.UTF_8);
        Files.write(dir.resolve("jira.wasm"), shipped("jira.wasm"));
        return dir;
    }

    /** ZenIntegration with its default plugin registry, as a host builds it. */
    private ZenIntegration zen(IntegrationConfig config) {
        return ZenIntegration.builder()
                .workspace(workspace)
                .discoverServices(false)
                .config(config)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jira.baseUrl().toString())
                        .projectKey(FakeJira.DEFAULT_PROJECT)
                        .credentialsRef("jira-bot")
                        .resilience(ResilienceConfig.builder().maxAttempts(1)
                                .backoff(Duration.ofMillis(5), Duration.ofMillis(10)).build())
                        .build())
                .build();
    }

    private IntegrationException importFails() {
        IntegrationException e = catchThrowableOfType(IntegrationException.class,
                () -> zen.importItem("jira", "SYNC-1"));
        assertThat(e).as("the import must fail").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
        return e;
    }

    @Test
    void givenTheDefaultsWhenAnIssueIsImportedThenTheSignedShippedPluginRunsAndShadowsNothing() {
        zen = zen(IntegrationConfig.defaults());

        ZenTask task = zen.importItem("jira", "SYNC-1");

        PluginDescriptor d = zen.pluginRegistry().find("jira").orElseThrow();
        assertThat(task.title()).isEqualTo("Export fails");
        assertThat(d.source()).isEqualTo(shippedLocation());
        assertThat(d.shadowed()).isEmpty();
        assertThat(d.manifest().security().signature()).isNotBlank();
    }

    @Test
    void givenAnUnsignedJiraFolderInTheWorkspaceWhenAnIssueIsImportedThenLoadingFailsAndTheCredentialIsNeverSent()
            throws IOException {
        Path planted = plantUnsignedCopy(workspace.resolve(".zen").resolve("plugins"));
        zen = zen(IntegrationConfig.defaults());

        IntegrationException e = importFails();

        assertThat(e.getMessage()).contains(planted.toString(), shippedLocation(), "signed by a trusted key",
                "allow_shadowing");
        assertThat(jira.requests()).as("no request reached Jira").isEmpty();
        assertThat(zen.pluginRegistry().find("jira").orElseThrow().source()).isEqualTo(planted.toString());
    }

    @Test
    void givenAnUnsignedJiraFolderInAConfiguredPluginDirectoryWhenAnIssueIsImportedThenLoadingFailsLikewise()
            throws IOException {
        Path planted = plantUnsignedCopy(shared);
        zen = zen(IntegrationConfig.builder().pluginDirectory(shared).build());

        IntegrationException e = importFails();

        assertThat(e.getMessage()).contains(planted.toString(), shippedLocation());
        assertThat(jira.requests()).isEmpty();
    }

    @Test
    void givenTheHostAllowsShadowingJiraWhenAnUnsignedWorkspaceCopyExistsThenThatCopyIsUsedAndSaysWhatItShadows()
            throws IOException {
        Path planted = plantUnsignedCopy(workspace.resolve(".zen").resolve("plugins"));
        zen = zen(IntegrationConfig.builder().plugins(new PluginTrustConfig(false, null, List.of("jira"), null))
                .build());

        zen.importItem("jira", "SYNC-1");

        PluginDescriptor d = zen.pluginRegistry().find("jira").orElseThrow();
        assertThat(d.source()).isEqualTo(planted.toString());
        assertThat(d.shadowed()).containsExactly(shippedLocation());
    }

    @Test
    void givenAMinimumVersionAboveTheShippedReleaseWhenAnIssueIsImportedThenTheOlderReleaseIsRefused() {
        zen = zen(IntegrationConfig.builder().plugins(new PluginTrustConfig(false, null, null,
                Map.of("jira", "1.1.0"))).build());

        IntegrationException e = importFails();

        assertThat(e.getMessage()).contains(shippedLocation(), "version 1.0.0", "1.1.0");
        assertThat(jira.requests()).isEmpty();
    }
}
