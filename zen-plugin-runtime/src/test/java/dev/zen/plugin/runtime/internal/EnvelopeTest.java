package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Result envelopes: the ok value's text as the guest wrote it, checked on the way; errors as the host's. */
class EnvelopeTest {
    private static Envelope decode(String json) {
        return Envelope.decode("p", json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"ok\":{\"a\":[1,2,{\"b\":null}]}}|{\"a\":[1,2,{\"b\":null}]}",
        "{ \"ok\" : { \"a\" : 1 } , \"other\": [true] }|{ \"a\" : 1 }",
        "{\"other\":{\"x\":\"}\"},\"ok\":\"caf\u00e9 \\u00e9 \\\"q\\\" \ud83d\ude00\"}"
                + "|\"caf\u00e9 \\u00e9 \\\"q\\\" \ud83d\ude00\"",
        "{\"ok\":-12.5e3}|-12.5e3",
        "{\"ok\":12}|12",
        "{\"ok\":true}|true",
        "{\"ok\":null}|null",
        "{\"ok\":[]}|[]"})
    void givenAnOkValueWhenDecodedThenItsTextIsExactlyWhatTheGuestWrote(String envelope, String value) {
        assertThat(decode(envelope).valueOrThrow()).isEqualTo(value);
    }

    @Test
    void givenAByteOrderMarkBeforeTheEnvelopeWhenDecodedThenTheValueIsStillCutAtItsOwnBytes() {
        byte[] bom = "\ufeff{\"ok\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8);

        assertThat(Envelope.decode("p", bom).valueOrThrow()).isEqualTo("{\"k\":\"v\"}");
    }

    @Test
    void givenInvalidUtf8InsideTheOkValueWhenDecodedThenTheResultIsMalformed() {
        byte[] bad = {'{', '"', 'o', 'k', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThatThrownBy(() -> Envelope.decode("p", bad)).isInstanceOf(GuestFault.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void givenADuplicateKeyInsideTheOkValueWhenDecodedThenTheResultIsMalformed() {
        assertThatThrownBy(() -> decode("{\"ok\":{\"a\":1,\"a\":2}}")).isInstanceOf(GuestFault.class)
                .hasMessageContaining("the key 'ok.a' more than once");
    }

    @Test
    void givenBrokenJsonInsideTheOkValueWhenDecodedThenTheResultIsMalformed() {
        assertThatThrownBy(() -> decode("{\"ok\":{\"a\":[1,}}")).isInstanceOf(GuestFault.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> decode("{\"ok\":\"unterminated}")).isInstanceOf(GuestFault.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void givenAnErrorEnvelopeWhenDecodedThenThePluginsErrorIsThrown() {
        Envelope e = decode("{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}");

        assertThatThrownBy(e::valueOrThrow).isInstanceOfSatisfying(IntegrationException.class,
                ie -> assertThat(ie.code()).isEqualTo(ErrorCode.RATE_LIMITED)).hasMessage("slow down");
    }
}
