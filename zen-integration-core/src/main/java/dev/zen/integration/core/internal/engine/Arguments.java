package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import org.jspecify.annotations.Nullable;

/**
 * The checks every public method of the engine makes on its arguments before doing anything: a null or blank id,
 * a null request or resolution fails as {@link ErrorCode#INVALID_DATA} whose message names the argument (and whose
 * {@code argument} detail holds that name), instead of a {@code NullPointerException} from deep inside or a
 * misleading {@code NOT_FOUND}.
 */
final class Arguments {
    private Arguments() {}

    /** The value, if it is a non-blank string. */
    static String text(@Nullable String value, String name) {
        if (value == null) throw invalid(name, name + " must not be null");
        if (value.isBlank()) throw invalid(name, name + " must not be blank, got '" + value + "'");
        return value;
    }

    /** The value, if it is not null. */
    static <T> T present(@Nullable T value, String name) {
        if (value == null) throw invalid(name, name + " must not be null");
        return value;
    }

    private static IntegrationException invalid(String name, String message) {
        return IntegrationException.builder(ErrorCode.INVALID_DATA, message).detail("argument", name).build();
    }
}
