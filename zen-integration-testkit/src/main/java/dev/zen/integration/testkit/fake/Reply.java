package dev.zen.integration.testkit.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.testkit.internal.Jackson;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response a fake will send: status, headers and body bytes. Part of the plumbing the testkit's fakes share
 * ({@link FakeHttpServer}); tests do not need it.
 *
 * @param status  the HTTP status
 * @param headers the response headers
 * @param body    the body, empty for none
 */
public record Reply(int status, Map<String, String> headers, byte[] body) {
    /** Copies the headers, keeping their order. */
    public Reply {
        headers = new LinkedHashMap<>(headers);
    }

    /** A JSON body. */
    public static Reply json(int status, JsonNode node) {
        try {
            return new Reply(status, Map.of("Content-Type", "application/json;charset=UTF-8"),
                    Jackson.MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No body. */
    public static Reply empty(int status) {
        return new Reply(status, Map.of(), new byte[0]);
    }

    /** A plain-text body. */
    public static Reply text(int status, String text) {
        return new Reply(status, Map.of("Content-Type", "text/plain;charset=UTF-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** This reply with one more header (replacing one of the same name). */
    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, h, body);
    }

    /** The value of a header, or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
