package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The runtime's Jackson mappers, shared: configured once here, thread-safe, never reconfigured after. Both refuse
 * duplicate keys (last-one-wins would let a second {@code permissions:} or {@code "code"} silently replace the
 * first) and keep the document's text out of error locations (line and column only).
 */
final class Jackson {
    /** JSON: result envelopes, HTTP requests and responses, configuration values handed to plugins. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    /** YAML: {@code manifest.yaml}. */
    static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Jackson() {
    }
}
