package dev.zen.plugin.runtime.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The runtime's Jackson mappers, shared: configured once here, thread-safe, never reconfigured after. */
final class Jackson {
    /** JSON: result envelopes, HTTP requests and responses, configuration values handed to plugins. */
    static final ObjectMapper JSON = new ObjectMapper();
    /** YAML: {@code manifest.yaml}. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Jackson() {
    }
}
