package dev.zen.plugin.runtime.internal;

import java.util.function.LongSupplier;

/**
 * The rate and volume limit of one opened plugin's {@code log} calls: two token buckets, one of lines and one of
 * bytes (each message counted up to the 8 KiB line cap), refilled continuously. A line that finds either bucket
 * empty is dropped and counted; the count is reported in one summary line when the next line is let through, or at
 * most every {@link #SUMMARY_INTERVAL_NANOS} while the flood goes on. Thread-safe (the instances of one handle share it).
 */
final class LogLimiter {
    /** Lines per second a plugin may log on average. */
    static final long LINES_PER_SECOND = 50;
    /** Lines a plugin may log at once after being quiet. */
    static final long LINE_BURST = 200;
    /** Bytes per second a plugin may log on average (64 KiB). */
    static final long BYTES_PER_SECOND = 64L * 1024;
    /** Bytes a plugin may log at once after being quiet (512 KiB: 64 lines at the 8 KiB line cap). */
    static final long BYTE_BURST = 512L * 1024;
    /** The longest gap between two summaries while lines are being dropped. */
    static final long SUMMARY_INTERVAL_NANOS = 10_000_000_000L;
    private static final long NANOS = 1_000_000_000L;

    /** What to do with one line. */
    record Decision(boolean log, long suppressedBefore) {
    }

    private final LongSupplier nanoTime;
    private long lastRefill;
    private double lines = LINE_BURST;
    private double bytes = BYTE_BURST;
    private long suppressed;
    private long lastSummary;

    /** A limiter on the system's monotonic clock. */
    LogLimiter() {
        this(System::nanoTime);
    }

    /** A limiter on the given monotonic clock, in nanoseconds (for tests). */
    LogLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastRefill = nanoTime.getAsLong();
        this.lastSummary = lastRefill - SUMMARY_INTERVAL_NANOS;
    }

    /**
     * Takes one line of {@code length} bytes from the buckets.
     *
     * @return whether to log the line, and how many lines were dropped since the last summary if a summary is due
     *     now (0 if none is)
     */
    synchronized Decision acquire(long length) {
        long now = nanoTime.getAsLong();
        double seconds = Math.max(0, now - lastRefill) / (double) NANOS;
        lastRefill = now;
        lines = Math.min(LINE_BURST, lines + seconds * LINES_PER_SECOND);
        bytes = Math.min(BYTE_BURST, bytes + seconds * BYTES_PER_SECOND);
        boolean allowed = lines >= 1 && bytes >= length;
        if (allowed) {
            lines -= 1;
            bytes -= length;
        } else {
            suppressed++;
        }
        if (suppressed > 0 && (allowed || now - lastSummary >= SUMMARY_INTERVAL_NANOS)) {
            long reported = suppressed;
            suppressed = 0;
            lastSummary = now;
            return new Decision(allowed, reported);
        }
        return new Decision(allowed, 0);
    }

    /** The limits, for the summary line. */
    static String describe() {
        return LINES_PER_SECOND + " lines/s (bursts of " + LINE_BURST + ") and " + BYTES_PER_SECOND / 1024
                + " KiB/s (bursts of " + BYTE_BURST / 1024 + " KiB)";
    }
}
