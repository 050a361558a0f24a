package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response the fake will send: status, headers and body bytes. */
record Reply(int status, Map<String, String> headers, byte[] body) {
    Reply {
        headers = new LinkedHashMap<>(headers);
    }

    static Reply json(int status, JsonNode node) {
        try {
            return new Reply(status, Map.of("Content-Type", "application/json;charset=UTF-8"),
                    JiraJson.MAPPER.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply empty(int status) {
        return new Reply(status, Map.of(), new byte[0]);
    }

    static Reply text(int status, String text) {
        return new Reply(status, Map.of("Content-Type", "text/plain;charset=UTF-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    static Reply error(ApiError e) {
        return json(e.status, JiraJson.error(e.errorMessages, e.errors));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, h, body);
    }
}
