package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginOperation;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Turns a discovered plugin into a {@link LoadedPlugin}: checksum and signature before parsing, then imports,
 * exports and memory checked against ABI v1, compilation (cached), and the ABI version probe.
 */
public final class PluginLoader {
    private static final FunctionType OPERATION = FunctionType.of(List.of(ValType.I32, ValType.I32),
            List.of(ValType.I64));
    private static final Map<String, FunctionType> REQUIRED = Map.of(
            "zen_abi_version", FunctionType.of(List.of(), List.of(ValType.I32)),
            "zen_alloc", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
            "zen_free", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of()),
            "init", OPERATION);

    private final CompiledModules modules;
    private final Supplier<List<PublicKey>> trustedKeys;
    private final boolean requireSignatures;
    private final Sandbox sandbox;
    private final MemoryBudget budget;
    private final boolean usePrecompiled;

    /** A loader verifying against the given keys and policy; its probe reserves from {@code budget}. */
    public PluginLoader(CompiledModules modules, List<PublicKey> trustedKeys, boolean requireSignatures,
                        Sandbox sandbox, MemoryBudget budget) {
        this(modules, trustedKeys, requireSignatures, sandbox, budget, true);
    }

    /** As above; {@code usePrecompiled} false compiles every module at run time (see {@link Precompiled}). */
    public PluginLoader(CompiledModules modules, List<PublicKey> trustedKeys, boolean requireSignatures,
                        Sandbox sandbox, MemoryBudget budget, boolean usePrecompiled) {
        this(modules, () -> trustedKeys, requireSignatures, sandbox, budget, usePrecompiled);
    }

    /** As above, with the keys supplied when the first signature is checked (they may still be being decoded). */
    public PluginLoader(CompiledModules modules, Supplier<List<PublicKey>> trustedKeys, boolean requireSignatures,
                        Sandbox sandbox, MemoryBudget budget, boolean usePrecompiled) {
        this.usePrecompiled = usePrecompiled;
        this.modules = modules;
        this.trustedKeys = trustedKeys;
        this.requireSignatures = requireSignatures;
        this.sandbox = sandbox;
        this.budget = budget;
    }

    /**
     * Loads a discovered plugin; the probe stops at {@code deadlineNanos} ({@link System#nanoTime()}) at the latest.
     *
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} with the reason
     */
    public LoadedPlugin load(Discovery.Candidate c, long deadlineNanos) {
        if (c.failure() != null) throw Errors.loadFailedAgain(c.name(), c.failure());
        PluginManifest manifest = c.manifest();
        String name = manifest.plugin().name();
        budget.requireFits(name, manifest.runtime().memoryLimitBytes());
        byte[] wasm;
        try {
            wasm = c.source().readWasm(manifest.runtime().wasmFile());
        } catch (IOException e) {
            throw Errors.loadFailed(name, "could not read the module: " + e.getMessage(), e);
        }
        CompletableFuture<Precompiled.Classes> early = precompiledInBackground(c, wasm.length);
        String digest;
        try {
            digest = Integrity.verifyConcurrently(manifest, c.manifestBytes(), wasm, trustedKeys, requireSignatures);
        } catch (RuntimeException e) {
            if (early != null) early.cancel(false); // found for bytes that did not verify: dropped
            throw e;
        }
        CompiledModules.Compiled compiled;
        try {
            compiled = modules.get(digest, wasm, m -> check(name, m, manifest), !usePrecompiled ? null
                    : () -> early != null ? Threads.join(early) : Precompiled.find(name, c.source(), digest, wasm.length));
        } catch (ChicoryException e) {
            throw Errors.loadFailed(name, "the module is not valid WebAssembly: " + e.getMessage(), e);
        } catch (CompiledModules.CompileFailure e) {
            throw Errors.loadFailed(name, e.getMessage(), e);
        }
        WasmModule module = compiled.module();
        Footprint footprint = check(name, module, manifest);
        budget.requireFits(name, footprint.reservationBytes());
        Set<String> imports = HostApi.checkImports(name, module, manifest.security().permissions());
        Set<PluginOperation> ops = checkExports(name, module);
        LoadedPlugin loaded = new LoadedPlugin(name, c.source().location(), manifest, digest, compiled, imports, ops,
                footprint);
        probe(loaded, deadlineNanos);
        return loaded;
    }

    /**
     * The pre-compiled classes of a classpath plugin, looked for while its module is verified (see
     * {@link Precompiled#findInBackground}); null when they need not be looked for, or not yet.
     */
    private CompletableFuture<Precompiled.Classes> precompiledInBackground(Discovery.Candidate c, int moduleBytes) {
        if (!usePrecompiled || !(c.source() instanceof PluginSource.Classpath)) return null;
        String declared = Integrity.declaredChecksum(c.manifest());
        if (declared == null || modules.has(declared)) return null;
        return Precompiled.findInBackground(c.manifest().plugin().name(), c.source(), declared, moduleBytes);
    }

    /** Everything checked on the parsed module before it is compiled (again after a cache hit: cheap). */
    private static Footprint check(String name, WasmModule module, PluginManifest manifest) {
        HostApi.checkImports(name, module, manifest.security().permissions());
        checkExports(name, module);
        checkMemory(name, module, manifest);
        return Footprint.of(name, module, manifest);
    }

    private static Set<PluginOperation> checkExports(String name, WasmModule module) {
        Map<String, Export> exports = new HashMap<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export e = module.exportSection().getExport(i);
            exports.put(e.name(), e);
        }
        Export memory = exports.get("memory");
        if (memory == null || memory.exportType() != ExternalType.MEMORY) {
            throw Errors.loadFailed(name, "the module does not export its memory as \"memory\" (ABI v1)");
        }
        for (Map.Entry<String, FunctionType> r : REQUIRED.entrySet()) {
            Export e = exports.get(r.getKey());
            if (e == null || e.exportType() != ExternalType.FUNCTION) {
                throw Errors.loadFailed(name, "the module does not export the required function " + r.getKey()
                        + " (ABI v1, see docs/plugin-abi.md)");
            }
            checkType(name, module, e, r.getValue());
        }
        Set<PluginOperation> ops = EnumSet.noneOf(PluginOperation.class);
        for (PluginOperation op : PluginOperation.values()) {
            Export e = exports.get(op.exportName());
            if (e == null) continue;
            if (e.exportType() != ExternalType.FUNCTION) {
                throw Errors.loadFailed(name, "export " + op.exportName() + " must be a function");
            }
            checkType(name, module, e, OPERATION);
            ops.add(op);
        }
        return ops;
    }

    private static void checkType(String name, WasmModule module, Export e, FunctionType expected) {
        int idx = e.index();
        int imported = module.importSection().count(ExternalType.FUNCTION);
        FunctionType actual;
        if (idx < imported) {
            int seen = 0;
            FunctionImport fi = null;
            for (int i = 0; i < module.importSection().importCount(); i++) {
                if (module.importSection().getImport(i) instanceof FunctionImport f && seen++ == idx) fi = f;
            }
            actual = module.typeSection().getType(fi.typeIndex());
        } else {
            actual = module.functionSection().getFunctionType(idx - imported, module.typeSection());
        }
        if (!actual.typesMatch(expected)) {
            throw Errors.loadFailed(name, "export " + e.name() + " has signature " + actual + " but ABI v1 requires "
                    + expected);
        }
    }

    private static void checkMemory(String name, WasmModule module, PluginManifest manifest) {
        long cap = manifest.runtime().memoryLimitBytes() / 65_536L;
        module.memorySection().ifPresent(ms -> {
            for (int i = 0; i < ms.memoryCount(); i++) {
                int initial = ms.getMemory(i).limits().initialPages();
                if (initial > cap) {
                    throw Errors.loadFailed(name, "the module starts with " + initial + " pages of memory ("
                            + initial * 64 + " KiB), more than runtime.memory_limit allows (" + cap * 64
                            + " KiB); raise memory_limit");
                }
            }
        });
    }

    /**
     * Instantiates once with inert host functions and checks {@code zen_abi_version() == 1}. The instance is as
     * bounded as any other (memory and tables capped, memory budget reserved) and runs under execution_timeout, cut
     * short by the load's deadline. When it can be, the instance is kept for the first handle ({@link ProbedInstance}).
     */
    private void probe(LoadedPlugin p, long deadlineNanos) {
        if (deadlineNanos - System.nanoTime() <= 0) {
            // the caller has been told load_timeout already; the compiled code stays cached for the next load
            throw IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, "plugin " + p.name() + ": reading, "
                            + "verifying and compiling the module took longer than the load timeout; the compiled "
                            + "code is kept, so loading it again does not compile again")
                    .provider(p.name()).detail("plugin", p.name()).detail("reason", "load_timeout").build();
        }
        ProbedInstance spare = new ProbedInstance(p.compiled().module());
        Duration timeout = p.manifest().runtime().executionTimeout();
        long deadline = Math.min(deadlineNanos, System.nanoTime() + timeout.toNanos());
        int version;
        try {
            MemoryBudget.Reservation r = budget.reserve(p.name(), p.reservationBytes(), deadline, () -> false);
            version = sandbox.start(p.name(), abandon -> {
                try {
                    Instance instance = p.instantiate(spare.hostFunctions());
                    int v = (int) instance.export("zen_abi_version").apply()[0];
                    if (v == 1 && !abandon.abandoned() && spare.keep(instance)) p.probed().set(spare);
                    return v;
                } catch (ChicoryException e) {
                    throw Errors.loadFailed(p.name(), "the module could not be started: " + e.getMessage(), e);
                } finally {
                    r.release();
                }
            }, r::release).await(deadline, () -> "starting the module (its start function and zen_abi_version) did "
                    + "not finish within " + (deadline == deadlineNanos ? "the load timeout"
                    : "the execution_timeout of " + Sandbox.format(timeout)));
        } catch (IntegrationException e) {
            if (e.code() == ErrorCode.PLUGIN_LOAD_FAILED) throw e;
            throw Errors.loadFailed(p.name(), "the module could not be started: " + e.getMessage(), e);
        }
        if (version != 1) {
            throw Errors.loadFailed(p.name(), "zen_abi_version() returned " + version + " but this host implements "
                    + "ABI version 1");
        }
    }
}
