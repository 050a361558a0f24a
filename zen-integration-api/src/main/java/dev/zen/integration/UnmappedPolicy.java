package dev.zen.integration;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ValueMap} does with a value it has no entry for. Never a silent corruption: a value is either kept
 * as it is, replaced by a declared default, left out of the write, or the task fails with an error naming the field.
 *
 * <ul>
 *   <li>{@link #keep()}: the value passes unchanged (the default policy).</li>
 *   <li>{@link #defaultTo(String)}: the declared value is written instead.</li>
 *   <li>{@link #skip()}: the field is not written for this value; the other side keeps what it holds.</li>
 *   <li>{@link #fail()}: the task's sync fails with {@code INVALID_DATA} naming the field and the value.</li>
 * </ul>
 *
 * @param kind         which policy
 * @param defaultValue for {@link Kind#DEFAULT}: the value written instead; null otherwise
 */
public record UnmappedPolicy(Kind kind, @Nullable String defaultValue) {
    private static final UnmappedPolicy KEEP = new UnmappedPolicy(Kind.KEEP, null);
    private static final UnmappedPolicy SKIP = new UnmappedPolicy(Kind.SKIP, null);
    private static final UnmappedPolicy FAIL = new UnmappedPolicy(Kind.FAIL, null);

    /** The policies. */
    public enum Kind {
        /** Pass the value unchanged. */
        KEEP,
        /** Write the declared default instead. */
        DEFAULT,
        /** Leave the field out of the write. */
        SKIP,
        /** Fail the task with {@code INVALID_DATA}. */
        FAIL
    }

    /** Validates: a default policy needs a non-blank value, the others none. */
    public UnmappedPolicy {
        if (kind == null) throw invalid("a policy kind is required: keep, skip, fail or default");
        if (kind == Kind.DEFAULT && (defaultValue == null || defaultValue.isBlank())) {
            throw invalid("unmapped: {default: X} needs a non-blank value X");
        }
        if (kind != Kind.DEFAULT && defaultValue != null) {
            throw invalid("only the default policy takes a value; " + kind.name().toLowerCase(Locale.ROOT)
                    + " got '" + defaultValue + "'");
        }
    }

    /** Pass unmapped values unchanged. */
    public static UnmappedPolicy keep() {
        return KEEP;
    }

    /** Leave the field out of the write when its value is unmapped. */
    public static UnmappedPolicy skip() {
        return SKIP;
    }

    /** Fail the task with {@code INVALID_DATA} when the value is unmapped. */
    public static UnmappedPolicy fail() {
        return FAIL;
    }

    /** Write {@code value} instead of an unmapped value. */
    public static UnmappedPolicy defaultTo(String value) {
        return new UnmappedPolicy(Kind.DEFAULT, value);
    }

    /**
     * The policy written as {@code keep}, {@code skip} or {@code fail} (case-insensitive).
     *
     * @throws IntegrationException CONFIG_ERROR for any other word
     */
    public static UnmappedPolicy parse(String word) {
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "keep" -> KEEP;
            case "skip" -> SKIP;
            case "fail" -> FAIL;
            default -> throw invalid("unknown policy '" + word + "'; accepted: keep, skip, fail or {default: VALUE}");
        };
    }

    @Override
    public String toString() {
        return kind == Kind.DEFAULT ? "{default: " + defaultValue + "}" : kind.name().toLowerCase(Locale.ROOT);
    }

    private static IntegrationException invalid(String message) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR, "unmapped: " + message).detail("key", "unmapped")
                .build();
    }
}
