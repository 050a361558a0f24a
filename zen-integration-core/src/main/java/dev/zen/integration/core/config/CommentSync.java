package dev.zen.integration.core.config;

import java.util.Locale;

/**
 * Which way a provider's comments are copied ({@code integrations.providers.<name>.comments}); default
 * {@link #OFF}. Comments are append-mostly: new ones are copied with the author's name, edits of copied ones follow,
 * deletions follow {@link CommentDeletions}.
 */
public enum CommentSync {
    /** Comments are not synced. */
    OFF,
    /** The tracker's comments are copied to the Zen task. */
    PULL,
    /** The Zen task's comments are copied to the tracker. */
    PUSH,
    /** Both ways. */
    BOTH;

    /** Whether the tracker's comments are copied to Zen. */
    public boolean pulls() {
        return this == PULL || this == BOTH;
    }

    /** Whether Zen's comments are copied to the tracker. */
    public boolean pushes() {
        return this == PUSH || this == BOTH;
    }

    /** The YAML spelling: {@code off}, {@code pull}, {@code push}, {@code both}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
