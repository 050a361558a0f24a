package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class HostFunctionsTest {
    static final String IMPORTS = """
            (import "zen" "http_request" (func $http (param i32 i32) (result i64)))
            (import "zen" "http_request_auth" (func $http_auth (param i32 i32) (result i64)))
            (import "zen" "config_get" (func $config_get (param i32 i32) (result i64)))
            (import "zen" "log" (func $log (param i32 i32 i32)))
            (import "zen" "clock_now_ms" (func $clock (result i64)))
            """;
    static final String BODY = """
            (func (export "get_task_data") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $http (local.get $p) (local.get $l))))
            (func (export "create_task") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $http_auth (local.get $p) (local.get $l))))
            (func (export "search_tasks") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $config_get (local.get $p) (local.get $l))))
            (func (export "update_task") (param $p i32) (param $l i32) (result i64)
              (call $log (i32.const 2) (local.get $p) (local.get $l))
              (call $pack (i32.const 0) (i32.const 9)))
            (func (export "health_check") (param i32 i32) (result i64)
              (call $ok_packed (call $itoa (call $clock))))
            (func (export "get_field_mapping") (param i32 i32) (result i64) (call $dump))
            """;
    static final String SECRET = "s3cr3t-api-token-4711";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path root;
    FakeServer server;
    WasmPluginRegistry registry;

    @BeforeEach
    void setUp() {
        server = new FakeServer();
        TestPlugins.manifest("host")
                .permissions("http", "http_auth", "config_read", "log", "clock")
                .hosts("[api.example.test]")
                .schema("  server_url: {type: string, required: true}\n  issue_type: {type: string, default: Task}\n")
                .write(root, Wat.plugin(IMPORTS, BODY));
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        server.close();
    }

    private Plugin open(CredentialProvider credentials, String... extraHosts) {
        WasmPluginRegistry.Builder b = TestPlugins.registry(root).maxHttpResponseBytes(1000)
                .clock(Clock.fixed(Instant.ofEpochMilli(1_700_000_123_456L), ZoneOffset.UTC))
                .maxInstancesPerPlugin(1);
        if (credentials != null) b.credentialProvider(credentials);
        registry = b.build();
        PluginConfig.Builder c = PluginConfig.builder("host").setting("server_url", server.url() + "/rest")
                .credentialsRef("jira-bot");
        for (String h : extraHosts) c.allowHost(h);
        return registry.open(c.build());
    }

    private static JsonNode call(Plugin p, PluginOperation op, String input) throws Exception {
        return JSON.readTree(p.call(op, input));
    }

    private String request(String method, String url, String headers) {
        return "{\"method\":\"" + method + "\",\"url\":\"" + url + "\",\"headers\":" + headers
                + ",\"body\":\"hello\",\"timeout_ms\":5000}";
    }

    private static CredentialProvider basic() {
        return ref -> ref.equals("jira-bot") ? Optional.of(Credential.basic("bot@acme.test", SECRET)) : Optional.empty();
    }

    @Test
    void givenTheServerUrlHostWhenThePluginRequestsItThenStatusLowerCasedHeadersAndBodyComeBack() throws Exception {
        Plugin p = open(null);

        JsonNode r = call(p, PluginOperation.GET_TASK_DATA, request("POST", server.url() + "/echo/x", "{}"));

        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(r.get("headers").get("content-type").asText()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(r.get("body").asText());
        assertThat(body.get("method").asText()).isEqualTo("POST");
        assertThat(body.get("path").asText()).isEqualTo("/echo/x");
        assertThat(body.get("body_length").asInt()).isEqualTo(5);
    }

    @Test
    void givenAnOutboundCallWhenItCompletesThenOneAuditLineNamesPluginMethodHostPathStatusAndDuration()
            throws Exception {
        Plugin p = open(null);

        call(p, PluginOperation.GET_TASK_DATA, request("GET", server.url() + "/echo/audited?q=1", "{}"));

        assertThat(LogCapture.events("dev.zen.plugin.audit")).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.INFO);
            assertThat(e.message()).contains("plugin=host", "method=GET", "host=127.0.0.1", "path=/echo/audited",
                    "status=200", "duration_ms=").doesNotContain("q=1");
        });
    }

    @Test
    void givenAHostNobodyAllowedWhenThePluginRequestsItThenItGetsPermissionDeniedAndAWarningIsLogged()
            throws Exception {
        Plugin p = open(null);

        JsonNode r = call(p, PluginOperation.GET_TASK_DATA, request("GET", "http://localhost:" + server.port()
                + "/echo", "{}"));

        assertThat(r.at("/error/code").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(r.at("/error/message").asText()).contains("localhost");
        assertThat(server.authorizations).isEmpty();
        assertThat(LogCapture.events("dev.zen.plugin.audit")).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.WARN);
            assertThat(e.message()).contains("refused", "plugin=host", "host=localhost");
        });
    }

    @Test
    void givenAHostAllowedByTheProviderConfigWhenThePluginRequestsItThenTheRequestIsMade() throws Exception {
        Plugin p = open(null, "localhost");

        JsonNode r = call(p, PluginOperation.GET_TASK_DATA, request("GET", "http://localhost:" + server.port()
                + "/echo", "{}"));

        assertThat(r.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void givenAHostDeclaredInTheManifestWhenThePluginRequestsItThenTheRequestIsMade() throws Exception {
        TestPlugins.manifest("host").permissions("http", "http_auth", "config_read", "log", "clock")
                .hosts("[LOCALHOST]").schema("  server_url: {type: string, required: true}\n")
                .write(root, Wat.plugin(IMPORTS, BODY));
        Plugin p = open(null);

        JsonNode r = call(p, PluginOperation.GET_TASK_DATA, request("GET", "http://localhost:" + server.port()
                + "/echo", "{}"));

        assertThat(r.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void givenARateLimitedResponseWhenReturnedThenRetryAfterAndRateLimitHeadersReachThePlugin() throws Exception {
        Plugin p = open(null);

        JsonNode r = call(p, PluginOperation.GET_TASK_DATA, request("GET", server.url() + "/limited", "{}"));

        assertThat(r.get("status").asInt()).isEqualTo(429);
        assertThat(r.at("/headers/retry-after").asText()).isEqualTo("7");
        assertThat(r.at("/headers/x-ratelimit-remaining").asText()).isEqualTo("0");
        assertThat(r.get("body").asText()).isEqualTo("slow down");
    }

    @Test
    void givenAResponseLargerThanTheCapWhenReturnedThenThePluginGetsInvalidDataInsteadOfTheBody()
            throws Exception {
        Plugin p = open(null);

        JsonNode small = call(p, PluginOperation.GET_TASK_DATA, request("GET", server.url() + "/big?n=1000", "{}"));
        JsonNode big = call(p, PluginOperation.GET_TASK_DATA, request("GET", server.url() + "/big?n=1001", "{}"));

        assertThat(small.get("body").asText()).hasSize(1000);
        assertThat(big.at("/error/code").asText()).isEqualTo("INVALID_DATA");
        assertThat(big.at("/error/message").asText()).contains("larger than the cap of 1000 bytes");
    }

    @Test
    void givenAMalformedRequestWhenSentThenThePluginGetsInvalidData() throws Exception {
        Plugin p = open(null);

        JsonNode r = call(p, PluginOperation.GET_TASK_DATA, "{\"method\":\"GET\"}");

        assertThat(r.at("/error/code").asText()).isEqualTo("INVALID_DATA");
    }

    @Test
    void givenAnAuthenticatedRequestWhenSentThenTheHostInjectsTheCredentialAndDropsThePluginsOwnHeader()
            throws Exception {
        Plugin p = open(basic());

        JsonNode r = call(p, PluginOperation.CREATE_TASK, request("GET", server.url() + "/echo",
                "{\"authorization\":\"Bearer forged\",\"Accept\":\"application/json\"}"));

        String expected = "Basic " + Base64.getEncoder().encodeToString(("bot@acme.test:" + SECRET)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(server.authorizations).containsExactly(expected);
        assertThat(r.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void givenAServerThatEchoesTheCredentialWhenThePluginCallsItThenTheSecretNeverReachesPluginMemoryNorLogs()
            throws Exception {
        Plugin p = open(basic());
        String encoded = Base64.getEncoder().encodeToString(("bot@acme.test:" + SECRET)
                .getBytes(StandardCharsets.UTF_8));

        JsonNode r = call(p, PluginOperation.CREATE_TASK, request("GET", server.url() + "/echo", "{}"));
        p.call(PluginOperation.UPDATE_TASK, r.get("body").asText());
        String memory = p.call(PluginOperation.GET_FIELD_MAPPING, "{}");

        assertThat(server.authorizations).containsExactly("Basic " + encoded);
        assertThat(r.get("body").asText()).contains("[REDACTED]").doesNotContain(encoded);
        assertThat(memory).contains("/echo").doesNotContain(SECRET).doesNotContain(encoded);
        assertThat(LogCapture.events()).isNotEmpty().allSatisfy(e ->
                assertThat(e.message()).doesNotContain(SECRET).doesNotContain(encoded));
    }

    @Test
    void givenAnExpiredTokenWhenTheServerAnswers401ThenTheHostRefreshesOnceAndRetries() throws Exception {
        CredentialProvider oauth = new CredentialProvider() {
            @Override
            public Optional<Credential> resolve(String reference) {
                return Optional.of(Credential.bearer("stale-token"));
            }

            @Override
            public Optional<Credential> refresh(String reference, Credential rejected) {
                return rejected.secret().equals("stale-token") ? Optional.of(Credential.bearer("fresh-token"))
                        : Optional.empty();
            }
        };
        Plugin p = open(oauth);

        JsonNode r = call(p, PluginOperation.CREATE_TASK, request("GET", server.url() + "/protected", "{}"));

        assertThat(server.authorizations).containsExactly("Bearer stale-token", "Bearer fresh-token");
        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(r.get("body").asText()).isEqualTo("welcome");
    }

    @Test
    void givenACredentialThatStaysRejectedWhenTheServerAnswers401ThenThePluginSeesThe401AfterOneRetryAtMost()
            throws Exception {
        Plugin p = open(ref -> Optional.of(Credential.bearer("stale-token")));

        JsonNode r = call(p, PluginOperation.CREATE_TASK, request("GET", server.url() + "/protected", "{}"));

        assertThat(r.get("status").asInt()).isEqualTo(401);
        assertThat(server.authorizations).containsExactly("Bearer stale-token");
    }

    @Test
    void givenNoCredentialForTheReferenceWhenAnAuthenticatedRequestIsMadeThenThePluginGetsAuthFailed()
            throws Exception {
        Plugin p = open(ref -> Optional.empty());

        JsonNode r = call(p, PluginOperation.CREATE_TASK, request("GET", server.url() + "/echo", "{}"));

        assertThat(r.at("/error/code").asText()).isEqualTo("AUTH_FAILED");
        assertThat(r.at("/error/message").asText()).contains("no credential found for reference 'jira-bot'",
                "add it to one of its credential providers");
        assertThat(server.authorizations).isEmpty();
    }

    @Test
    void givenSettingsAndSchemaDefaultsWhenThePluginReadsThemThenItGetsJsonValuesAndNullForAbsentKeys()
            throws Exception {
        Plugin p = open(null);

        assertThat(p.call(PluginOperation.SEARCH_TASKS, "server_url")).isEqualTo("\"" + server.url() + "/rest\"");
        assertThat(p.call(PluginOperation.SEARCH_TASKS, "issue_type")).isEqualTo("\"Task\"");
        assertThat(p.call(PluginOperation.SEARCH_TASKS, "nothing_here")).isEqualTo("null");
    }

    @Test
    void givenAPluginLogLineWhenLoggedThenItGoesToSlf4jWithThePluginInTheMdcAndCredentialsRedacted() {
        Plugin p = open(null);

        p.call(PluginOperation.UPDATE_TASK, "calling jira with Authorization: Bearer abcdef123456 and token=xyz98765");

        assertThat(LogCapture.events("dev.zen.plugin.host")).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.WARN);
            assertThat(e.mdc()).containsEntry("zen.plugin", "host");
            assertThat(e.message()).startsWith("calling jira with").doesNotContain("abcdef123456")
                    .doesNotContain("xyz98765").contains("[REDACTED]");
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0,DEBUG", "1,INFO", "2,WARN", "3,ERROR"})
    void givenALogLevelWhenThePluginLogsThenTheEventHasTheMatchingSlf4jLevel(int level, Level expected) {
        String body = "(func (export \"update_task\") (param $p i32) (param $l i32) (result i64)"
                + " (call $log (i32.const " + level + ") (local.get $p) (local.get $l))"
                + " (call $pack (i32.const 0) (i32.const 9)))";
        TestPlugins.manifest("host").permissions("log").write(root, Wat.plugin(
                "(import \"zen\" \"log\" (func $log (param i32 i32 i32)))", body));
        registry = TestPlugins.registry(root).build();

        registry.open(PluginConfig.builder("host").build()).call(PluginOperation.UPDATE_TASK, "level test");

        assertThat(LogCapture.events("dev.zen.plugin.host")).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(expected);
            assertThat(e.message()).isEqualTo("level test");
        });
    }

    @Test
    void givenAPluginWithCleanupWhenItsHandleIsClosedThenCleanupRunsOnItsInstances() {
        String body = "(data (i32.const 3000) \"cleaning up\")"
                + "(func (export \"cleanup\") (param i32 i32) (result i64)"
                + " (call $log (i32.const 1) (i32.const 3000) (i32.const 11))"
                + " (call $pack (i32.const 0) (i32.const 9)))";
        TestPlugins.manifest("host").permissions("log").write(root, Wat.plugin(
                "(import \"zen\" \"log\" (func $log (param i32 i32 i32)))", body));
        registry = TestPlugins.registry(root).build();
        Plugin p = registry.open(PluginConfig.builder("host").build());

        p.close();

        assertThat(LogCapture.events("dev.zen.plugin.host")).extracting(LogCapture.Event::message)
                .containsExactly("cleaning up");
    }

    @Test
    void givenTheHostClockWhenThePluginReadsItThenItGetsEpochMilliseconds() {
        Plugin p = open(null);

        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("1700000123456");
    }

    @Test
    void givenARequestSlowerThanTheExecutionTimeoutWhenMadeThenTheCallIsStoppedWithTimeout() {
        TestPlugins.manifest("host").permissions("http", "http_auth", "config_read", "log", "clock").timeout("1s")
                .schema("  server_url: {type: string, required: true}\n").write(root, Wat.plugin(IMPORTS, BODY));
        Plugin p = open(null);
        long start = System.nanoTime();

        assertThatThrownBy(() -> p.call(PluginOperation.GET_TASK_DATA, request("GET", server.url() + "/slow", "{}")))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
                    assertThat(e.details()).containsEntry("reason", "timeout");
                });
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
        assertThat(p.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("1700000123456");
    }
}
