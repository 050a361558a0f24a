package dev.zen.integration;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to settle one {@link ConflictRecord}: keep the Zen value, take the external value, or write a merged value
 * to both sides.
 *
 * @param choice      which value wins
 * @param mergedValue the value to write when {@code choice} is {@link Choice#MERGED} (null clears the field); null
 *                    for the other choices
 */
public record ConflictResolution(Choice choice, @Nullable String mergedValue) {
    /** Validates the resolution. */
    public ConflictResolution {
        Objects.requireNonNull(choice, "choice");
        if (choice != Choice.MERGED && mergedValue != null) {
            throw new IllegalArgumentException("mergedValue is only allowed with Choice.MERGED");
        }
    }

    /** Keep the Zen value and push it. */
    public static ConflictResolution local() {
        return new ConflictResolution(Choice.LOCAL, null);
    }

    /** Take the external value and write it to Zen. */
    public static ConflictResolution remote() {
        return new ConflictResolution(Choice.REMOTE, null);
    }

    /** Write {@code value} to both sides (null clears the field). */
    public static ConflictResolution merged(@Nullable String value) {
        return new ConflictResolution(Choice.MERGED, value);
    }

    /** Which value wins a conflict. */
    public enum Choice {
        /** The Zen value. */
        LOCAL,
        /** The external value. */
        REMOTE,
        /** A value given by the caller. */
        MERGED
    }
}
