package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin version pin: {@code 1.4.0} (that version or later) or comparators joined by spaces, all of which must
 * hold ({@code >=1.4.0 <2.0.0}, {@code =1.4.2}). Versions compare as semantic versions: numeric dotted parts, a
 * pre-release ({@code 2.0.0-rc.1}) before its release, build metadata ignored.
 */
final class VersionRange {
    private static final String VERSION = "\\d+(?:\\.\\d+)*(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?";
    private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=)?(" + VERSION + ")");
    private static final Pattern PLAIN = Pattern.compile(VERSION);

    private record Bound(String op, String version) {}

    private final String text;
    private final List<Bound> bounds;

    private VersionRange(String text, List<Bound> bounds) {
        this.text = text;
        this.bounds = List.copyOf(bounds);
    }

    /**
     * Parses a pin.
     *
     * @throws IntegrationException INVALID_DATA naming {@code versionRange} when it is not one
     */
    static VersionRange parse(String text) {
        List<Bound> bounds = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            Matcher m = COMPARATOR.matcher(part);
            if (!m.matches()) {
                throw IntegrationException.builder(ErrorCode.INVALID_DATA, "versionRange '" + text + "' is not a"
                        + " version pin: use a minimum such as 1.4.0, or comparators such as >=1.4.0 <2.0.0")
                        .detail("argument", "versionRange").build();
            }
            bounds.add(new Bound(m.group(1) == null ? ">=" : m.group(1), m.group(2)));
        }
        return new VersionRange(text.trim(), bounds);
    }

    /** Whether {@code version} satisfies every comparator; a missing or non-numeric version never does. */
    boolean contains(String version) {
        if (version == null || !PLAIN.matcher(version).matches()) return false;
        for (Bound b : bounds) {
            int c = compare(version, b.version());
            boolean ok = switch (b.op()) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                default -> c == 0;
            };
            if (!ok) return false;
        }
        return true;
    }

    static int compare(String a, String b) {
        String[] x = core(a).split("-", 2);
        String[] y = core(b).split("-", 2);
        String[] xs = x[0].split("\\.");
        String[] ys = y[0].split("\\.");
        for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
            BigInteger xi = i < xs.length ? new BigInteger(xs[i]) : BigInteger.ZERO;
            BigInteger yi = i < ys.length ? new BigInteger(ys[i]) : BigInteger.ZERO;
            int c = xi.compareTo(yi);
            if (c != 0) return c;
        }
        if (x.length != y.length) return x.length == 1 ? 1 : -1; // a release follows its pre-releases
        return x.length == 1 ? 0 : x[1].compareTo(y[1]);
    }

    private static String core(String v) {
        int plus = v.indexOf('+');
        return plus < 0 ? v : v.substring(0, plus);
    }

    @Override
    public String toString() {
        return text;
    }
}
