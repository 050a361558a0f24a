package dev.zen.integration.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ServiceFactory} is told about the integration it makes a service for.
 *
 * @param kind      the kind of service wanted
 * @param workspace the Zen workspace folder ({@code ZenIntegration.builder().workspace(...)}), absolute
 * @param settings  the host's settings for this kind of service ({@code builder().serviceSettings(kind, ...)}),
 *                  read-only; empty when none were given
 * @param clock     the clock the integration uses for every timestamp
 */
public record ServiceContext(ServiceKind kind, Path workspace, Map<String, String> settings, Clock clock) {
    /** Validates the context and makes the settings an unmodifiable copy, keeping their order. */
    public ServiceContext {
        Objects.requireNonNull(kind, "kind");
        workspace = Objects.requireNonNull(workspace, "workspace").toAbsolutePath();
        Map<String, String> copy = new LinkedHashMap<>();
        Objects.requireNonNull(settings, "settings").forEach((k, v) -> copy.put(Objects.requireNonNull(k, "settings key"),
                Objects.requireNonNull(v, () -> "settings value of " + k)));
        settings = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(clock, "clock");
    }

    /** The setting {@code key}, or {@code fallback} when it is not set. */
    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** {@code path} against the workspace: an absolute path as it is, a relative one inside the workspace. */
    public Path resolve(String path) {
        return workspace.resolve(path).normalize();
    }
}
