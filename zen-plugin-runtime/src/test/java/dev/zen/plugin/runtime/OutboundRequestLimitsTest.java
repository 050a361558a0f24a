package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.plugin.RequestGate;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Attacks on the host's outbound budget from inside one call: a request loop, a 401 storm that would run the
 * OAuth refresh flow once per request, and requests past the provider's rate limiter.
 */
class OutboundRequestLimitsTest {
    static final String IMPORTS = """
            (import "zen" "http_request" (func $http (param i32 i32) (result i64)))
            (import "zen" "http_request_auth" (func $http_auth (param i32 i32) (result i64)))
            """;
    /** Sends the request in the input {@code $times} times (set by update_task); returns the last result. */
    static final String BODY = """
            (global $times (mut i32) (i32.const 1))
            (func $loop (param $p i32) (param $l i32) (param $auth i32) (result i64) (local $i i32) (local $r i64)
              (block $done (loop $again
                (br_if $done (i32.ge_u (local.get $i) (global.get $times)))
                (if (local.get $auth)
                  (then (local.set $r (call $http_auth (local.get $p) (local.get $l))))
                  (else (local.set $r (call $http (local.get $p) (local.get $l)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $again)))
              (call $ok_packed (local.get $r)))
            (func (export "update_task") (param $p i32) (param $l i32) (result i64)
              (global.set $times (local.get $l))
              (call $pack (i32.const 0) (i32.const 9)))
            (func (export "get_task_data") (param $p i32) (param $l i32) (result i64)
              (call $loop (local.get $p) (local.get $l) (i32.const 0)))
            (func (export "create_task") (param $p i32) (param $l i32) (result i64)
              (call $loop (local.get $p) (local.get $l) (i32.const 1)))
            """;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path root;
    FakeServer server;
    WasmPluginRegistry registry;

    @BeforeEach
    void setUp() {
        server = new FakeServer();
        TestPlugins.manifest("looper").permissions("http", "http_auth").memory("8MiB").timeout("30s")
                .schema("  server_url: {type: string, required: true}\n").write(root, Wat.plugin(IMPORTS, BODY));
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        server.close();
    }

    private Plugin open(CredentialProvider credentials, Consumer<WasmPluginRegistry.Builder> host,
                        Consumer<PluginConfig.Builder> config) {
        WasmPluginRegistry.Builder b = TestPlugins.registry(root).credentialProvider(credentials);
        host.accept(b);
        registry = b.build();
        PluginConfig.Builder c = PluginConfig.builder("looper").setting("server_url", server.url())
                .credentialsRef("jira-bot");
        config.accept(c);
        return registry.open(c.build());
    }

    /** Sets how many times each call repeats its request: the length of the update_task input. */
    private static void repeat(Plugin p, int times) {
        p.call(PluginOperation.UPDATE_TASK, "x".repeat(times));
    }

    private String request(String path) {
        return "{\"method\":\"GET\",\"url\":\"" + server.url() + path + "\",\"timeout_ms\":5000}";
    }

    private static CredentialProvider stale(AtomicInteger refreshes, String refreshedTo) {
        return new CredentialProvider() {
            @Override
            public Optional<Credential> resolve(String reference) {
                return Optional.of(Credential.bearer("stale-token"));
            }

            @Override
            public Optional<Credential> refresh(String reference, Credential rejected) {
                refreshes.incrementAndGet();
                return Optional.of(Credential.bearer(refreshedTo));
            }
        };
    }

    @Test
    void givenAPluginLoopingTwoThousandRequestsInOneCallWhenItRunsThenTheCallIsCutAtTheDefaultLimit()
            throws Exception {
        Plugin p = open(ref -> Optional.empty(), b -> { }, c -> { });
        repeat(p, 2000);

        JsonNode last = JSON.readTree(p.call(PluginOperation.GET_TASK_DATA, request("/echo")));

        assertThat(server.authorizations).hasSize(WasmPluginRegistry.Builder.DEFAULT_MAX_REQUESTS_PER_CALL);
        assertThat(last.at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(last.at("/error/message").asText()).contains("limit of 100 outbound requests per call");
        assertThat(LogCapture.events("dev.zen.plugin.audit")).filteredOn(e -> e.level() == Level.WARN)
                .singleElement().satisfies(e -> assertThat(e.message())
                        .contains("plugin=looper", "reason=request_limit", "limit=100"));
    }

    @Test
    void givenTheLimitWasReachedInOneCallWhenTheNextCallRunsThenItHasItsOwnBudget() {
        Plugin p = open(ref -> Optional.empty(), b -> b.maxRequestsPerCall(3), c -> { });
        repeat(p, 10);

        p.call(PluginOperation.GET_TASK_DATA, request("/echo"));
        p.call(PluginOperation.GET_TASK_DATA, request("/echo"));

        assertThat(server.authorizations).hasSize(6);
        assertThat(LogCapture.events("dev.zen.plugin.audit")).filteredOn(e -> e.level() == Level.WARN)
                .extracting(LogCapture.Event::message).hasSize(2).allMatch(m -> m.contains("reason=request_limit"));
    }

    @Test
    void givenAConfiguredLimitWhenACallStaysWithinItThenEveryRequestIsSent() throws Exception {
        Plugin p = open(ref -> Optional.empty(), b -> b.maxRequestsPerCall(5), c -> { });
        repeat(p, 5);

        JsonNode last = JSON.readTree(p.call(PluginOperation.GET_TASK_DATA, request("/echo")));

        assertThat(last.get("status").asInt()).isEqualTo(200);
        assertThat(server.authorizations).hasSize(5);
    }

    @Test
    void givenA401StormInOneCallWhenThePluginRepeatsTheRequestThenTheCredentialIsRefreshedAtMostOnce()
            throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        Plugin p = open(stale(refreshes, "also-rejected-token"), b -> { }, c -> { });
        repeat(p, 50);

        JsonNode last = JSON.readTree(p.call(PluginOperation.CREATE_TASK, request("/protected")));

        assertThat(last.get("status").asInt()).isEqualTo(401);
        assertThat(refreshes).hasValue(1);
        assertThat(server.authorizations).hasSize(51).containsOnlyOnce("Bearer also-rejected-token");
    }

