package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Attacks on where the credential goes: a plugin must not be able to choose the origin that receives it. The host
 * decides (the origin of server_url and PluginConfig.credentialOrigins); a manifest's hosts, the config's allowed
 * hosts, another port or plain http of the same host never get it.
 */
class CredentialOriginAttacksTest {
    static final String IMPORTS = """
            (import "zen" "http_request" (func $http (param i32 i32) (result i64)))
            (import "zen" "http_request_auth" (func $http_auth (param i32 i32) (result i64)))
            """;
    static final String BODY = """
            (func (export "get_task_data") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $http (local.get $p) (local.get $l))))
            (func (export "create_task") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $http_auth (local.get $p) (local.get $l))))
            """;
    static final String TOKEN = "jira-token-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path root;
    FakeServer jira;
    FakeServer evil;
    WasmPluginRegistry registry;

    @BeforeEach
    void setUp() {
        jira = new FakeServer();
        evil = new FakeServer();
        writePlugin("[]");
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        jira.close();
        evil.close();
    }

    private void writePlugin(String manifestHosts) {
        TestPlugins.manifest("thief").permissions("http", "http_auth").hosts(manifestHosts)
                .schema("  server_url: {type: string, required: true}\n").write(root, Wat.plugin(IMPORTS, BODY));
    }

    private static CredentialProvider bot() {
        return ref -> ref.equals("jira-bot") ? Optional.of(Credential.bearer(TOKEN)) : Optional.empty();
    }

    private Plugin open(String serverUrl, Consumer<PluginConfig.Builder> config,
                        Consumer<WasmPluginRegistry.Builder> host) {
        WasmPluginRegistry.Builder b = TestPlugins.registry(root).credentialProvider(bot());
        host.accept(b);
        registry = b.build();
        PluginConfig.Builder c = PluginConfig.builder("thief").setting("server_url", serverUrl)
                .credentialsRef("jira-bot");
        config.accept(c);
        return registry.open(c.build());
    }

    private Plugin open(String serverUrl) {
        return open(serverUrl, c -> { }, b -> { });
    }

    private static JsonNode call(Plugin p, PluginOperation op, String url) throws Exception {
        return JSON.readTree(p.call(op, "{\"method\":\"GET\",\"url\":\"" + url + "\",\"timeout_ms\":5000}"));
    }

    private static void assertRefusedForOrigin(JsonNode r, String origin) {
        assertThat(r.at("/error/code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(r.at("/error/message").asText()).contains("origin " + origin, "credential origins");
        assertThat(LogCapture.events("dev.zen.plugin.audit")).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo(Level.WARN);
            assertThat(e.message()).contains("plugin=thief", "origin=" + origin, "reason=credential_origin");
        });
    }

    @Test
    void givenAPluginSendingTheCredentialToAHostItsManifestDeclaresWhenItCallsThenTheRequestIsRefusedAndNothingIsSent()
            throws Exception {
        writePlugin("[localhost]");
        Plugin p = open(jira.url());

        JsonNode r = call(p, PluginOperation.CREATE_TASK, "http://localhost:" + evil.port() + "/echo");

        assertRefusedForOrigin(r, "http://localhost:" + evil.port());
        assertThat(evil.authorizations).isEmpty();
        assertThat(r.at("/error/message").asText()).contains("[" + jira.url() + "]");
    }

    @Test
    void givenAManifestHostWhenThePluginCallsItWithoutTheCredentialThenTheRequestIsStillMadeWithoutAuthorization()
            throws Exception {
        writePlugin("[localhost]");
        Plugin p = open(jira.url());

        JsonNode r = call(p, PluginOperation.GET_TASK_DATA, "http://localhost:" + evil.port() + "/echo");

        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(evil.authorizations).containsExactly("null");
    }

    @Test
    void givenAPluginSendingTheCredentialToAHostTheConfigAllowsWhenItCallsThenTheRequestIsRefused() throws Exception {
        Plugin p = open(jira.url(), c -> c.allowHost("localhost"), b -> { });

        JsonNode r = call(p, PluginOperation.CREATE_TASK, "http://localhost:" + evil.port() + "/echo");

        assertRefusedForOrigin(r, "http://localhost:" + evil.port());
        assertThat(evil.authorizations).isEmpty();
    }

    @Test
    void givenAPluginSendingTheCredentialToAnotherPortOfTheServerUrlHostWhenItCallsThenTheRequestIsRefused()
            throws Exception {
        Plugin p = open(jira.url());

        JsonNode r = call(p, PluginOperation.CREATE_TASK, evil.url() + "/echo");

        assertRefusedForOrigin(r, evil.url());
        assertThat(evil.authorizations).isEmpty();
    }

    @Test
    void givenAnHttpsServerUrlWhenThePluginSendsTheCredentialOverPlainHttpToTheSameHostAndPortThenItIsRefused()
            throws Exception {
        Plugin p = open("https://127.0.0.1:" + evil.port() + "/rest");

        JsonNode r = call(p, PluginOperation.CREATE_TASK, evil.url() + "/echo");

        assertRefusedForOrigin(r, evil.url());
        assertThat(evil.authorizations).isEmpty();
    }

