package dev.zen.integration.testkit.fake;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One-shot actions run just before the fake carries out a matching request (after its fault, if any, let it
 * through): the way a test makes a person edit an issue exactly between a client's read and its write. Shared by
 * FakeJira's and FakeGitHub's {@code beforeNext}. Thread-safe.
 */
public final class RequestHooks {
    private record Hook(String method, Pattern path, Runnable action) {}

    private final List<Hook> hooks = new ArrayList<>();

    /** Adds a hook for the next request with this method (or {@code "*"}) whose path matches. */
    public synchronized void add(String method, String pathRegex, Runnable action) {
        hooks.add(new Hook(Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT),
                Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex")),
                Objects.requireNonNull(action, "action")));
    }

    /** Removes every pending hook. */
    public synchronized void clear() {
        hooks.clear();
    }

    /** Removes and returns the first hook matching the request, or null. */
    public synchronized Runnable take(String method, String path) {
        for (Iterator<Hook> it = hooks.iterator(); it.hasNext(); ) {
            Hook h = it.next();
            if (("*".equals(h.method()) || h.method().equals(method)) && h.path().matcher(path).matches()) {
                it.remove();
                return h.action();
            }
        }
        return null;
    }
}
