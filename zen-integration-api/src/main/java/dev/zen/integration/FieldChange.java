package dev.zen.integration;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One field that a sync changed (or, in a dry run, would change).
 *
 * @param field    the Zen field name
 * @param target   which side was (or would be) written
 * @param oldValue the value before; null when the field was empty
 * @param newValue the value after; null when the field was cleared
 */
public record FieldChange(String field, Side target, @Nullable String oldValue, @Nullable String newValue) {
    /** Validates the change. */
    public FieldChange {
        Checks.requireText(field, "field");
        Objects.requireNonNull(target, "target");
    }

    /** The side of a sync pair. */
    public enum Side {
        /** The Zen task. */
        LOCAL,
        /** The external item. */
        REMOTE
    }
}
