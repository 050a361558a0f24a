package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Instances of one opened plugin. A borrowed instance belongs to one caller until it is returned or discarded, so
 * concurrent callers never share one. At most {@code maxInstances} exist at a time; further callers wait.
 */
public final class InstancePool {
    private final ConcurrentLinkedDeque<Instance> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits;
    private final Supplier<Instance> factory;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private volatile boolean closed;

    /** A pool creating instances (already initialised) with {@code factory}. */
    public InstancePool(int maxInstances, Supplier<Instance> factory) {
        this.permits = new Semaphore(maxInstances, true);
        this.factory = factory;
    }

    /** Takes a permit; the caller must {@link #releasePermit()} once done. */
    public void acquirePermit() throws InterruptedException {
        permits.acquire();
    }

    /** Gives back a permit. */
    public void releasePermit() {
        permits.release();
    }

    /** An idle instance, or a new one; needs a permit. */
    public Instance borrow() {
        Instance i = idle.pollFirst();
        if (i != null) return i;
        Instance fresh = factory.get();
        created.incrementAndGet();
        return fresh;
    }

    /** Returns a healthy instance for reuse. */
    public void giveBack(Instance i) {
        if (closed) {
            discard(i);
            return;
        }
        idle.offerFirst(i);
    }

    /** Drops an instance that trapped, timed out or misbehaved. */
    public void discard(Instance i) {
        discarded.incrementAndGet();
    }

    /** Empties the pool; returns the idle instances for cleanup. */
    public List<Instance> close() {
        closed = true;
        List<Instance> out = new ArrayList<>();
        for (Instance i; (i = idle.pollFirst()) != null; ) out.add(i);
        return out;
    }

    /** How many instances were created. */
    public long created() {
        return created.get();
    }

    /** How many instances were discarded. */
    public long discarded() {
        return discarded.get();
    }
}
