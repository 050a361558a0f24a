package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.wasm.ChicoryException;
import dev.zen.integration.IntegrationException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Runs guest code on worker threads with a time limit. On timeout the worker is interrupted (compiled Chicory
 * code checks the flag on every backward branch and call), the caller gets {@code PLUGIN_EXECUTION_FAILED} with
 * {@code details.reason = timeout}, and the task learns through {@link Abandon} that it must discard its instance.
 */
public final class Sandbox implements AutoCloseable {
    private final ExecutorService workers;

    /** A flag the caller sets when it gave up waiting; also settles whether the task ever started. */
    static final class Abandon {
        private final AtomicInteger state = new AtomicInteger(); // 0 queued, 1 started, 2 given up before start
        private volatile boolean abandoned;

        /** Whether the caller gave up. */
        boolean abandoned() {
            return abandoned;
        }

        private boolean begin() {
            return state.compareAndSet(0, 1);
        }

        /** Marks the task abandoned; true when it had not started, so it never will. */
        private boolean giveUp() {
            abandoned = true;
            return state.compareAndSet(0, 2);
        }
    }

    /** A guest task, told whether its caller gave up. */
    @FunctionalInterface
    interface Task<T> {
        /** Runs guest code. */
        T run(Abandon abandon) throws Exception;
    }

    /** A sandbox with daemon worker threads created on demand. */
    public Sandbox() {
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Threads.daemon("zen-plugin-worker"));
    }

    /**
     * Starts a task on a worker; {@link Pending#await} waits for it. {@code ifNotStarted} runs (once) when the
     * caller gives up before a worker began the task, which then never runs: whatever the task would have released
     * (a pooled instance, a memory reservation) is released there instead.
     */
    <T> Pending<T> start(String plugin, Task<T> task, Runnable ifNotStarted) {
        Abandon abandon = new Abandon();
        Callable<T> c = () -> {
            if (!abandon.begin()) return null;
            MDC.put(HostApi.MDC_PLUGIN, plugin);
            CallBudget outer = CallBudget.begin(); // each task has its own budget of outbound requests
            try {
                return task.run(abandon);
            } finally {
                CallBudget.end(outer);
                MDC.remove(HostApi.MDC_PLUGIN);
                Thread.interrupted();
            }
        };
        try {
            return new Pending<>(plugin, workers.submit(c), abandon, ifNotStarted);
        } catch (RejectedExecutionException e) {
            ifNotStarted.run();
            throw Errors.executionFailed(plugin, "closed", "the plugin registry is closed", e);
        }
    }

    /** A task started on a worker. */
    static final class Pending<T> {
        private final String plugin;
        private final Future<T> future;
        private final Abandon abandon;
        private final Runnable ifNotStarted;

        private Pending(String plugin, Future<T> future, Abandon abandon, Runnable ifNotStarted) {
            this.plugin = plugin;
            this.future = future;
            this.abandon = abandon;
            this.ifNotStarted = ifNotStarted;
        }

        /**
         * Waits until {@code deadlineNanos} ({@link System#nanoTime()}); then interrupts the task and fails with
         * {@code details.reason = timeout} and the message {@code timeoutMessage} gives.
         *
         * @throws IntegrationException the task's own, or {@code PLUGIN_EXECUTION_FAILED} for timeouts and traps
         */
        T await(long deadlineNanos, Supplier<String> timeoutMessage) {
            try {
                return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                giveUp();
                throw Errors.executionFailed(plugin, "timeout", timeoutMessage.get(), null);
            } catch (InterruptedException e) {
                giveUp();
                Thread.currentThread().interrupt();
                throw Errors.executionFailed(plugin, "interrupted", "the calling thread was interrupted", e);
            } catch (ExecutionException e) {
                throw translate(plugin, e.getCause());
            }
        }

        private void giveUp() {
            if (abandon.giveUp()) ifNotStarted.run();
            future.cancel(true);
        }
    }

    /** Maps what guest code threw to the library's exception. */
    static IntegrationException translate(String plugin, Throwable t) {
        if (t instanceof IntegrationException ie) return ie;
        if (t instanceof GuestFault g) return Errors.executionFailed(plugin, g.reason(), g.getMessage(), g);
        if (t instanceof StackOverflowError) {
            return Errors.executionFailed(plugin, "trap", "the plugin exhausted the call stack (runaway recursion)", t);
        }
        if (t instanceof ChicoryException) {
            return Errors.executionFailed(plugin, "trap", "the plugin trapped: " + t.getMessage()
                    + "; the instance was discarded", t);
        }
        return Errors.executionFailed(plugin, "host_error", "the call failed: " + t, t);
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
