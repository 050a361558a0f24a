package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The runtime's Jackson mapper, shared: configured once here, thread-safe, never reconfigured after. It refuses
 * duplicate keys (last-one-wins would let a second {@code "code"} silently replace the first) and keeps the
 * document's text out of error locations (line and column only). Built on first use (a plugin's first HTTP request):
 * everything before a plugin's first call goes through {@link JsonStreams} instead.
 */
final class Jackson {
    /** JSON: HTTP requests and responses of the host API. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Jackson() {
    }
}
