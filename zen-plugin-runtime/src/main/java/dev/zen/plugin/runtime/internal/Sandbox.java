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
import org.slf4j.MDC;

/**
 * Runs guest code on worker threads with a time limit. On timeout the worker is interrupted (compiled Chicory
 * code checks the flag on every backward branch and call), the caller gets {@code PLUGIN_EXECUTION_FAILED} with
 * {@code details.reason = timeout}, and the task learns through {@link Abandon} that it must discard its instance.
 */
public final class Sandbox implements AutoCloseable {
    private final ExecutorService workers;

    /** A flag the caller sets when it gave up waiting. */
    static final class Abandon {
        private volatile boolean abandoned;

        /** Whether the caller gave up. */
        boolean abandoned() {
            return abandoned;
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
     * Runs a task within the timeout.
     *
     * @throws IntegrationException the task's own, or {@code PLUGIN_EXECUTION_FAILED} for timeouts and traps
     */
    <T> T run(String plugin, Duration timeout, Task<T> task) {
        Abandon abandon = new Abandon();
        Callable<T> c = () -> {
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
        Future<T> f;
        try {
            f = workers.submit(c);
        } catch (RejectedExecutionException e) {
            throw Errors.executionFailed(plugin, "closed", "the plugin registry is closed", e);
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon.abandoned = true;
            f.cancel(true);
            throw Errors.executionFailed(plugin, "timeout", "the call did not finish within the execution_timeout of "
                    + format(timeout) + "; it was stopped and its instance discarded", null);
        } catch (InterruptedException e) {
            abandon.abandoned = true;
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw Errors.executionFailed(plugin, "interrupted", "the calling thread was interrupted", e);
        } catch (ExecutionException e) {
            throw translate(plugin, e.getCause());
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

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
