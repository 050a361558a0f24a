package dev.zen.integration.plugin;

/**
 * How an open plugin's sandbox instances stand right now, for metrics.
 *
 * @param instances             live instances (busy or idle)
 * @param idleInstances         of which idle, waiting for a call
 * @param maxInstances          the most that may exist at once (the pool size)
 * @param reservedBytes         memory budget the live instances hold (each its memory cap, tables and bookkeeping)
 * @param largestInstanceBytes  the linear memory of the largest idle instance, in bytes (0 when none is idle)
 */
public record PluginStats(int instances, int idleInstances, int maxInstances, long reservedBytes,
                          long largestInstanceBytes) {
    /** Validates. */
    public PluginStats {
        if (instances < 0 || idleInstances < 0 || maxInstances < 0 || reservedBytes < 0 || largestInstanceBytes < 0) {
            throw new IllegalArgumentException("plugin stats must not be negative");
        }
    }
}
