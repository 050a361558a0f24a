package dev.zen.plugin.runtime.internal;

import dev.zen.integration.IntegrationException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The host-wide memory budget of one registry. Every live plugin instance holds a {@link Reservation} of its
 * worst-case heap ({@link Footprint#reservationBytes()}: {@code memory_limit}, tables at their cap, bookkeeping)
 * from before it is created until it is discarded, retired or closed; the load-time probe holds one while it runs.
 *
 * <p>Idle pooled instances keep their reservation, so a warm pool stays warm. When a reservation does not fit,
 * the budget first asks the pools ({@link Reclaimer}) to drop idle instances, of any plugin, without calling their
 * {@code cleanup}, as a retired instance is dropped; only instances in use are never touched. Then it waits for
 * releases until the caller's deadline and fails with {@code PLUGIN_EXECUTION_FAILED}, {@code details.reason =
 * memory_budget}. Reserving the worst case rather than measuring is deliberate: an instance can grow to its limit
 * within one call, and measuring would come too late.
 */
public final class MemoryBudget {
    /** Something holding idle instances that it can drop to free budget. */
    interface Reclaimer {
        /** Drops one idle instance (releasing its reservation); false when it had none. */
        boolean dropIdle();
    }

    private final long capacity;
    private final Set<Reclaimer> reclaimers = ConcurrentHashMap.newKeySet();
    private long used;

    /** A budget of {@code capacity} bytes. */
    public MemoryBudget(long capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("the memory budget must be positive: " + capacity);
        this.capacity = capacity;
    }

    /** The budget in bytes. */
    public long capacity() {
        return capacity;
    }

    /** Bytes reserved now. */
    public synchronized long used() {
        return used;
    }

    /** A part of the budget; released once, by whoever discards the instance. */
    public final class Reservation {
        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /** Gives the bytes back; idempotent. */
        public void release() {
            if (released.compareAndSet(false, true)) giveBack(bytes);
        }
    }

    /**
     * Refuses at load a plugin one instance of which could never fit.
     *
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} naming both sizes and what to change
     */
    void requireFits(String plugin, long bytes) {
        if (bytes > capacity) {
            throw Errors.loadFailed(plugin, "one instance needs up to " + Footprint.kib(bytes) + " (runtime."
                    + "memory_limit plus tables and bookkeeping), more than the registry's whole memory budget of "
                    + Footprint.kib(capacity) + "; lower runtime.memory_limit or raise "
                    + "WasmPluginRegistry.Builder.memoryBudget");
        }
    }

    /** Lets the budget drop idle instances of {@code r} under pressure. */
    void register(Reclaimer r) {
        reclaimers.add(r);
    }

    /** Stops asking {@code r}. */
    void unregister(Reclaimer r) {
        reclaimers.remove(r);
    }

    /**
     * Reserves {@code bytes}, dropping idle instances and then waiting until {@code deadlineNanos}
     * ({@link System#nanoTime()}). Returns null, without reserving, as soon as {@code ownIdle} is true: the
     * caller's own pool has an idle instance it can use instead of creating one (and it would be a waste to drop
     * it to make room for a new one).
     *
     * @throws IntegrationException {@code PLUGIN_EXECUTION_FAILED} with {@code details.reason} {@code memory_budget}
     *                              when the deadline passes, {@code interrupted} when the thread is interrupted
     */
    Reservation reserve(String plugin, long bytes, long deadlineNanos, BooleanSupplier ownIdle) {
        requireFits(plugin, bytes);
        while (true) {
            if (ownIdle.getAsBoolean()) return null;
            if (tryTake(bytes)) return new Reservation(bytes);
            if (reclaimOne()) continue;
            synchronized (this) {
                if (ownIdle.getAsBoolean()) return null;
                if (used + bytes <= capacity) {
                    used += bytes;
                    return new Reservation(bytes);
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) throw exhausted(plugin, bytes);
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Errors.executionFailed(plugin, "interrupted", "interrupted while waiting for memory "
                            + "budget for a new instance", e);
                }
            }
        }
    }

    private synchronized boolean tryTake(long bytes) {
        if (used + bytes > capacity) return false;
        used += bytes;
        return true;
    }

    /** Outside the monitor: a pool drops its instance through {@link Reservation#release()}. */
    private boolean reclaimOne() {
        for (Reclaimer r : reclaimers) {
            if (r.dropIdle()) return true;
        }
        return false;
    }

    private synchronized void giveBack(long bytes) {
        used -= bytes;
        notifyAll();
    }

    /** An instance became idle: a waiter may use it (its own pool's) or drop it (another pool's). */
    synchronized void idleInstanceAvailable() {
        notifyAll();
    }

    private IntegrationException exhausted(String plugin, long bytes) {
        return Errors.executionFailed(plugin, "memory_budget", "no room in the registry's memory budget for a new "
                + "instance before the call's deadline: it needs " + Footprint.kib(bytes) + " and live instances "
                + "hold " + Footprint.kib(used) + " of " + Footprint.kib(capacity) + "; raise WasmPluginRegistry."
                + "Builder.memoryBudget, or lower runtime.memory_limit or maxInstancesPerPlugin", null);
    }
}