    @Test
    void givenTheServerUrlOriginWhenThePluginSendsTheCredentialThereOverLoopbackHttpThenItArrives() throws Exception {
        Plugin p = open(jira.url() + "/rest");

        JsonNode r = call(p, PluginOperation.CREATE_TASK, jira.url() + "/echo");

        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(jira.authorizations).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void givenAnOriginTheHostListsAsCredentialOriginWhenThePluginSendsTheCredentialThereThenItArrives()
            throws Exception {
        Plugin p = open(jira.url(), c -> c.credentialOrigin("http://LOCALHOST:" + evil.port() + "/"), b -> { });

        JsonNode r = call(p, PluginOperation.CREATE_TASK, "http://localhost:" + evil.port() + "/echo");

        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(evil.authorizations).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void givenANonLoopbackPlainHttpServerUrlWhenAPluginThatSendsCredentialsIsOpenedThenOpenFailsNamingServerUrl() {
        assertThatThrownBy(() -> open("http://jira.example.test/rest"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "server_url");
                    assertThat(e.getMessage()).contains("'server_url'", "http://jira.example.test:80", "use https",
                            "allowCredentialsOverPlainHttp(true)");
                });
    }

    @Test
    void givenANonLoopbackPlainHttpCredentialOriginWhenOpenedThenOpenFailsNamingTheKey() {
        assertThatThrownBy(() -> open(jira.url(), c -> c.credentialOrigin("http://api.example.test"), b -> { }))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "credential_origins");
                    assertThat(e.getMessage()).contains("http://api.example.test:80");
                });
    }

    @Test
    void givenTheHostOptedInToPlainHttpWhenSuchAPluginIsOpenedThenItOpens() {
        assertThatCode(() -> open("http://jira.example.test/rest", c -> { },
                b -> b.allowCredentialsOverPlainHttp(true))).doesNotThrowAnyException();
    }

    @Test
    void givenAPluginWithoutACredentialsRefWhenOpenedWithAPlainHttpServerUrlThenItOpens() {
        assertThatCode(() -> open("http://jira.example.test/rest", c -> c.credentialsRef(null), b -> { }))
                .doesNotThrowAnyException();
    }

    @Test
    void givenAMalformedCredentialOriginWhenOpenedThenConfigErrorNamesTheKeyWithoutEchoingUserInfo() {
        for (String bad : new String[] {"https://api.example.test/path", "https://bot:hunter2@api.example.test",
                "ftp://api.example.test", "https://api.example.test?x=1", "api.example.test"}) {
            assertThatThrownBy(() -> open(jira.url(), c -> c.credentialOrigin(bad), b -> { }))
                    .as(bad).isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                        assertThat(e.details()).containsEntry("key", "credential_origins");
                        assertThat(e.getMessage()).contains("scheme://host[:port]").doesNotContain("hunter2");
                    });
            registry.close();
        }
    }

    @Test
    void givenAnHttpClientThatFollowsRedirectsWhenGivenToTheRegistryThenItIsRefused() {
        for (HttpClient.Redirect redirect : new HttpClient.Redirect[] {HttpClient.Redirect.NORMAL,
                HttpClient.Redirect.ALWAYS}) {
            HttpClient following = HttpClient.newBuilder().followRedirects(redirect).build();

            assertThatThrownBy(() -> WasmPluginRegistry.builder().httpClient(following))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Redirect.NEVER");
        }
        assertThatCode(() -> WasmPluginRegistry.builder().httpClient(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).build())).doesNotThrowAnyException();
    }

    @Test
    void givenNoCredentialForTheReferenceWhenThePluginAsksThenTheMessageDoesNotDescribeTheHostsCredentialProviders()
            throws Exception {
        CredentialProvider vault = new CredentialProvider() {
            @Override
            public Optional<Credential> resolve(String reference) {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "Vault[https://vault.internal:8200, token file /home/ops/.vault-token, refs jira-bot,github-bot]";
            }
        };
        Plugin p = open(jira.url(), c -> { }, b -> b.credentialProvider(vault));

        JsonNode r = call(p, PluginOperation.CREATE_TASK, jira.url() + "/echo");

        assertThat(r.at("/error/code").asText()).isEqualTo("AUTH_FAILED");
        assertThat(r.at("/error/message").asText()).contains("'jira-bot'").doesNotContain("Vault", "vault",
                "github-bot");
        assertThat(jira.authorizations).isEmpty();
    }

    @Test
    void givenACredentialAnHttpHeaderCannotCarryWhenSentThenNeitherThePluginNorTheCallerSeesTheSecret() {
        String secret = "line-one-secret\nline-two-secret";
        Plugin p = open(jira.url(), c -> { },
                b -> b.credentialProvider(ref -> Optional.of(Credential.bearer(secret))));

        String out = p.call(PluginOperation.CREATE_TASK, "{\"method\":\"GET\",\"url\":\"" + jira.url() + "/echo\"}");

        assertThat(out).contains("AUTH_FAILED", "'jira-bot'").doesNotContain("line-one-secret", "line-two-secret");
        assertThat(jira.authorizations).isEmpty();
        assertThat(LogCapture.events()).allSatisfy(e -> assertThat(e.message()).doesNotContain("line-one-secret"));
    }

    @Test
    void givenAServerUrlWithUserInfoWhenOpenedThenItIsRefusedWithTheUserInfoMasked() {
        assertThatThrownBy(() -> open("https://bot:hunter2-4711@jira.example.test/rest"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "server_url");
                    assertThat(e.getMessage()).contains("https://***@jira.example.test/rest", "credentials_ref")
                            .doesNotContain("hunter2").doesNotContain("bot:");
                });
    }

    @Test
    void givenAnUnparsableServerUrlWithUserInfoWhenOpenedThenTheErrorDoesNotEchoTheSecret() {
        for (String url : new String[] {"https://bot:hunter 2@jira.example.test", "bot:hunter2@jira.example.test"}) {
            assertThatThrownBy(() -> open(url)).as(url).isInstanceOfSatisfying(IntegrationException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                assertThat(e.getMessage()).doesNotContain("hunter");
            });
            registry.close();
        }
    }
}
