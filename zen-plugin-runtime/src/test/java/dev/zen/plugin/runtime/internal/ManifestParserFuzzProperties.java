package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzzes the manifest parser with random YAML: raw bytes, random documents, and the valid manifest with one key
 * replaced by a random value. Every outcome is a manifest or a typed {@code PLUGIN_LOAD_FAILED}, quickly.
 */
class ManifestParserFuzzProperties {
    private static final List<String> KEYS = List.of("schema_version", "plugin", "plugin.name", "plugin.version",
            "capabilities", "runtime", "runtime.wasm_file", "runtime.memory_limit", "runtime.execution_timeout",
            "runtime.cpu_limit", "api_requirements", "api_requirements.abi_version", "api_requirements.hosts",
            "security", "security.permissions", "security.checksum", "security.signature",
            "configuration_schema", "configuration_schema.server_url",
            "configuration_schema.server_url.pattern", "configuration_schema.server_url.type");

    @Property(tries = 500)
    void anyBytesGiveAManifestOrATypedError(@ForAll byte[] bytes) {
        assertParsesOrFailsTyped(bytes);
    }

    @Property(tries = 500)
    void anyYamlDocumentGivesAManifestOrATypedError(@ForAll("documents") String yaml) {
        assertParsesOrFailsTyped(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void theValidManifestWithOneKeyReplacedGivesAManifestOrATypedError(@ForAll("keys") String key,
                                                                        @ForAll("values") Object value) {
        assertParsesOrFailsTyped(replaced(key, value).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertParsesOrFailsTyped(byte[] yaml) {
        long start = System.nanoTime();
        try {
            PluginManifest m = ManifestParser.parse("fuzz", yaml);
            assertThat(m.plugin().name()).isNotBlank();
        } catch (IntegrationException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_LOAD_FAILED);
            assertThat(e.getMessage()).startsWith("plugin fuzz: ");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The valid manifest of {@link ManifestParserTest} as a tree, with the value at a dotted key replaced. */
    @SuppressWarnings("unchecked")
    private static String replaced(String key, Object value) {
        try {
            Map<String, Object> root = YAML.readValue(ManifestParserTest.VALID, LinkedHashMap.class);
            Map<String, Object> parent = root;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                Object child = parent.get(parts[i]);
                if (!(child instanceof Map)) return YAML.writeValueAsString(root);
                parent = (Map<String, Object>) child;
            }
            parent.put(parts[parts.length - 1], value);
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of(KEYS);
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l), Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of("4GiB", "0", "-1", "10m", "11m", "1ns", "99999999999999999999", "(a+)+$", "[",
                        "../../x.wasm", "/etc/passwd", "C:\\x", "sha256:zz").map(s -> (Object) s));
        Arbitrary<Object> list = scalar.list().ofMaxSize(4).map(l -> (Object) l);
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), scalar)
                .ofMaxSize(3).map(m -> (Object) m);
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(2, list),
                Tuple.of(2, map));
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(10),
                Arbitraries.of("&a", "*a", "!!binary", "!!python/object", "<<", "- ", "{", "}", "[", "]", ": ", "\n",
                        "  ", "'", "\"", "|", ">", "#", "---", "...", "%YAML 1.2"));
        return word.list().ofMaxSize(40).map(words -> String.join("", words));
    }
}
