package dev.zen.integration.testkit.fake;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Attaches a {@link Fault} to requests by method and path. Matching requests are counted from 1; the rule fires
 * on occurrence {@code from} and the {@code times - 1} matching requests after it.
 *
 * <pre>{@code
 * fakeJira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(502))));
 * fakeJira.inject(FaultRule.onAny().fromOccurrence(3).times(2).respond(Fault.rateLimited()));
 * fakeJira.inject(FaultRule.onPathMatching("GET", "/rest/api/3/issue/.*").always()
 *         .respond(Fault.latency(Duration.ofMillis(200))));
 * }</pre>
 *
 * <p>Immutable: each method returns a new rule. Rules never apply to the fake's own {@code /_fake/} control API.
 */
public final class FaultRule {
    private final String method;
    private final Pattern path;
    private final long from;
    private final long times;
    private final Fault fault;

    private FaultRule(String method, Pattern path, long from, long times, Fault fault) {
        this.method = method;
        this.path = path;
        this.from = from;
        this.times = times;
        this.fault = fault;
    }

    /** Requests with this method (or {@code "*"} for any) on exactly this path. */
    public static FaultRule on(String method, String exactPath) {
        return new FaultRule(normalise(method), Pattern.compile(Pattern.quote(exactPath)), 1, 1, null);
    }

    /** Requests with this method (or {@code "*"}) whose path matches the regular expression entirely. */
    public static FaultRule onPathMatching(String method, String pathRegex) {
        return new FaultRule(normalise(method), Pattern.compile(pathRegex), 1, 1, null);
    }

    /** Every request. */
    public static FaultRule onAny() {
        return new FaultRule("*", Pattern.compile(".*"), 1, 1, null);
    }

    /** Fires first on the {@code n}-th matching request (1-based); the default is 1. */
    public FaultRule fromOccurrence(long n) {
        if (n < 1) throw new IllegalArgumentException("occurrences count from 1: " + n);
        return new FaultRule(method, path, n, times, fault);
    }

    /** Fires on this many matching requests in a row; the default is 1. */
    public FaultRule times(long count) {
        if (count < 1) throw new IllegalArgumentException("times must be at least 1: " + count);
        return new FaultRule(method, path, from, count, fault);
    }

    /** Fires on every matching request from the first occurrence on. */
    public FaultRule always() {
        return new FaultRule(method, path, from, Long.MAX_VALUE, fault);
    }

    /** The fault to inject; a rule without one cannot be injected. */
    public FaultRule respond(Fault newFault) {
        return new FaultRule(method, path, from, times, Objects.requireNonNull(newFault, "fault"));
    }

    Fault fault() {
        return fault;
    }

    boolean matches(String requestMethod, String requestPath) {
        return ("*".equals(method) || method.equals(requestMethod)) && path.matcher(requestPath).matches();
    }

    /** Whether the rule fires on the given (1-based) occurrence of a matching request. */
    boolean firesOn(long occurrence) {
        return occurrence >= from && occurrence - from < times;
    }

    private static String normalise(String method) {
        return Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return method + " " + path + " from #" + from + (times == Long.MAX_VALUE ? " always" : " x" + times)
                + " -> " + fault;
    }
}
