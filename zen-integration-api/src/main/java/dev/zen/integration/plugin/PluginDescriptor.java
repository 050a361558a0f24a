package dev.zen.integration.plugin;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A plugin the registry knows about: where it came from, its manifest, and whether it is usable.
 *
 * @param name          the plugin name
 * @param source        where it was found (a folder path or a classpath URL)
 * @param manifest      the parsed manifest; null when the manifest itself could not be read (then FAILED)
 * @param state         whether it is discovered, loaded or broken
 * @param failureReason why it is broken; null exactly when the state is not FAILED
 */
public record PluginDescriptor(String name, String source, @Nullable PluginManifest manifest, State state,
                               @Nullable String failureReason) {
    /** Validates the descriptor. */
    public PluginDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        if ((state == State.FAILED) != (failureReason != null)) {
            throw new IllegalArgumentException("a descriptor has a failure reason exactly when it FAILED");
        }
        if (state != State.FAILED && manifest == null) {
            throw new IllegalArgumentException("a usable plugin needs a manifest");
        }
    }

    /** The lifecycle state of a plugin. */
    public enum State {
        /** Found and its manifest read, not yet verified and compiled. */
        DISCOVERED,
        /** Verified, compiled and ready to open. */
        LOADED,
        /** Unusable; see the failure reason. */
        FAILED
    }
}
