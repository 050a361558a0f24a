package dev.zen.plugin.runtime.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * Plugin loads (read, verify, compile, probe) on daemon workers, outside the registry's lock, each waited for within
 * the load timeout. The registry keeps one flight per plugin, so concurrent loads of a name share it.
 *
 * <p>A caller whose wait passes the timeout gets {@code PLUGIN_LOAD_FAILED} with {@code details.reason =
 * load_timeout}. The flight itself goes on, because Chicory's compiler cannot be interrupted; the compiled code is
 * cached when it is done, so a later load does not compile again, but the flight's probe never runs past the
 * flight's deadline (a spinning {@code start} would otherwise hold a worker for the whole execution_timeout). While
 * a flight runs, further loads of the same name join it instead of starting another worker.
 */
public final class LoadFlights implements AutoCloseable {
    private final Duration timeout;
    private final ExecutorService workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Threads.daemon("zen-plugin-loader"));

    /** Flights waited for at most {@code timeout} each. */
    public LoadFlights(Duration timeout) {
        this.timeout = timeout;
    }

    /** Starts a load on a worker; {@code load} gets the flight's deadline ({@link System#nanoTime()}). */
    public CompletableFuture<LoadedPlugin> start(String plugin, LongFunction<LoadedPlugin> load) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<LoadedPlugin> f = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    f.complete(load.apply(deadline));
                } catch (Throwable t) {
                    f.completeExceptionally(failure(plugin, t));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new IllegalStateException("the plugin registry is closed", e));
        }
        return f;
    }

    /**
     * Waits for a flight within the load timeout.
     *
     * @throws IntegrationException the load's failure, or {@code PLUGIN_LOAD_FAILED} with {@code details.reason}
     *                              {@code load_timeout}, or {@code INTERRUPTED}
     */
    public LoadedPlugin await(String plugin, CompletableFuture<LoadedPlugin> flight) {
        try {
            return flight.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, "plugin " + plugin + ": loading (reading,"
                            + " verifying, compiling and probing the module) did not finish within the load timeout "
                            + "of " + Sandbox.format(timeout) + "; compiling goes on in the background and the "
                            + "compiled code is kept for the next load. Raise WasmPluginRegistry.Builder.loadTimeout "
                            + "for a very large module")
                    .provider(plugin).detail("plugin", plugin).detail("reason", "load_timeout").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IntegrationException.builder(ErrorCode.INTERRUPTED, "interrupted while loading plugin " + plugin)
                    .provider(plugin).detail("plugin", plugin).cause(e).build();
        } catch (ExecutionException e) {
            throw failure(plugin, e.getCause());
        }
    }

    /** The exception a finished flight failed with, as thrown to callers. */
    public static RuntimeException failure(String plugin, Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof IntegrationException ie) return ie;
        if (cause instanceof IllegalStateException ise) return ise;
        return Errors.loadFailed(plugin, "could not be loaded: " + cause, cause);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
