package dev.zen.plugin.runtime.internal;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code plugin.version} in semantic-version order: dotted numeric parts compared as numbers (a missing part is
 * 0, so {@code 1.2} equals {@code 1.2.0}), then a pre-release ({@code 1.0.0-rc.1}) before its release, with
 * pre-release identifiers compared as SemVer 2.0 says; build metadata ({@code +build.5}) is ignored. That order is
 * {@link #compareTo}; {@code equals} compares the parts as written.
 *
 * @param text       the version as written
 * @param numbers    the numeric parts
 * @param preRelease the pre-release identifiers; empty for a release
 */
public record SemanticVersion(String text, List<BigInteger> numbers, List<String> preRelease)
        implements Comparable<SemanticVersion> {
    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{1,9}(?:\\.\\d{1,9}){0,5})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]+)?");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    /** Copies the parts. */
    public SemanticVersion {
        numbers = List.copyOf(numbers);
        preRelease = List.copyOf(preRelease);
    }

    /** The version, or empty if the text is not of the form {@code 1.2.3}, {@code 1.2.3-rc.1} or {@code 1.2.3+b}. */
    public static Optional<SemanticVersion> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) return Optional.empty();
        List<BigInteger> numbers = Arrays.stream(m.group(1).split("\\.")).map(BigInteger::new).toList();
        List<String> pre = m.group(2) == null ? List.of() : List.of(m.group(2).split("\\."));
        return Optional.of(new SemanticVersion(text.strip(), numbers, pre));
    }

    @Override
    public int compareTo(SemanticVersion o) {
        for (int i = 0; i < Math.max(numbers.size(), o.numbers.size()); i++) {
            int c = part(numbers, i).compareTo(part(o.numbers, i));
            if (c != 0) return c;
        }
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            int c = compareIdentifiers(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static BigInteger part(List<BigInteger> parts, int i) {
        return i < parts.size() ? parts.get(i) : BigInteger.ZERO;
    }

    /** Numeric identifiers compare as numbers and sort before alphanumeric ones, which compare as ASCII. */
    private static int compareIdentifiers(String a, String b) {
        boolean na = NUMERIC.matcher(a).matches();
        boolean nb = NUMERIC.matcher(b).matches();
        if (na && nb) return new BigInteger(a).compareTo(new BigInteger(b));
        if (na != nb) return na ? -1 : 1;
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return text;
    }
}
