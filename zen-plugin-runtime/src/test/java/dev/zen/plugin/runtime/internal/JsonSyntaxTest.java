package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host's body check must refuse everything the PDK's scanner refuses (plugins/pdk/json.ts, isValidJson). */
class JsonSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", " {\"a\":[1,-2.5e+3,true,false,null,\"x\\u00e9\\n\"]} ", "[]", "0", "\"s\"",
            "{\"a\":1,\"a\":2}", "-0.0E-1", "[\"\\ud800\"]"})
    void givenWellFormedJsonWhenCheckedThenItIsJson(String text) {
        assertThat(JsonSyntax.isJson(text.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\":1,}", "[1,]", "{} x", "{}{}", "01", "1.", ".5", "+1", "-", "1e",
            "NaN", "'a'", "{a:1}", "// c\n{}", "\"\\x\"", "\"\\u12\"", "\"a\tb\"", "tru", "nul", "[1 2]", "<html>"})
    void givenMalformedJsonWhenCheckedThenItIsNotJson(String text) {
        assertThat(JsonSyntax.isJson(text.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void givenNestingAtThePdkLimitWhenCheckedThenItIsJsonAndOneLevelDeeperIsNot() {
        String atLimit = "[".repeat(256) + "1" + "]".repeat(256);
        String tooDeep = "[".repeat(257) + "1" + "]".repeat(257);

        assertThat(JsonSyntax.isJson(atLimit.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(JsonSyntax.isJson(tooDeep.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void givenBytesThatAreNotUtf8InAStringWhenCheckedThenItIsNotJson() {
        byte[] bytes = {'"', (byte) 0xC0, (byte) 0xFF, '"'};

        assertThat(JsonSyntax.isJson(bytes)).isFalse();
    }
}
