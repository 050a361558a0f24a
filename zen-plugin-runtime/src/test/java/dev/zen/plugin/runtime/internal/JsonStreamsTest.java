package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The streamed start-up path gives what the mappers it replaces gave, byte for byte and node for node. */
class JsonStreamsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Property(tries = 200)
    void givenAnyPlainValueWhenWrittenThenTheBytesAreTheMappersAndReadBackTheTreeIsTheMappers(
            @ForAll("values") Object value) throws Exception {
        byte[] streamed = JsonStreams.write(value);

        assertThat(new String(streamed, StandardCharsets.UTF_8))
                .isEqualTo(Jackson.JSON.writeValueAsString(value));
        assertThat(JsonStreams.readTree(JsonStreams.JSON, streamed)).isEqualTo(Jackson.JSON.readTree(streamed));
        byte[] yaml = YAML.writeValueAsBytes(value);
        JsonNode tree = JsonStreams.readTree(JsonStreams.YAML, yaml);
        assertThat(tree).isEqualTo(YAML.readTree(yaml));
        assertThat(JsonStreams.toJava(tree)).isEqualTo(YAML.convertValue(YAML.readTree(yaml), Object.class));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20), BigInteger.TEN.pow(22)).map(b -> (Object) b));
        return Arbitraries.recursive(() -> scalars, this::containers, 3);
    }

    private Arbitrary<Object> containers(Arbitrary<Object> inner) {
        return Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), inner).ofMaxSize(4)
                        .map(m -> (Object) new LinkedHashMap<>(m)));
    }

    @Test
    void givenValuesAMapperWritesOtherwiseWhenWrittenThenTheMapperWritesThem() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes", new byte[] {1, 2, 3});
        m.put("decimal", new BigDecimal("1.50"));
        m.put("array", new int[] {1, 2});
        m.put("list", Arrays.asList("a", null));
        m.put("enum", DayOfWeek.MONDAY);
        m.put("uri", URI.create("https://example.com/a"));

        assertThat(new String(JsonStreams.write(m), StandardCharsets.UTF_8))
                .isEqualTo(Jackson.JSON.writeValueAsString(m));
        assertThat(new String(JsonStreams.write(List.of(Map.of(1, "non-string key"))), StandardCharsets.UTF_8))
                .isEqualTo(Jackson.JSON.writeValueAsString(List.of(Map.of(1, "non-string key"))));
    }

    @Test
    void givenADuplicateKeyWhenReadThenRefusedAsTheMappersRefusedIt() {
        assertThatThrownBy(() -> JsonStreams.readTree(JsonStreams.YAML, "a: 1\nb:\n  c: 1\n  c: 2\n"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'c'");
        assertThatThrownBy(() -> JsonStreams.readTree(JsonStreams.JSON, "{\"ok\":1,\"ok\":2}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Duplicate field 'ok'");
    }

    @Test
    void givenNoDocumentWhenReadThenNull() throws Exception {
        assertThat(JsonStreams.readTree(JsonStreams.YAML, new byte[0])).isNull();
        assertThat(JsonStreams.readTree(JsonStreams.JSON, " ".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
