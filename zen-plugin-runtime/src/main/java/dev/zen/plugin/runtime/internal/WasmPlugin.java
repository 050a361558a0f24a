package dev.zen.plugin.runtime.internal;

import static dev.zen.plugin.runtime.internal.Jackson.JSON;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    private volatile boolean closed;

    /**
     * Opens a plugin; creates and initialises the first instance so a bad configuration fails here.
     *
     * @throws IntegrationException the plugin's {@code init} error, or {@code PLUGIN_EXECUTION_FAILED}
     */
    public WasmPlugin(LoadedPlugin loaded, PluginDescriptor descriptor, PluginContext ctx, Sandbox sandbox,
                      int maxInstances, long maxOutputBytes, Consumer<WasmPlugin> onClose) {
        this.loaded = loaded;
        this.descriptor = descriptor;
        this.sandbox = sandbox;
        this.maxOutputBytes = maxOutputBytes;
        this.timeout = loaded.manifest().runtime().executionTimeout();
        this.retirePages = Math.max(1, loaded.memoryCapPages() - Math.max(1, loaded.memoryCapPages() / 10));
        this.onClose = onClose;
        this.hostFunctions = HostApi.functions(loaded.imports(), ctx);
        try {
            this.initInput = JSON.writeValueAsBytes(Map.of("config", ctx.settings()));
        } catch (JsonProcessingException e) {
            throw Errors.configError(loaded.name(), "*", "the configuration cannot be encoded as JSON: "
                    + e.getOriginalMessage());
        }
        this.pool = new InstancePool(maxInstances, this::newInstance);
        run(null, null);
    }

    private Instance newInstance() {
        Instance instance = loaded.instantiate(hostFunctions);
        byte[] out = invoke(instance, PluginOperation.INIT.exportName(), initInput);
        Envelope.decode(loaded.name(), out).valueOrThrow();
        return instance;
    }

    @Override
    public PluginDescriptor descriptor() {
        return descriptor;
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

    /** Borrows an instance, calls an export (or only warms up when {@code export} is null), returns the envelope. */
    private Envelope run(String export, byte[] input) {
        try {
            pool.acquirePermit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.executionFailed(loaded.name(), "interrupted", "interrupted while waiting for an instance", e);
        }
        try {
            return sandbox.run(loaded.name(), timeout, abandon -> {
                Instance instance;
                try {
                    instance = pool.borrow();
                } catch (RuntimeException | StackOverflowError e) {
                    throw Sandbox.translate(loaded.name(), e);
                }
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
                        pool.giveBack(instance);
                    } else if (healthy) {
                        pool.discard(instance);
                        LOG.debug("retired an instance of plugin {} whose memory reached {} of {} pages",
                                loaded.name(), instance.memory().pages(), loaded.memoryCapPages());
                    } else {
                        pool.discard(instance);
                        LOG.debug("discarded an instance of plugin {}", loaded.name());
                    }
                }
            });
        } finally {
            pool.releasePermit();
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
        if (closed) return;
        closed = true;
        List<Instance> idle = pool.close();
        if (supports(PluginOperation.CLEANUP)) {
            for (Instance i : idle) {
                try {
                    sandbox.run(loaded.name(), timeout, abandon -> invoke(i, PluginOperation.CLEANUP.exportName(),
                            "{}".getBytes(StandardCharsets.UTF_8)));
                } catch (RuntimeException e) {
                    LOG.warn("cleanup of plugin {} failed: {}", loaded.name(), e.getMessage());
                }
            }
        }
        onClose.accept(this);
    }
}
