package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.plugin.PluginStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened plugin: a pool of instances initialised with one configuration, called on sandbox workers under the
 * manifest's execution timeout. Thread-safe.
 */
public final class WasmPlugin implements Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(WasmPlugin.class);

    private final LoadedPlugin loaded;
    private final PluginDescriptor descriptor;
    private final Sandbox sandbox;
    private final InstancePool pool;
    private final List<ImportFunction> hostFunctions;
    private final byte[] initInput;
    private final long maxOutputBytes;
    private final Duration timeout;
    private final int retirePages;
    private final Consumer<WasmPlugin> onClose;
    private final MemoryBudget budget;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * Opens a plugin; creates and initialises the first instance so a bad configuration fails here.
     *
     * @throws IntegrationException the plugin's {@code init} error, or {@code PLUGIN_EXECUTION_FAILED}
     */
    public WasmPlugin(LoadedPlugin loaded, PluginDescriptor descriptor, PluginContext ctx, Sandbox sandbox,
                      int maxInstances, long maxOutputBytes, MemoryBudget budget, Consumer<WasmPlugin> onClose) {
        this.loaded = loaded;
        this.descriptor = descriptor;
        this.sandbox = sandbox;
        this.maxOutputBytes = maxOutputBytes;
        this.timeout = loaded.manifest().runtime().executionTimeout();
        this.retirePages = Math.max(1, loaded.memoryCapPages() - Math.max(1, loaded.memoryCapPages() / 10));
        this.onClose = onClose;
        this.budget = budget;
        this.hostFunctions = HostApi.functions(loaded.imports(), ctx);
        try {
            this.initInput = JsonStreams.write(Map.of("config", ctx.settings()));
        } catch (IOException e) {
            throw Errors.configError(loaded.name(), "*", "the configuration cannot be encoded as JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        this.pool = new InstancePool(maxInstances, this::newInstance, budget::idleInstanceAvailable);
        budget.register(pool);
        try {
            run(null, null);
        } catch (RuntimeException | Error e) {
            budget.unregister(pool);
            throw e;
        }
    }

    private Instance newInstance() {
        Instance instance = loaded.adoptProbed(hostFunctions); // the load's probe instance, once
        if (instance == null) instance = loaded.instantiate(hostFunctions);
        byte[] out = invoke(instance, PluginOperation.INIT.exportName(), initInput);
        Envelope.decode(loaded.name(), out).valueOrThrow();
        return instance;
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Optional<PluginStats> stats() {
        int liveNow = pool.liveCount();
        return Optional.of(new PluginStats(liveNow, pool.idleCount(), pool.maxInstances(),
                liveNow * loaded.reservationBytes(), pool.largestIdleMemoryBytes()));
    }

    @Override
    public boolean supports(PluginOperation operation) {
        return loaded.operations().contains(operation);
    }

    @Override
    public String call(PluginOperation operation, String inputJson) {
        if (closed) {
            throw Errors.executionFailed(loaded.name(), "closed", "this plugin handle is closed; open the plugin "
                    + "again with PluginRegistry.open", null);
        }
        if (!supports(operation)) {
            throw IntegrationException.builder(ErrorCode.UNSUPPORTED_OPERATION, "plugin " + loaded.name()
                            + " does not support " + operation.exportName() + " (it does not export it)")
                    .provider(loaded.name()).detail("plugin", loaded.name())
                    .detail("operation", operation.exportName()).build();
        }
        byte[] input = (inputJson == null ? "{}" : inputJson).getBytes(StandardCharsets.UTF_8);
        return run(operation.exportName(), input).valueOrThrow();
    }

    /**
     * Borrows an instance, calls an export (or only warms up when {@code export} is null), returns the envelope.
     * Waiting for a permit, waiting for memory budget and running share one deadline: execution_timeout.
     */
    private Envelope run(String export, byte[] input) {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        acquirePermit(deadline);
        try {
            long waited = System.nanoTime() - begin;
            Slot slot = slot(deadline);
            Runnable ifNotStarted = () -> {
                if (slot.idle() != null) pool.giveBack(slot.idle());
                else slot.reservation().release();
            };
            return sandbox.start(loaded.name(), abandon -> runOnWorker(slot, export, input, abandon), ifNotStarted)
                    .await(deadline, () -> timedOut(waited));
        } finally {
            pool.releasePermit();
        }
    }

    /** An idle instance to use, or else the memory budget reserved for a new one. */
    private record Slot(InstancePool.Pooled idle, MemoryBudget.Reservation reservation) {
    }

    private Slot slot(long deadline) {
        while (true) {
            InstancePool.Pooled idle = pool.pollIdle();
            if (idle != null) return new Slot(idle, null);
            MemoryBudget.Reservation r = budget.reserve(loaded.name(), loaded.reservationBytes(), deadline,
                    pool::hasIdle);
            if (r != null) return new Slot(null, r);
            // an instance came back to this pool while waiting for budget: use it rather than create another
        }
    }

    private void acquirePermit(long deadline) {
        boolean got;
        try {
            got = pool.tryAcquirePermit(deadline - System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.executionFailed(loaded.name(), "interrupted", "interrupted while waiting for an instance", e);
        }
        if (got && deadline - System.nanoTime() > 0) return;
        if (got) pool.releasePermit();
        throw Errors.executionFailed(loaded.name(), "timeout", "all " + pool.maxInstances() + " instances of this "
                + "plugin were busy for the whole execution_timeout of " + Sandbox.format(timeout) + ", so the call "
                + "was not started (a call that does not finish holds its instance until its own timeout); raise "
                + "maxInstancesPerPlugin, or find the calls that do not finish", null);
    }

    private String timedOut(long waitedNanos) {
        long waited = Duration.ofNanos(waitedNanos).toMillis();
        return "the call did not finish within the execution_timeout of " + Sandbox.format(timeout)
                + (waited < 1 ? "" : ", " + waited + "ms of which it waited because all " + pool.maxInstances()
                + " instances of this plugin were busy") + "; it was stopped and its instance discarded";
    }

    /** On the sandbox worker: takes the idle instance or creates one with the reservation, calls, keeps or drops. */
    private Envelope runOnWorker(Slot slot, String export, byte[] input, Sandbox.Abandon abandon) {
        InstancePool.Pooled p;
        try {
            p = slot.idle() != null ? slot.idle() : pool.create(slot.reservation());
        } catch (RuntimeException | StackOverflowError e) {
            throw Sandbox.translate(loaded.name(), e);
        }
        Instance instance = p.instance();
        boolean healthy = false;
        try {
            Envelope result = export == null ? new Envelope("{}", null)
                    : Envelope.decode(loaded.name(), invoke(instance, export, input));
            healthy = true;
            return result;
        } catch (RuntimeException | StackOverflowError e) {
            throw Sandbox.translate(loaded.name(), e);
        } finally {
            if (healthy && !abandon.abandoned() && !Thread.currentThread().isInterrupted()
                    && instance.memory().pages() < retirePages) {
                pool.giveBack(p);
            } else if (healthy) {
                pool.discard(p);
                LOG.debug("retired an instance of plugin {} whose memory reached {} of {} pages",
                        loaded.name(), instance.memory().pages(), loaded.memoryCapPages());
            } else {
                pool.discard(p);
                LOG.debug("discarded an instance of plugin {}", loaded.name());
            }
        }
    }

    /** The ABI v1 call sequence: alloc, write, call, read the packed result, free both buffers. */
    private byte[] invoke(Instance instance, String export, byte[] input) {
        int ptr = GuestMemory.alloc(instance, input.length);
        instance.memory().write(ptr, input);
        long packed = instance.export(export).apply(ptr, input.length)[0];
        if (packed == 0) {
            throw new GuestFault("malformed_output", export + " returned no result buffer (0)");
        }
        byte[] out = GuestMemory.readPacked(instance, packed, maxOutputBytes, export + " result");
        GuestMemory.free(instance, packed >>> 32, packed & 0xFFFF_FFFFL);
        GuestMemory.free(instance, ptr, input.length);
        return out;
    }

    @Override
    public void close() {
        startClose().run();
    }

    /**
     * Closes the handle: the idle instances' {@code cleanup} calls start at once, each on its own sandbox worker,
     * and share one deadline, execution_timeout from now; the returned task waits for them (at most that long) and
     * logs failures. So closing a handle takes at most execution_timeout however many instances it had, and the
     * registry, starting every handle's cleanups before waiting, at most the longest execution_timeout.
     */
    public Runnable startClose() {
        if (!closing.compareAndSet(false, true)) return () -> { };
        closed = true;
        budget.unregister(pool);
        List<InstancePool.Pooled> idle = pool.close();
        onClose.accept(this);
        if (!supports(PluginOperation.CLEANUP)) {
            idle.forEach(pool::discard);
            return () -> { };
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Sandbox.Pending<byte[]>> cleanups = new ArrayList<>();
        for (InstancePool.Pooled p : idle) {
            try {
                cleanups.add(sandbox.start(loaded.name(), abandon -> {
                    try {
                        return invoke(p.instance(), PluginOperation.CLEANUP.exportName(),
                                "{}".getBytes(StandardCharsets.UTF_8));
                    } finally {
                        pool.discard(p);
                    }
                }, () -> pool.discard(p)));
            } catch (RuntimeException e) {
                LOG.warn("cleanup of plugin {} could not start: {}", loaded.name(), e.getMessage());
            }
        }
        return () -> {
            for (Sandbox.Pending<byte[]> c : cleanups) {
                try {
                    c.await(deadline, () -> "cleanup did not finish within the execution_timeout of "
                            + Sandbox.format(timeout) + " (shared by all " + cleanups.size() + " idle instances)");
                } catch (RuntimeException e) {
                    LOG.warn("cleanup of plugin {} failed: {}", loaded.name(), e.getMessage());
                }
            }
        };
    }
}
