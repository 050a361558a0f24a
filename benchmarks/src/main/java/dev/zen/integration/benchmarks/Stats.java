package dev.zen.integration.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Summary statistics of a sample of durations, in milliseconds. Percentiles use the nearest-rank method: the
 * P-th percentile is the smallest sample such that at least P % of the samples are less than or equal to it, so
 * it is always one of the measured values (no interpolation).
 *
 * @param count how many samples
 * @param min   the smallest sample
 * @param p50   the median (nearest rank)
 * @param p95   the 95th percentile (nearest rank)
 * @param p99   the 99th percentile (nearest rank)
 * @param max   the largest sample
 * @param mean  the arithmetic mean
 */
public record Stats(int count, double min, double p50, double p95, double p99, double max, double mean) {

    /** Statistics of samples given in nanoseconds, reported in milliseconds. */
    public static Stats ofNanos(long[] nanos) {
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) ms[i] = nanos[i] / 1_000_000.0;
        return ofMillis(ms);
    }

    /**
     * Statistics of samples in milliseconds.
     *
     * @throws IllegalArgumentException if there are no samples
     */
    public static Stats ofMillis(double[] millis) {
        if (millis.length == 0) throw new IllegalArgumentException("no samples: run the benchmark at least once");
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) sum += v;
        return new Stats(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1], sum / sorted.length);
    }

    /**
     * The nearest-rank percentile of sorted samples: {@code sorted[ceil(p / 100 * n) - 1]} (the minimum for p = 0).
     *
     * @param sorted     samples in ascending order
     * @param percentile from 0 to 100
     * @throws IllegalArgumentException if there are no samples or the percentile is out of range
     */
    public static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) throw new IllegalArgumentException("no samples: run the benchmark at least once");
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be between 0 and 100: " + percentile);
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** {@code "P50 1.23 ms, P95 4.56 ms"}. */
    public String p50p95() {
        return "P50 " + ms(p50) + ", P95 " + ms(p95);
    }

    /** Every figure on one line. */
    public String summary() {
        return "n=" + count + ", min " + ms(min) + ", P50 " + ms(p50) + ", P95 " + ms(p95) + ", P99 " + ms(p99)
                + ", max " + ms(max) + ", mean " + ms(mean);
    }

    /** A duration in milliseconds with a precision that suits its size. */
    public static String ms(double millis) {
        if (millis < 10) return String.format(Locale.ROOT, "%.2f ms", millis);
        if (millis < 100) return String.format(Locale.ROOT, "%.1f ms", millis);
        return String.format(Locale.ROOT, "%.0f ms", millis);
    }
}
