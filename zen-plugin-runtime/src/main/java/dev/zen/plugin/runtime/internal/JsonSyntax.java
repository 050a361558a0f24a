package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Whether bytes are exactly one well-formed JSON value, as strictly as the PDK's own syntax check (no comments,
 * trailing commas, leading zeros, control characters in strings or content after the value, at most 256 levels of
 * nesting) and stricter where bytes are not valid UTF-8. Tells a {@code raw_body} guest that it may parse the
 * body without scanning it first (docs/plugin-abi.md).
 */
final class JsonSyntax {
    /** The PDK refuses a value nested deeper than this (its scanner's limit). */
    static final int MAX_DEPTH = 256;

    private JsonSyntax() {
    }

    /** True when {@code bytes} hold one JSON value, surrounded by whitespace at most. */
    static boolean isJson(byte[] bytes) {
        try (JsonParser p = JsonStreams.JSON.createParser(bytes)) {
            // a repeated key is the guest's business (its parser keeps one), as it was before this check
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            int open = 0;
            JsonToken t = p.nextToken();
            if (t == null) return false;
            while (t != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    open--;
                } else if (t != JsonToken.FIELD_NAME) {
                    if (open > MAX_DEPTH) return false;
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) open++;
                }
                if (open == 0) return p.nextToken() == null;
                t = p.nextToken();
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
