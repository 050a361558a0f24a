package dev.zen.integration;

import org.jspecify.annotations.Nullable;

/** Which way changes flow between a Zen task and its external item. */
public enum SyncDirection {
    /** External system to Zen only. */
    PULL,
    /** Zen to the external system only. */
    PUSH,
    /** Both ways, with three-way conflict detection per field. */
    BIDIRECTIONAL;

    /** Whether changes flow from the external system into Zen. */
    public boolean pulls() {
        return this != PUSH;
    }

    /** Whether changes flow from Zen into the external system. */
    public boolean pushes() {
        return this != PULL;
    }

    /**
     * The narrower of this direction and another: {@code BIDIRECTIONAL.restrictTo(PULL) == PULL}; null when the two
     * have no direction in common ({@code PULL.restrictTo(PUSH)}), meaning nothing may flow.
     */
    public @Nullable SyncDirection restrictTo(SyncDirection other) {
        boolean pull = pulls() && other.pulls();
        boolean push = pushes() && other.pushes();
        if (pull && push) return BIDIRECTIONAL;
        if (pull) return PULL;
        if (push) return PUSH;
        return null;
    }
}
