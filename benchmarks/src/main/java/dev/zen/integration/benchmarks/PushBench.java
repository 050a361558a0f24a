package dev.zen.integration.benchmarks;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every sync bench shares, whatever the tracker: editing linked tasks in Zen and timing "push" syncs (the Zen
 * title of a linked task is edited, then the task is synced), unchanged syncs and batches.
 */
abstract class PushBench implements AutoCloseable {
    private final AtomicInteger seq = new AtomicInteger();

    /** The service under test. */
    abstract ZenIntegration zen();

    /** A number for titles, unique within this bench. */
    int nextSeq() {
        return seq.incrementAndGet();
    }

    /** Edits the task's title in Zen (not timed). */
    void edit(String taskId) {
        ZenTask t = zen().taskStore().find(taskId).orElseThrow();
        zen().taskStore().update(t.toBuilder().title("Edited " + nextSeq()).build());
    }

    /**
     * Edits and syncs one task; returns the nanoseconds of the sync alone.
     *
     * @throws IllegalStateException if the sync did not push the change
     */
    long pushSync(String taskId) {
        edit(taskId);
        long t = System.nanoTime();
        SyncReport r = zen().sync(List.of(taskId), SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        TaskSyncResult result = r.result(taskId).orElseThrow();
        if (result.outcome() != TaskSyncResult.Outcome.UPDATED) {
            throw new IllegalStateException("sync of " + taskId + " ended " + result.outcome() + ": " + result.error());
        }
        return elapsed;
    }

    /** Syncs one task without any change (the unchanged shortcut: one read); returns nanoseconds. */
    long unchangedSync(String taskId) {
        long t = System.nanoTime();
        SyncReport r = zen().sync(List.of(taskId), SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        TaskSyncResult result = r.result(taskId).orElseThrow();
        if (result.outcome() != TaskSyncResult.Outcome.UNCHANGED) {
            throw new IllegalStateException("sync of " + taskId + " ended " + result.outcome() + ": " + result.error());
        }
        return elapsed;
    }

    /** Edits every task, then syncs them all in one request; returns the report (the edits are not timed). */
    Batch pushBatch(List<String> ids) {
        for (String id : ids) edit(id);
        long fixture = fixtureCpuNanos(); // outside the process-CPU window: the look-up costs CPU itself
        long cpu = processCpuNanos();
        long t = System.nanoTime();
        SyncReport r = zen().sync(ids, SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        cpu = processCpuNanos() - cpu;
        fixture = fixtureCpuNanos() - fixture;
        long updated = r.results().stream().filter(x -> x.outcome() == TaskSyncResult.Outcome.UPDATED).count();
        return new Batch(ids.size(), elapsed, cpu, fixture, updated, r.failures().size(),
                r.failures().isEmpty() ? null : String.valueOf(r.failures().get(0).error()), 0);
    }

    /** Syncs tasks already edited, in one request; returns the outcome. */
    Batch syncOnly(List<String> ids) {
        long t = System.nanoTime();
        SyncReport r = zen().sync(ids, SyncDirection.BIDIRECTIONAL);
        long elapsed = System.nanoTime() - t;
        long updated = r.results().stream().filter(x -> x.outcome() == TaskSyncResult.Outcome.UPDATED).count();
        return new Batch(ids.size(), elapsed, -1, -1, updated, r.failures().size(),
                r.failures().isEmpty() ? null : String.valueOf(r.failures().get(0).error()), 0);
    }

    /**
     * A batch sync's outcome.
     *
     * @param tasks        tasks in the batch
     * @param nanos        wall time
     * @param cpuNanos     CPU time of the whole process (engine, plugin, HTTP client and FakeJira), or negative
     * @param fixtureCpuNanos the part of it on the fake server's threads (its handlers and the JDK server's
     *                     dispatcher), or negative
     * @param updated      tasks pushed
     * @param failed       tasks that failed
     * @param firstFailure the first failure, or null
     * @param setupSeconds how long creating the linked tasks took (not part of the figures), or 0
     */
    record Batch(int tasks, long nanos, long cpuNanos, long fixtureCpuNanos, long updated, long failed,
                 String firstFailure, double setupSeconds) {
        Batch withSetup(double seconds) {
            return new Batch(tasks, nanos, cpuNanos, fixtureCpuNanos, updated, failed, firstFailure, seconds);
        }

        double opsPerMinute() {
            return updated * 60e9 / nanos;
        }

        double msPerTask() {
            return nanos / 1e6 / tasks;
        }

        /** CPU milliseconds of the whole process per task (negative when unknown). */
        double cpuMsPerTask() {
            return cpuNanos < 0 ? -1 : cpuNanos / 1e6 / tasks;
        }

        /** CPU milliseconds per task outside the fake server's threads (negative when unknown). */
        double cpuMsPerTaskWithoutFixture() {
            return cpuNanos < 0 || fixtureCpuNanos < 0 ? -1 : (cpuNanos - fixtureCpuNanos) / 1e6 / tasks;
        }
    }

    /**
     * CPU time so far of the fake servers' threads: their handler pools (named after the server, e.g. {@code
     * fakejira-3}) and the JDK server's {@code HTTP-Dispatcher}.
     */
    static long fixtureCpuNanos() {
        return Timed.cpuNanosOfThreads("fakejira") + Timed.cpuNanosOfThreads("fakegithub")
                + Timed.cpuNanosOfThreads("HTTP-Dispatcher");
    }

    /** CPU time of this process, or -1 when the platform does not tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static Duration sinceNanos(long t) {
        return Duration.ofNanos(System.nanoTime() - t);
    }
}
