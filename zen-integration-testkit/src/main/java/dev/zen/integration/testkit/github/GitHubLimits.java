package dev.zen.integration.testkit.github;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * GitHub's primary rate limits per user: {@code core} (5,000 an hour) and {@code search} (30 a minute), each a window
 * that starts with its first request and resets a window length later. A 304 and {@code GET /rate_limit} cost nothing.
 */
final class GitHubLimits {
    static final int CORE_LIMIT = 5000;
    static final int SEARCH_LIMIT = 30;

    /** The state of one resource's window after a request, as the x-ratelimit-* headers tell it. */
    record Budget(String resource, int limit, int used, Instant reset, boolean exceeded) {
        int remaining() {
            return Math.max(0, limit - used);
        }
    }

    private static final class Window {
        Instant reset;
        int used;
    }

    private final Map<String, Window> windows = new HashMap<>();

    /**
     * Counts a request (unless {@code free}) and returns the budget. An exceeded request is not counted: GitHub
     * refuses it with 403 and {@code x-ratelimit-remaining: 0}.
     */
    Budget take(String login, String resource, int limit, Instant now, boolean free) {
        Window w = windows.computeIfAbsent(login + "\0" + resource, k -> new Window());
        if (w.reset == null || !now.isBefore(w.reset)) {
            w.reset = now.plus(resource.equals("search") ? Duration.ofMinutes(1) : Duration.ofHours(1));
            w.used = 0;
        }
        if (!free && w.used >= limit) return new Budget(resource, limit, w.used, w.reset, true);
        if (!free) w.used++;
        return new Budget(resource, limit, w.used, w.reset, false);
    }

    /** Uses up the rest of a window now, so the next request is refused until it resets. */
    void exhaust(String login, String resource, int limit, Instant now) {
        take(login, resource, limit, now, true);
        windows.get(login + "\0" + resource).used = limit;
    }

    void clear() {
        windows.clear();
    }
}
