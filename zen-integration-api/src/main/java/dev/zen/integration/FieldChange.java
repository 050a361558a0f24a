package dev.zen.integration;

/**
 * One field that a sync changed (or, in a dry run, would change).
 *
 * @param field    the Zen field name
 * @param target   which side was (or would be) written
 * @param oldValue the value before, may be null
 * @param newValue the value after, may be null
 */
public record FieldChange(String field, Side target, String oldValue, String newValue) {
    /** Validates the change. */
    public FieldChange {
        Checks.requireText(field, "field");
        java.util.Objects.requireNonNull(target, "target");
    }

    /** The side of a sync pair. */
    public enum Side {
        /** The Zen task. */
        LOCAL,
        /** The external item. */
        REMOTE
    }
}
