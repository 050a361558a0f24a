package dev.zen.plugin.runtime.internal;

import static dev.zen.plugin.runtime.internal.Jackson.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A decoded result envelope: the {@code ok} value as JSON, or the plugin's structured error.
 *
 * @param value the JSON of the {@code ok} value, or null
 * @param error the plugin's error, or null
 */
record Envelope(String value, IntegrationException error) {

    /** The value, or throws the plugin's error. */
    String valueOrThrow() {
        if (error != null) throw error;
        return value;
    }

    /**
     * Decodes an envelope.
     *
     * @throws GuestFault {@code malformed_output} when it is not an ABI v1 envelope
     */
    static Envelope decode(String plugin, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new GuestFault("malformed_output", "the result is not valid JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject() || root.has("ok") == root.has("error")) {
            throw new GuestFault("malformed_output", "the result must be a JSON object with exactly one of "
                    + "\"ok\" or \"error\" (see docs/plugin-abi.md)");
        }
        if (root.has("ok")) {
            try {
                return new Envelope(JSON.writeValueAsString(root.get("ok")), null);
            } catch (JsonProcessingException e) {
                throw new GuestFault("malformed_output", e.getOriginalMessage());
            }
        }
        return new Envelope(null, error(plugin, root.get("error")));
    }

    private static IntegrationException error(String plugin, JsonNode e) {
        if (!e.isObject() || !e.path("code").isTextual()) {
            throw new GuestFault("malformed_output", "an error result needs an object with a string \"code\"");
        }
        String codeName = e.get("code").asText();
        ErrorCode code;
        boolean known = true;
        try {
            code = ErrorCode.valueOf(codeName);
        } catch (IllegalArgumentException ex) {
            code = ErrorCode.PLUGIN_EXECUTION_FAILED;
            known = false;
        }
        String message = e.path("message").isTextual() && !e.get("message").asText().isBlank()
                ? e.get("message").asText() : "the plugin failed with " + codeName + " and gave no message";
        IntegrationException.Builder b = IntegrationException.builder(code, message)
                .provider(plugin).detail("plugin", plugin);
        if (!known) b.detail("plugin_code", codeName);
        if (e.path("retryable").isBoolean()) b.retryable(e.get("retryable").booleanValue());
        if (e.path("retry_after_ms").canConvertToLong() && e.get("retry_after_ms").asLong() >= 0) {
            b.retryAfter(Duration.ofMillis(e.get("retry_after_ms").asLong()));
        }
        if (e.path("details").isObject()) {
            for (Map.Entry<String, JsonNode> d : e.get("details").properties()) {
                b.detail(d.getKey(), d.getValue().isValueNode() ? d.getValue().asText() : d.getValue().toString());
            }
        }
        return b.build();
    }
}
