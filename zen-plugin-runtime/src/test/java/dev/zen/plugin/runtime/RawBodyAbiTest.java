package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code raw_body} request flag of the HTTP host functions (ABI v1 minor addition): the guest gets a frame of
 * the envelope and the body's exact bytes. The test plugin returns the host's whole answer hex-encoded, so each test
 * sees the bytes the guest saw.
 */
class RawBodyAbiTest {
    static final String IMPORTS = """
            (import "zen" "http_request" (func $http (param i32 i32) (result i64)))
            (import "zen" "http_request_auth" (func $http_auth (param i32 i32) (result i64)))
            """;
    static final String HEX = """
            (func $digit (param $d i32) (result i32)
              (if (result i32) (i32.lt_u (local.get $d) (i32.const 10))
                (then (i32.add (local.get $d) (i32.const 48))) (else (i32.add (local.get $d) (i32.const 87)))))
            (func $hex (param $x i64) (result i64) (local $p i32) (local $n i32) (local $out i32) (local $i i32)
              (local $b i32)
              (local.set $p (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32))))
              (local.set $n (i32.wrap_i64 (local.get $x)))
              (local.set $out (call $alloc (i32.add (i32.shl (local.get $n) (i32.const 1)) (i32.const 2))))
              (i32.store8 (local.get $out) (i32.const 34))
              (block $end (loop $l
                (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $b (i32.load8_u (i32.add (local.get $p) (local.get $i))))
                (i32.store8 (i32.add (local.get $out) (i32.add (i32.const 1) (i32.shl (local.get $i) (i32.const 1))))
                  (call $digit (i32.shr_u (local.get $b) (i32.const 4))))
                (i32.store8 (i32.add (local.get $out) (i32.add (i32.const 2) (i32.shl (local.get $i) (i32.const 1))))
                  (call $digit (i32.and (local.get $b) (i32.const 15))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $l)))
              (i32.store8 (i32.add (local.get $out) (i32.add (i32.const 1) (i32.shl (local.get $n) (i32.const 1))))
                (i32.const 34))
              (call $ok (local.get $out) (i32.add (i32.shl (local.get $n) (i32.const 1)) (i32.const 2))))
            (func (export "get_task_data") (param $p i32) (param $l i32) (result i64)
              (call $hex (call $http (local.get $p) (local.get $l))))
            (func (export "create_task") (param $p i32) (param $l i32) (result i64)
              (call $hex (call $http_auth (local.get $p) (local.get $l))))
            """;
    static final String SECRET = "s3cr3t-api-token-4711";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path root;
    FakeServer server;
    WasmPluginRegistry registry;

    @BeforeEach
    void setUp() {
        server = new FakeServer();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        server.close();
    }

    /** The answer the guest received: the frame's envelope and body, or (old format) the envelope alone. */
    record Answer(byte first, JsonNode head, byte[] body) {
    }

    private Plugin open(String memory, byte[] wasm, int responseCap) {
        TestPlugins.manifest("raw").permissions("http", "http_auth").memory(memory).write(root, wasm);
        registry = TestPlugins.registry(root).maxHttpResponseBytes(responseCap).maxInstancesPerPlugin(1)
                .credentialProvider(ref -> Optional.of(Credential.bearer(SECRET))).build();
        return registry.open(PluginConfig.builder("raw").allowHost("127.0.0.1").credentialsRef("bot")
                .credentialOrigin(server.url()).build());
    }

    private Plugin open(String memory, int responseCap) {
        return open(memory, Wat.plugin(IMPORTS, HEX), responseCap);
    }

    private String request(String path, String rawBody) {
        return "{\"method\":\"GET\",\"url\":\"" + server.url() + path + "\",\"headers\":{},\"body\":null"
                + (rawBody == null ? "" : ",\"raw_body\":" + rawBody) + "}";
    }

    private static Answer answer(String result) throws Exception {
        byte[] bytes = HexFormat.of().parseHex(JSON.readTree(result).asText());
        if (bytes[0] == '{') return new Answer(bytes[0], JSON.readTree(bytes), null);
        int headLen = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        JsonNode head = JSON.readTree(Arrays.copyOfRange(bytes, 4, 4 + headLen));
        return new Answer(bytes[0], head, Arrays.copyOfRange(bytes, 4 + headLen, bytes.length));
    }

    @Test
    void givenARawBodyRequestWhenTheServerAnswersBytesThatAreNotUtf8ThenTheGuestGetsExactlyThoseBytes()
            throws Exception {
        Plugin p = open("1MiB", 100_000);

        Answer a = answer(p.call(PluginOperation.GET_TASK_DATA, request("/bytes?n=1000", "true")));

        assertThat(a.first()).isZero();
        assertThat(a.head().get("status").asInt()).isEqualTo(200);
        assertThat(a.head().has("body")).isFalse();
        assertThat(a.head().get("body_length").asInt()).isEqualTo(1000);
        assertThat(a.head().get("body_json").asBoolean()).isFalse();
        assertThat(a.body()).isEqualTo(FakeServer.bytes(1000));
    }

