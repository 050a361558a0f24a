package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Instances of one opened plugin. A borrowed instance belongs to one caller until it is returned or discarded, so
 * concurrent callers never share one. At most {@code maxInstances} exist at a time; further callers wait, within
 * their deadline. Each instance holds its {@link MemoryBudget.Reservation} until it is discarded; under budget
 * pressure the budget may ask the pool to drop its least recently used idle instance.
 */
final class InstancePool implements MemoryBudget.Reclaimer {
    /**
     * An instance and the part of the memory budget it holds.
     *
     * @param instance    the initialised instance
     * @param reservation its reservation, released when it is discarded
     */
    record Pooled(Instance instance, MemoryBudget.Reservation reservation) {
    }

    private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits;
    private final int maxInstances;
    private final Supplier<Instance> factory;
    private final Runnable onIdle;
    private volatile boolean closed;
    private final AtomicInteger live = new AtomicInteger();

    /** A pool creating instances (already initialised) with {@code factory}; {@code onIdle} runs after a return. */
    InstancePool(int maxInstances, Supplier<Instance> factory, Runnable onIdle) {
        this.permits = new Semaphore(maxInstances, true);
        this.maxInstances = maxInstances;
        this.factory = factory;
        this.onIdle = onIdle;
    }

    /** How many instances may exist at once. */
    int maxInstances() {
        return maxInstances;
    }

    /** Takes a permit within {@code nanos}; the caller must {@link #releasePermit()} once done if it got one. */
    boolean tryAcquirePermit(long nanos) throws InterruptedException {
        return permits.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Gives back a permit. */
    void releasePermit() {
        permits.release();
    }

    /** The most recently used idle instance, or null; needs a permit. */
    Pooled pollIdle() {
        return idle.pollFirst();
    }

    /** Whether an idle instance is waiting. */
    boolean hasIdle() {
        return !idle.isEmpty();
    }

    /** A new instance holding {@code reservation}; on failure the reservation is released. Needs a permit. */
    Pooled create(MemoryBudget.Reservation reservation) {
        try {
            Pooled p = new Pooled(factory.get(), reservation);
            live.incrementAndGet();
            return p;
        } catch (RuntimeException | Error e) {
            reservation.release();
            throw e;
        }
    }

    /** Returns a healthy instance for reuse. */
    void giveBack(Pooled p) {
        if (closed) {
            discard(p);
            return;
        }
        idle.offerFirst(p);
        // close() may have drained the pool between the check and the offer: nothing would release this one
        if (closed && idle.removeFirstOccurrence(p)) discard(p);
        onIdle.run();
    }

    /** Drops an instance (trapped, timed out, retired or closed): the garbage collector frees it. */
    void discard(Pooled p) {
        live.decrementAndGet();
        p.reservation().release();
    }

    /** Live instances (busy or idle). */
    int liveCount() {
        return live.get();
    }

    /** Idle instances. */
    int idleCount() {
        return idle.size();
    }

    /** The linear memory of the largest idle instance, in bytes; 0 when none is idle. */
    long largestIdleMemoryBytes() {
        long max = 0;
        for (Pooled p : idle) max = Math.max(max, p.instance().memory().pages() * 65_536L);
        return max;
    }

    @Override
    public boolean dropIdle() {
        Pooled p = idle.pollLast();
        if (p == null) return false;
        discard(p);
        return true;
    }

    /** Empties the pool; returns the idle instances for cleanup (the caller discards them). */
    List<Pooled> close() {
        closed = true;
        List<Pooled> out = new ArrayList<>();
        for (Pooled p; (p = idle.pollFirst()) != null; ) out.add(p);
        return out;
    }
}