    @Test
    void givenARefreshWithinTheIntervalWhenLaterCallsMeet401ThenTheyReuseItsResultWithoutRefreshingAgain()
            throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        Plugin p = open(stale(refreshes, "fresh-token"), b -> { }, c -> { });

        JsonNode first = JSON.readTree(p.call(PluginOperation.CREATE_TASK, request("/protected")));
        JsonNode second = JSON.readTree(p.call(PluginOperation.CREATE_TASK, request("/protected")));
        JsonNode third = JSON.readTree(p.call(PluginOperation.CREATE_TASK, request("/protected")));

        assertThat(List.of(first, second, third)).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void givenConcurrentCallsMeeting401WhenTheyRefreshThenTheyShareOneRefresh() {
        ExecutorService callers = Executors.newFixedThreadPool(3);
        AtomicInteger refreshes = new AtomicInteger();
        CredentialProvider slow = new CredentialProvider() {
            @Override
            public Optional<Credential> resolve(String reference) {
                return Optional.of(Credential.bearer("stale-token"));
            }

            @Override
            public Optional<Credential> refresh(String reference, Credential rejected) {
                refreshes.incrementAndGet();
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(Credential.bearer("fresh-token"));
            }
        };
        Plugin p = open(slow, b -> b.maxInstancesPerPlugin(4), c -> { });
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> p.call(PluginOperation.CREATE_TASK, request("/protected")),
                    callers));
        }

        assertThat(calls).allSatisfy(f -> assertThat(f.join()).contains("\"status\":200"));
        assertThat(refreshes).hasValue(1);
        callers.shutdown();
    }

    @Test
    void givenARequestGateWhenAPluginMakesSeveralRequestsInOneCallThenTheGateAdmitsEachRequestAfterTheFirst() {
        AtomicInteger asked = new AtomicInteger();
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RequestGate gate = (plugin, maxWait) -> {
            assertThat(plugin).isEqualTo("looper");
            waits.add(maxWait);
            asked.incrementAndGet();
        };
        Plugin p = open(ref -> Optional.empty(), b -> { }, c -> c.requestGate(gate));
        repeat(p, 5);

        p.call(PluginOperation.GET_TASK_DATA, request("/echo"));
        p.call(PluginOperation.GET_TASK_DATA, request("/echo"));

        assertThat(server.authorizations).hasSize(10);
        assertThat(asked).hasValue(8);
        // half of what remains of the 30 s execution_timeout, so the plugin can still report a refusal
        assertThat(waits).allSatisfy(w -> assertThat(w).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(15)));
    }

    @Test
    void givenAGateThatRefusesWhenThePluginMakesItsSecondRequestThenTheGuestGetsTheGatesErrorAndNothingMoreIsSent()
            throws Exception {
        RequestGate gate = (plugin, maxWait) -> {
            throw IntegrationException.builder(ErrorCode.RATE_LIMITED, "no permit for " + plugin)
                    .retryAfter(Duration.ofSeconds(2)).build();
        };
        Plugin p = open(ref -> Optional.empty(), b -> { }, c -> c.requestGate(gate));
        repeat(p, 3);

        JsonNode last = JSON.readTree(p.call(PluginOperation.GET_TASK_DATA, request("/echo")));

        assertThat(server.authorizations).hasSize(1);
        assertThat(last.at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(last.at("/error/message").asText()).isEqualTo("no permit for looper");
        assertThat(last.at("/error/retryable").asBoolean()).isTrue();
        assertThat(last.at("/error/retry_after_ms").asLong()).isEqualTo(2000);
        assertThat(LogCapture.events("dev.zen.plugin.audit")).filteredOn(e -> e.level() == Level.WARN)
                .hasSize(2).allSatisfy(e -> assertThat(e.message()).contains("reason=request_gate"));
    }

    @Test
    void givenARequestGateWhenTheHostRepeatsARequestAfterRefreshingTheCredentialThenTheRepeatIsGatedToo() {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger refreshes = new AtomicInteger();
        Plugin p = open(stale(refreshes, "fresh-token"), b -> { }, c -> c.requestGate((plugin, wait) -> asked.incrementAndGet()));

        String out = p.call(PluginOperation.CREATE_TASK, request("/protected"));

        assertThat(out).contains("\"status\":200");
        assertThat(server.authorizations).containsExactly("Bearer stale-token", "Bearer fresh-token");
        assertThat(asked).hasValue(1);
    }
}