    @Test
    void givenARawBodyRequestWhenTheBodyIsLargeButWithinTheCapThenEveryByteArrivesAndOneByteMoreIsRefused()
            throws Exception {
        Plugin p = open("16MiB", 700_000);

        Answer fits = answer(p.call(PluginOperation.GET_TASK_DATA, request("/bytes?n=700000", "true")));
        Answer over = answer(p.call(PluginOperation.GET_TASK_DATA, request("/bytes?n=700001", "true")));

        assertThat(fits.body()).isEqualTo(FakeServer.bytes(700_000));
        assertThat(over.first()).isZero();
        assertThat(over.head().at("/error/code").asText()).isEqualTo("INVALID_DATA");
        assertThat(over.head().at("/error/message").asText()).contains("larger than the cap of 700000 bytes");
        assertThat(over.body()).isEmpty();
    }

    @Test
    void givenAJsonBodyWhenAskedRawThenTheEnvelopeSaysItIsJsonAndAPlainTextBodyIsSaidNotToBe() throws Exception {
        Plugin p = open("1MiB", 100_000);

        Answer json = answer(p.call(PluginOperation.GET_TASK_DATA, request("/echo/x", "true")));
        Answer text = answer(p.call(PluginOperation.GET_TASK_DATA, request("/limited", "true")));

        assertThat(json.head().get("body_json").asBoolean()).isTrue();
        assertThat(JSON.readTree(json.body()).get("path").asText()).isEqualTo("/echo/x");
        assertThat(text.head().get("status").asInt()).isEqualTo(429);
        assertThat(text.head().at("/headers/retry-after").asText()).isEqualTo("7");
        assertThat(text.head().get("body_json").asBoolean()).isFalse();
        assertThat(new String(text.body(), StandardCharsets.UTF_8)).isEqualTo("slow down");
    }

    @Test
    void givenAnOldPluginThatDoesNotAskForRawBodiesWhenItCallsThenItGetsTheJsonEnvelopeWithTheBodyAsText()
            throws Exception {
        Plugin p = open("1MiB", 100_000);

        Answer absent = answer(p.call(PluginOperation.GET_TASK_DATA, request("/limited", null)));
        Answer off = answer(p.call(PluginOperation.GET_TASK_DATA, request("/limited", "false")));

        for (Answer a : new Answer[] {absent, off}) {
            assertThat(a.first()).isEqualTo((byte) '{');
            assertThat(a.head().get("status").asInt()).isEqualTo(429);
            assertThat(a.head().get("body").asText()).isEqualTo("slow down");
            assertThat(a.head().has("body_length")).isFalse();
            assertThat(a.head().has("body_json")).isFalse();
        }
    }

    @Test
    void givenAServerThatEchoesTheCredentialWhenAskedRawThenTheSecretIsMaskedInTheRawBytes() throws Exception {
        Plugin p = open("1MiB", 100_000);

        Answer a = answer(p.call(PluginOperation.CREATE_TASK, request("/echo/secret", "true")));

        String body = new String(a.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain(SECRET).contains("[REDACTED]");
        assertThat(a.head().get("body_length").asInt()).isEqualTo(a.body().length);
        assertThat(a.head().get("body_json").asBoolean()).isTrue();
    }

    @Test
    void givenARawBodyFlagThatIsNotABooleanWhenSentThenThePluginGetsInvalidDataAndNothingIsSent() throws Exception {
        Plugin p = open("1MiB", 100_000);

        Answer a = answer(p.call(PluginOperation.CREATE_TASK, request("/echo/flag", "\"yes\"")));

        assertThat(a.head().at("/error/code").asText()).isEqualTo("INVALID_DATA");
        assertThat(a.head().at("/error/message").asText()).contains("raw_body");
        assertThat(server.authorizations).isEmpty();
    }

    @Test
    void givenAGuestWhoseMemoryLimitCannotHoldTheRawBodyWhenAnsweredThenTheCallFailsWithOutOfMemoryNotTheHost() {
        Plugin p = open("1MiB", 4_000_000);

        assertThatThrownBy(() -> p.call(PluginOperation.GET_TASK_DATA, request("/bytes?n=2000000", "true")))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
                    assertThat(e.details()).containsEntry("reason", "out_of_memory");
                });
    }

    @Test
    void givenAHostileAllocatorThatHandsOutABufferOutsideMemoryWhenTheRawFrameIsWrittenThenTheCallFailsWithAbiViolation()
            throws Exception {
        // zen_alloc behaves for the host's input buffer, then answers the frame's request with an address past the end
        String wat = """
                (module
                %s
                (memory (export "memory") 1 1)
                (global $bump (mut i32) (i32.const 1024))
                (global $evil (mut i32) (i32.const 0))
                (data (i32.const 0) "{\\"ok\\":{}}")
                (func (export "zen_abi_version") (result i32) (i32.const 1))
                (func (export "zen_alloc") (param $n i32) (result i32) (local $p i32)
                  (if (global.get $evil) (then (return (i32.const 65500))))
                  (local.set $p (global.get $bump))
                  (global.set $bump (i32.add (global.get $bump) (local.get $n)))
                  (local.get $p))
                (func (export "zen_free") (param i32 i32))
                (func (export "init") (param i32 i32) (result i64) (i64.const 9))
                (func (export "get_task_data") (param $p i32) (param $l i32) (result i64)
                  (global.set $evil (i32.const 1))
                  (drop (call $http (local.get $p) (local.get $l)))
                  (i64.const 9)))
                """.formatted(IMPORTS);
        Plugin p = open("1MiB", Wat2Wasm.parse(wat), 100_000);

        assertThatThrownBy(() -> p.call(PluginOperation.GET_TASK_DATA, request("/bytes?n=1000", "true")))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_EXECUTION_FAILED);
                    assertThat(e.details()).containsEntry("reason", "abi_violation");
                });
    }
}
