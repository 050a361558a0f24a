package dev.zen.plugin.runtime.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Regular expressions that come from a manifest ({@code configuration_schema.*.pattern}): compiled with RE2/J, whose
 * matching time is linear in the input, so a pattern such as {@code ^(a+)+$} cannot hang the host on a long value
 * (with {@code java.util.regex} it backtracks exponentially). RE2 syntax has no backreferences or lookaround; such a
 * pattern is refused. RE2/J itself has no limit on how far counted repetitions expand (compiling
 * {@code ((a{1000}){1000}){1000}} exhausts the heap), so the expanded size is bounded before compiling.
 */
final class SchemaPatterns {
    /** The longest pattern accepted, in characters. */
    static final int MAX_PATTERN_CHARS = 1_000;
    /**
     * The largest program accepted, in (estimated) RE2 instructions. Matching costs at most this many steps per
     * character of the value; real schema patterns need a few dozen.
     */
    static final long MAX_PROGRAM_SIZE = 10_000;

    private SchemaPatterns() {
    }

    /**
     * Compiles a manifest pattern.
     *
     * @throws IllegalArgumentException saying why the pattern is refused, for the caller to put after the key name
     */
    static Pattern compile(String pattern) {
        if (pattern.length() > MAX_PATTERN_CHARS) {
            throw new IllegalArgumentException("is longer than " + MAX_PATTERN_CHARS + " characters");
        }
        if (expandedSize(pattern) > MAX_PROGRAM_SIZE) {
            throw new IllegalArgumentException("expands to more than " + MAX_PROGRAM_SIZE + " instructions once its "
                    + "counted repetitions ({n}) are unrolled; use fewer or smaller repetitions");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            String why = e.getMessage().replaceFirst("^error parsing regexp: ", "");
            throw new IllegalArgumentException("is not a valid linear-time (RE2) regular expression (" + why
                    + "): linear-time syntax is required so that no value can make matching hang, which rules out "
                    + "backreferences (\\1), lookahead and lookbehind ((?=, (?!, (?<=, (?<!) and possessive "
                    + "quantifiers", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("cannot be compiled as an RE2 regular expression: " + e, e);
        }
    }

    /**
     * An upper bound of the size of the pattern's compiled program: every literal, class, quantifier and group counts
     * one or two, and a counted repetition multiplies what it repeats. Saturates just above the limit.
     */
    static long expandedSize(String p) {
        Deque<long[]> groups = new ArrayDeque<>(); // per open group: {branch size before it, alternatives before it}
        long branch = 0;
        long alternatives = 0;
        long last = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            long atom = 1;
            switch (c) {
                case '\\' -> i = endOfEscape(p, i);
                case '[' -> i = endOfClass(p, i);
                case '(' -> {
                    groups.push(new long[] {branch, alternatives});
                    branch = 0;
                    alternatives = 0;
                    last = 0;
                    continue;
                }
                case ')' -> {
                    atom = cap(alternatives + branch + 2);
                    long[] outer = groups.isEmpty() ? new long[] {0, 0} : groups.pop();
                    branch = outer[0];
                    alternatives = outer[1];
                }
                case '|' -> {
                    alternatives = cap(alternatives + branch + 1);
                    branch = 0;
                    last = 0;
                    continue;
                }
                case '*', '+', '?' -> {
                    branch = cap(branch + 1);
                    last = cap(last + 1);
                    continue;
                }
                case '{' -> {
                    int close = p.indexOf('}', i);
                    long times = close < 0 ? -1 : repeatCount(p.substring(i + 1, close));
                    if (times >= 0) {
                        branch = cap(branch + cap(last * Math.max(0, times - 1)) + times);
                        last = cap(last * Math.max(1, times) + times);
                        i = close;
                        continue;
                    }
                }
                default -> {
                    // a literal character
                }
            }
            branch = cap(branch + atom);
            last = atom;
            if (branch + alternatives > MAX_PROGRAM_SIZE) return MAX_PROGRAM_SIZE + 1;
        }
        long total = branch + alternatives;
        while (!groups.isEmpty()) {
            long[] outer = groups.pop();
            total = cap(total + outer[0] + outer[1]);
        }
        return total;
    }

    private static int endOfEscape(String p, int i) {
        if (i + 1 >= p.length()) return i;
        char n = p.charAt(i + 1);
        if (n == 'Q') {
            int end = p.indexOf("\\E", i + 2);
            return end < 0 ? p.length() - 1 : end + 1;
        }
        if ((n == 'p' || n == 'P' || n == 'x') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
            int end = p.indexOf('}', i + 2);
            return end < 0 ? p.length() - 1 : end;
        }
        return i + 1;
    }

    private static int endOfClass(String p, int i) {
        int j = i + 1;
        if (j < p.length() && p.charAt(j) == '^') j++;
        if (j < p.length() && p.charAt(j) == ']') j++;
        while (j < p.length()) {
            char c = p.charAt(j);
            if (c == '\\') {
                j = endOfEscape(p, j) + 1;
            } else if (c == '[' && j + 1 < p.length() && p.charAt(j + 1) == ':') {
                int end = p.indexOf(":]", j + 2);
                j = end < 0 ? j + 1 : end + 2;
            } else if (c == ']') {
                return j;
            } else {
                j++;
            }
        }
        return p.length() - 1;
    }

    /** The largest count of {@code n}, {@code n,} or {@code n,m} (an open range counts {@code n + 1}), or -1. */
    private static long repeatCount(String inside) {
        int comma = inside.indexOf(',');
        String min = comma < 0 ? inside : inside.substring(0, comma);
        String max = comma < 0 ? inside : inside.substring(comma + 1);
        if (!min.matches("\\d{1,9}") || !(max.isEmpty() || max.matches("\\d{1,9}"))) return -1;
        return max.isEmpty() ? Long.parseLong(min) + 1 : Math.max(Long.parseLong(min), Long.parseLong(max));
    }

    private static long cap(long v) {
        return v < 0 || v > MAX_PROGRAM_SIZE ? MAX_PROGRAM_SIZE + 1 : v;
    }
}
