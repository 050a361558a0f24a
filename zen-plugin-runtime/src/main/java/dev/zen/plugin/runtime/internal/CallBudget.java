package dev.zen.plugin.runtime.internal;

import java.time.Duration;

/**
 * What one plugin call has used of its outbound allowance: requests attempted, requests sent, whether it already
 * had its credential refresh. One budget per sandbox task (a call, including the {@code init} of an instance it
 * creates; the first instance's creation at {@code open}; a {@code cleanup}), held by the worker thread that runs
 * the guest code: a task runs on one thread, and its host functions run on that thread. Not thread-safe (one
 * thread uses it).
 */
final class CallBudget {
    private static final ThreadLocal<CallBudget> CURRENT = new ThreadLocal<>();

    private final long startNanos = System.nanoTime();
    private int attempts;
    private int sent;
    private boolean limitReported;
    private boolean refreshUsed;

    private CallBudget() {
    }

    /** Starts a fresh budget for the task about to run on this thread; returns the one it replaces (or null). */
    static CallBudget begin() {
        CallBudget previous = CURRENT.get();
        CURRENT.set(new CallBudget());
        return previous;
    }

    /** Ends this thread's budget, restoring {@code previous} (from {@link #begin()}). */
    static void end(CallBudget previous) {
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }

    /** This thread's budget, or null when no plugin call runs on it. */
    static CallBudget current() {
        return CURRENT.get();
    }

    /** How long ago this call started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Counts one more request the guest asked for; returns how many it has asked for in this call. */
    int attempt() {
        return ++attempts;
    }

    /** Whether a request of this call has already been sent (so the next one needs the request gate). */
    boolean anySent() {
        return sent > 0;
    }

    /** Records a request about to be sent. */
    void sent() {
        sent++;
    }

    /** True the first time the limit is reported in this call, so the audit log gets one line per call. */
    boolean firstLimitReport() {
        boolean first = !limitReported;
        limitReported = true;
        return first;
    }

    /** True the first time this call asks for a credential refresh. */
    boolean takeRefresh() {
        boolean first = !refreshUsed;
        refreshUsed = true;
        return first;
    }
}
