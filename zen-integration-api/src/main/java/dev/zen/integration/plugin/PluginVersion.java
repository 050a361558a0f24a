package dev.zen.integration.plugin;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One version of a provider's plugin the engine knows of, and what it is to the provider.
 *
 * @param name    the plugin name
 * @param version its version; null when its manifest could not be read
 * @param source  where it was found (a folder path or classpath URL; for a plugin the host opened, its own)
 * @param role    serving, kept for a rollback, or what a reload would open now
 */
public record PluginVersion(String name, @Nullable String version, String source, Role role) {
    /** Validates. */
    public PluginVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(role, "role");
    }

    /** What a version is to the provider. */
    public enum Role {
        /** New calls go to it. */
        SERVING,
        /** Replaced last and kept open: {@code rollbackPlugin} returns to it at once. */
        PREVIOUS,
        /** Found by the plugin registry now: what {@code reloadPlugin} would open (unless it is serving already). */
        AVAILABLE,
        /** Found by the plugin registry but shadowed by a copy of higher precedence (its version is not read). */
        SHADOWED
    }
}
