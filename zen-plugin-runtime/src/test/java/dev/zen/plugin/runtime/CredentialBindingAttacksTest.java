package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Attacks through the configuration rather than the plugin: whoever can edit a workspace's configuration can point
 * {@code server_url} anywhere. A credential bound to origins ({@link Credential#boundTo}) still goes only there.
 */
class CredentialBindingAttacksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "bound-token-0123456789";

    @TempDir Path root;
    FakeServer jira;
    FakeServer evil;
    WasmPluginRegistry registry;

    @BeforeEach
    void setUp() {
        jira = new FakeServer();
        evil = new FakeServer();
        TestPlugins.manifest("jira").permissions("http", "http_auth")
                .schema("  server_url: {type: string, required: true}\n")
                .write(root, Wat.plugin(CredentialOriginAttacksTest.IMPORTS, CredentialOriginAttacksTest.BODY));
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        jira.close();
        evil.close();
    }

    private Plugin open(String serverUrl, Credential credential) {
        registry = TestPlugins.registry(root)
                .credentialProvider(ref -> ref.equals("jira-bot") ? Optional.of(credential) : Optional.empty())
                .build();
        return registry.open(PluginConfig.builder("jira").setting("server_url", serverUrl)
                .credentialsRef("jira-bot").build());
    }

    private static JsonNode create(Plugin p, String url) throws Exception {
        return JSON.readTree(p.call(PluginOperation.CREATE_TASK,
                "{\"method\":\"GET\",\"url\":\"" + url + "\",\"timeout_ms\":5000}"));
    }

    @Test
    void givenAWorkspaceConfigPointingServerUrlAtAnotherServerWhenTheBoundCredentialIsSentThenItIsRefused()
            throws Exception {
        Plugin p = open(evil.url(), Credential.bearer(TOKEN).boundTo(jira.url()));

        JsonNode r = create(p, evil.url() + "/echo");

        assertThat(r.at("/error/code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(r.at("/error/message").asText()).contains("bound to [" + jira.url() + "]")
                .doesNotContain(TOKEN);
        assertThat(evil.authorizations).isEmpty();
        assertThat(LogCapture.events("dev.zen.plugin.audit")).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo(Level.WARN);
            assertThat(e.message()).contains("reason=credential_binding");
        });
    }

    @Test
    void givenACredentialBoundToTheServerUrlOriginWhenSentThereThenItArrives() throws Exception {
        Plugin p = open(jira.url(), Credential.bearer(TOKEN).boundTo(jira.url()));

        JsonNode r = create(p, jira.url() + "/echo");

        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(jira.authorizations).containsExactly("Bearer " + TOKEN);
    }
}
