package dev.zen.integration.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every string the stores write as YAML reads back as the same string, also where the reader does not know the type
 * (a task's fields, a record's snapshot): values that look like YAML 1.1 numbers ({@code 1_000}, {@code 0x1F},
 * {@code 1e5}, {@code .inf}, {@code ._}) are quoted; other values stay plain.
 */
class YamlScalarRoundTripProperties {
    private static final TypeReference<Map<String, Object>> UNTYPED = new TypeReference<>() {};

    /** A record whose field is typed, as the sync record's external id is. */
    record Typed(String value, List<String> values) {
    }

    @Property(tries = 2000)
    void givenAnyStringWhenWrittenAndReadUntypedThenItIsTheSameString(@ForAll("awkward") String s) throws Exception {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("value", s);
        written.put("values", List.of(s));

        String yaml = Jackson.yaml().writeValueAsString(written);

        assertThat(Jackson.yaml().readValue(yaml, UNTYPED)).as(yaml).isEqualTo(written);
    }

    @Property(tries = 1000)
    void givenAnyStringWhenWrittenAndReadTypedThenItIsTheSameString(@ForAll("awkward") String s) throws Exception {
        Typed written = new Typed(s, List.of(s, s));

        String yaml = Jackson.yaml().writeValueAsString(written);

        assertThat(Jackson.yaml().readValue(yaml, Typed.class)).as(yaml).isEqualTo(written);
    }

    @Example
    void givenNumberLikeStringsWhenWrittenThenTheyAreQuotedAndTimestampsAndWordsStayPlain() throws Exception {
        for (String s : List.of("._", "1_000", "0x1F", "0b101", "1e5", "1.5e-3", ".inf", "-.inf", ".nan", "+.5_")) {
            assertThat(Jackson.yaml().writeValueAsString(Map.of("v", s))).as(s).isNotEqualTo("v: " + s + "\n");
        }
        for (String s : List.of("2026-12-04T10:00:00Z", "SYNC-12", "In Progress", "a1_000")) {
            assertThat(Jackson.yaml().writeValueAsString(Map.of("v", s))).as(s).isEqualTo("v: " + s + "\n");
        }
    }

    @Provide
    Arbitrary<String> awkward() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789._+-eExXbBoOinfaINF: ").ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20),
                Arbitraries.of(".inf", "-.Inf", ".NaN", "0o17", "1:20", "12:30:45", "~", "null", "yes", "Off", "-",
                        "0x", "1__2", "+", ".", "2026-12-04"));
    }
}
