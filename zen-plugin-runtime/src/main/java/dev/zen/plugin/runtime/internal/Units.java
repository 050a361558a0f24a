package dev.zen.plugin.runtime.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human-readable sizes and durations of manifests ({@code 16MiB}, {@code 500ms}, {@code 5s}). */
final class Units {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(b|kib|mib|gib|kb|mb|gb)?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m)");

    private Units() {
    }

    /**
     * A size in bytes: a number followed by B, KiB, MiB, GiB (KB, MB, GB are read as powers of 1024 too).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write a whole number with a unit "
                    + "B, KiB, MiB or GiB, such as 16MiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kib", "kb" -> 1L << 10;
            case "mib", "mb" -> 1L << 20;
            case "gib", "gb" -> 1L << 30;
            default -> 1L;
        };
        if (n > Long.MAX_VALUE / factor) throw new IllegalArgumentException("'" + text + "' is too large");
        return n * factor;
    }

    /**
     * A duration: a whole number followed by ms, s or m.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number with a unit "
                    + "ms, s or m, such as 5s or 500ms");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
