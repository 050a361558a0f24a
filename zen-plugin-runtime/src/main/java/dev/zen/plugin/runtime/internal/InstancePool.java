package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Instances of one opened plugin. A borrowed instance belongs to one caller until it is returned or discarded, so
 * concurrent callers never share one. At most {@code maxInstances} exist at a time; further callers wait.
 */
final class InstancePool {
    private final ConcurrentLinkedDeque<Instance> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits;
    private final Supplier<Instance> factory;
    private volatile boolean closed;

    /** A pool creating instances (already initialised) with {@code factory}. */
    InstancePool(int maxInstances, Supplier<Instance> factory) {
        this.permits = new Semaphore(maxInstances, true);
        this.factory = factory;
    }

    /** Takes a permit; the caller must {@link #releasePermit()} once done. */
    void acquirePermit() throws InterruptedException {
        permits.acquire();
    }

    /** Gives back a permit. */
    void releasePermit() {
        permits.release();
    }

    /** An idle instance, or a new one; needs a permit. */
    Instance borrow() {
        Instance i = idle.pollFirst();
        return i != null ? i : factory.get();
    }

    /** Returns a healthy instance for reuse. */
    void giveBack(Instance i) {
        if (closed) {
            discard(i);
            return;
        }
        idle.offerFirst(i);
    }

    /** Drops an instance that trapped, timed out or misbehaved: it is not kept, so the garbage collector frees it. */
    void discard(Instance i) {
        // nothing to release: an instance holds only heap memory
    }

    /** Empties the pool; returns the idle instances for cleanup. */
    List<Instance> close() {
        closed = true;
        List<Instance> out = new ArrayList<>();
        for (Instance i; (i = idle.pollFirst()) != null; ) out.add(i);
        return out;
    }
}
