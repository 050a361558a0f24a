package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A decoded result envelope: the {@code ok} value as JSON, or the plugin's structured error.
 *
 * @param value the JSON of the {@code ok} value, or null
 * @param error the plugin's error, or null
 */
record Envelope(String value, IntegrationException error) {
    /**
     * Detail keys the host (runtime or core) sets itself; a plugin's own value for one of them is kept under
     * {@code plugin_<key>}. {@code http_status} and {@code key} are not among them: plugins report those (the HTTP
     * status of a failure, the configuration key a {@code CONFIG_ERROR} is about) with the same meaning the host
     * gives them (see docs/plugin-abi.md).
     */
    static final Set<String> RESERVED_DETAILS = Set.of("plugin", "plugin_code", "reason", "operation",
            "credentials_ref", "refresh");
    static final String PLUGIN_PREFIX = "plugin_";
    /**
     * Codes only the host can know to be true (its own lock, storage, loader, interruption, bug): a plugin claiming
     * one would steer the engine (a LOCK_TIMEOUT is retried), so it arrives as PLUGIN_EXECUTION_FAILED with
     * {@code details.plugin_code}.
     */
    static final Set<ErrorCode> HOST_ONLY_CODES = Set.of(ErrorCode.PLUGIN_NOT_FOUND, ErrorCode.PLUGIN_LOAD_FAILED,
            ErrorCode.LOCK_TIMEOUT, ErrorCode.INTERRUPTED, ErrorCode.INTERNAL_ERROR, ErrorCode.STORAGE_ERROR);
    static final int MAX_MESSAGE_CHARS = 2_000;
    static final int MAX_DETAILS = 32;
    static final int MAX_DETAIL_KEY_CHARS = 100;
    static final int MAX_DETAIL_CHARS = 1_000;

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
        String ok = null;
        JsonNode error = null;
        boolean object;
        try (JsonParser p = JsonStreams.JSON.createParser(bytes)) {
            object = p.nextToken() == JsonToken.START_OBJECT;
            if (!object) p.skipChildren(); // read to its end, so broken JSON is reported as such
            while (object && p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("ok") && ok == null) {
                    ok = slice(p, bytes);
                } else if (name.equals("error") && error == null) {
                    error = JsonStreams.tree(p);
                } else {
                    p.skipChildren(); // another key (a repeated one was refused by the parser)
                }
            }
        } catch (JsonProcessingException e) {
            String duplicate = ParseErrors.duplicateKey(e);
            throw new GuestFault("malformed_output", duplicate != null
                    ? "the result has the key '" + duplicate + "' more than once (" + ParseErrors.describe(e) + ")"
                    : "the result is not valid JSON (" + ParseErrors.describe(e) + ")");
        } catch (IOException e) {
            throw new GuestFault("malformed_output", "the result could not be read: " + e.getMessage());
        }
        if (!object || (ok == null) == (error == null)) {
            throw new GuestFault("malformed_output", "the result must be a JSON object with exactly one of "
                    + "\"ok\" or \"error\" (see docs/plugin-abi.md)");
        }
        return ok != null ? new Envelope(ok, null) : new Envelope(null, error(plugin, error));
    }

    /**
     * The value at the parser's current token, read to its end (so the parser still checks its syntax, its UTF-8 and
     * its keys), as the text of those bytes: no tree and no second writing of what may be a whole issue (re-writing it
     * through a generator was a tenth of a push sync's plugin time). Spacing and escapes stay as the guest wrote them.
     */
    private static String slice(JsonParser p, byte[] bytes) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken(); // a string's end is not read until asked for
        }
        long end = p.currentLocation().getByteOffset();
        return new String(bytes, (int) start, (int) (end - start), StandardCharsets.UTF_8);
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
        if (HOST_ONLY_CODES.contains(code)) {
            code = ErrorCode.PLUGIN_EXECUTION_FAILED;
            known = false;
        }
        String message = e.path("message").isTextual() && !e.get("message").asText().isBlank()
                ? e.get("message").asText() : "the plugin failed with " + codeName + " and gave no message";
        IntegrationException.Builder b = IntegrationException.builder(code, text(message, MAX_MESSAGE_CHARS))
                .provider(plugin).detail("plugin", plugin);
        if (!known) b.detail("plugin_code", text(codeName, MAX_DETAIL_CHARS));
        // every PLUGIN_EXECUTION_FAILED says why; this one the plugin reported, the host did not detect it
        if (code == ErrorCode.PLUGIN_EXECUTION_FAILED) b.detail("reason", "plugin_error");
        if (e.path("retryable").isBoolean()) b.retryable(e.get("retryable").booleanValue());
        if (e.path("retry_after_ms").canConvertToLong() && e.get("retry_after_ms").asLong() >= 0) {
            b.retryAfter(Duration.ofMillis(e.get("retry_after_ms").asLong()));
        }
        if (e.path("details").isObject()) details(b, e.get("details"));
        return b.build();
    }

    /**
     * Copies the plugin's details without letting them pose as the host's: a reserved key (or one already starting
     * with {@code plugin_}) is kept under {@code plugin_<key>}, so {@code "reason": "timeout"} becomes
     * {@code plugin_reason} and can never make a plugin's error look like a sandbox timeout.
     */
    private static void details(IntegrationException.Builder b, JsonNode details) {
        int n = 0;
        for (Map.Entry<String, JsonNode> d : details.properties()) {
            if (++n > MAX_DETAILS) {
                b.detail("plugin_details_dropped", String.valueOf(details.size() - MAX_DETAILS));
                return;
            }
            String key = text(d.getKey(), MAX_DETAIL_KEY_CHARS);
            if (RESERVED_DETAILS.contains(key) || key.startsWith(PLUGIN_PREFIX)) key = PLUGIN_PREFIX + key;
            JsonNode v = d.getValue();
            b.detail(key, text(v.isValueNode() ? v.asText() : v.toString(), MAX_DETAIL_CHARS));
        }
    }

    /** Plugin text as it may appear in an exception message or log: bounded, control characters escaped. */
    private static String text(String s, int max) {
        String bounded = s.length() > max ? s.substring(0, max) + "...(truncated)" : s;
        return ControlChars.escape(bounded);
    }
}
