package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the ABI boundary with a plugin that hands the host whatever the property generates: random result
 * envelopes, random packed result pointers, random pointers and lengths for the host functions, random HTTP
 * request descriptions and configuration keys. The host must answer with a result or a typed
 * {@link IntegrationException} only, within the execution timeout, and stay healthy afterwards.
 */
class AbiBoundaryFuzzProperties {
    /** 16 hex digits at {@code $at} as an i64; every operation below starts from its raw input. */
    private static final String FUZZER = """
            (import "zen" "http_request" (func $http (param i32 i32) (result i64)))
            (import "zen" "config_get" (func $config_get (param i32 i32) (result i64)))
            (import "zen" "log" (func $log (param i32 i32 i32)))
            (func $hex64 (param $at i32) (result i64) (local $i i32) (local $v i64) (local $b i32)
              (block $end (loop $next
                (br_if $end (i32.ge_u (local.get $i) (i32.const 16)))
                (local.set $b (i32.load8_u (i32.add (local.get $at) (local.get $i))))
                (local.set $b (if (result i32) (i32.ge_u (local.get $b) (i32.const 97))
                  (then (i32.sub (local.get $b) (i32.const 87))) (else (i32.sub (local.get $b) (i32.const 48)))))
                (local.set $v (i64.or (i64.shl (local.get $v) (i64.const 4)) (i64.extend_i32_u (local.get $b))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
              (local.get $v))
            (func (export "get_task_data") (param $p i32) (param $l i32) (result i64)
              (call $pack (local.get $p) (local.get $l)))
            (func (export "create_task") (param $p i32) (param $l i32) (result i64)
              (call $hex64 (local.get $p)))
            (func (export "update_task") (param $p i32) (param $l i32) (result i64)
              (call $log (i32.wrap_i64 (call $hex64 (i32.add (local.get $p) (i32.const 32))))
                         (i32.wrap_i64 (call $hex64 (local.get $p)))
                         (i32.wrap_i64 (call $hex64 (i32.add (local.get $p) (i32.const 16)))))
              (drop (call $config_get (i32.wrap_i64 (call $hex64 (local.get $p)))
                                      (i32.wrap_i64 (call $hex64 (i32.add (local.get $p) (i32.const 16))))))
              (drop (call $http (i32.wrap_i64 (call $hex64 (local.get $p)))
                                (i32.wrap_i64 (call $hex64 (i32.add (local.get $p) (i32.const 16))))))
              (call $pack (i32.const 0) (i32.const 9)))
            (func (export "validate_config") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $http (local.get $p) (local.get $l))))
            (func (export "map_to_zen") (param $p i32) (param $l i32) (result i64)
              (call $ok_packed (call $config_get (local.get $p) (local.get $l))))
            (func (export "health_check") (param i32 i32) (result i64) (call $pack (i32.const 0) (i32.const 9)))
            """;
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    private static Path root;
    private static WasmPluginRegistry registry;
    private static Plugin plugin;

    @BeforeContainer
    static void openFuzzer() throws IOException {
        root = Files.createTempDirectory("zen-abi-fuzz");
        TestPlugins.manifest("fuzzer").permissions("http", "config_read", "log").memory("1MiB")
                .timeout(TIMEOUT.toMillis() + "ms").write(root, Wat.plugin(FUZZER, ""));
        registry = TestPlugins.registry(root).maxOutputBytes(64 * 1024).maxInstancesPerPlugin(2).build();
        plugin = registry.open(PluginConfig.builder("fuzzer").setting("project_key", "FUZZ")
                .allowHost("127.0.0.1").build());
    }

    @AfterContainer
    static void closeFuzzer() throws IOException {
        registry.close();
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Property(tries = 300)
    void anyEnvelopeAPluginReturnsGivesAResultOrATypedError(@ForAll("envelopes") String envelope) {
        assertContained(PluginOperation.GET_TASK_DATA, envelope);
    }

    @Property(tries = 300)
    void anyPackedResultPointerGivesAResultOrATypedError(@ForAll long packed) {
        assertContained(PluginOperation.CREATE_TASK, hex(packed));
    }

    @Property(tries = 300)
    void anyPointerAndLengthHandedToTheHostFunctionsGivesATypedError(@ForAll("pointers") long ptr,
                                                                     @ForAll("pointers") long len,
                                                                     @ForAll int level) {
        assertContained(PluginOperation.UPDATE_TASK, hex(ptr) + hex(len) + hex(level & 0xFFFF_FFFFL));
    }

    @Property(tries = 200)
    void anyHttpRequestDescriptionGivesAResponseOrAnErrorEnvelope(@ForAll("requests") String request) {
        assertContained(PluginOperation.VALIDATE_CONFIG, request);
    }

    @Property(tries = 200)
    void anyConfigurationKeyGivesAValueOrNothing(@ForAll("keys") String key) {
        assertContained(PluginOperation.MAP_TO_ZEN, key);
    }

    private static void assertContained(PluginOperation op, String input) {
        long start = System.nanoTime();
        try {
            plugin.call(op, input);
        } catch (IntegrationException e) {
            assertThat(e.code()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            if (e.code() == ErrorCode.PLUGIN_EXECUTION_FAILED) {
                assertThat(e.details()).containsKey("reason");
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(50));
        assertThat(plugin.call(PluginOperation.HEALTH_CHECK, "{}")).isEqualTo("{}");
    }

    private static String hex(long v) {
        return HexFormat.of().toHexDigits(v).toLowerCase(Locale.ROOT);
    }

    @Provide
    Arbitrary<Long> pointers() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                Arbitraries.longs().between(0, 200_000), Arbitraries.of(0L, 1L, 65_535L, 65_536L, 131_072L,
                        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL));
    }

    @Provide
    Arbitrary<String> envelopes() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> value = Arbitraries.oneOf(text.map(AbiBoundaryFuzzProperties::quote),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("null", "true", "[]", "{}", "1e400"));
        Arbitrary<String> error = Combinators.combine(Arbitraries.oneOf(Arbitraries.of(ErrorCode.values())
                        .map(Enum::name), text), text, value, value)
                .as((code, message, retry, detail) -> "{\"error\":{\"code\":" + quote(code) + ",\"message\":"
                        + quote(message) + ",\"retry_after_ms\":" + retry + ",\"retryable\":" + detail
                        + ",\"details\":{\"reason\":" + detail + ",\"plugin\":" + detail + "}}}");
        return Arbitraries.oneOf(text, value.map(v -> "{\"ok\":" + v + "}"), error,
                Arbitraries.of("{\"ok\":1,\"error\":{}}", "{}", "[", "{\"ok\":", "\"ok\"", "{\"error\":null}"));
    }

    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(30);
        Arbitrary<String> url = Arbitraries.oneOf(text, Arbitraries.of("http://127.0.0.1:1/x", "https://127.0.0.1:1/",
                "http://evil.example/", "file:///etc/passwd", "http://[::1", "http://127.0.0.1:99999/"));
        Arbitrary<String> method = Arbitraries.oneOf(text, Arbitraries.of("GET", "post", "CONNECT", "TRACE"));
        return Combinators.combine(url, method, text, text, Arbitraries.integers())
                .as((u, m, hName, hValue, t) -> "{\"url\":" + quote(u) + ",\"method\":" + quote(m)
                        + ",\"headers\":{" + quote(hName) + ":" + quote(hValue) + "},\"body\":" + quote(hValue)
                        + ",\"timeout_ms\":" + t + "}");
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(50), Arbitraries.of("project_key", ""));
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
