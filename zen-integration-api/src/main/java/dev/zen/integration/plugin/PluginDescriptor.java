package dev.zen.integration.plugin;

import java.util.List;
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
 * @param shadowed      where other plugins of the same name were found that {@code source} takes precedence over,
 *                      highest precedence first (folder paths or classpath URLs); empty when this name is found
 *                      once. A registry loads a plugin that shadows another only under its trust rules (see the
 *                      registry's documentation), so this says which source won and what it replaced
 */
public record PluginDescriptor(String name, String source, @Nullable PluginManifest manifest, State state,
                               @Nullable String failureReason, List<String> shadowed) {
    /** Validates the descriptor. */
    public PluginDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        shadowed = shadowed == null ? List.of() : List.copyOf(shadowed);
        if ((state == State.FAILED) != (failureReason != null)) {
            throw new IllegalArgumentException("a descriptor has a failure reason exactly when it FAILED");
        }
        if (state != State.FAILED && manifest == null) {
            throw new IllegalArgumentException("a usable plugin needs a manifest");
        }
    }

    /** A descriptor of a plugin that shadows no other (the form before {@code shadowed} existed). */
    public PluginDescriptor(String name, String source, @Nullable PluginManifest manifest, State state,
                            @Nullable String failureReason) {
        this(name, source, manifest, state, failureReason, List.of());
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
