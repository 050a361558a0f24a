package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginOperation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A verified, compiled plugin, ready to instantiate.
 *
 * @param name       the plugin name
 * @param source     where it was loaded from
 * @param manifest   its manifest
 * @param sha256     the module digest
 * @param compiled   the parsed module and its compiled machine factory
 * @param imports    the {@code zen} host functions it imports (all granted)
 * @param operations the operations it exports
 * @param footprint  what an instance holds on the host heap besides linear memory, and its table cap
 * @param probed     the load's probe instance, until a handle adopts it (see {@link ProbedInstance})
 */
public record LoadedPlugin(String name, String source, PluginManifest manifest, String sha256,
                           CompiledModules.Compiled compiled, Set<String> imports,
                           Set<PluginOperation> operations, Footprint footprint,
                           AtomicReference<ProbedInstance> probed) {

    /** A plugin whose probe instance is not (yet) kept. */
    public LoadedPlugin(String name, String source, PluginManifest manifest, String sha256,
                        CompiledModules.Compiled compiled, Set<String> imports, Set<PluginOperation> operations,
                        Footprint footprint) {
        this(name, source, manifest, sha256, compiled, imports, operations, footprint, new AtomicReference<>());
    }

    /**
     * The load's probe instance, its host functions now {@code hostFunctions}, for the first handle that asks; null
     * when it was not kept or another handle took it.
     */
    Instance adoptProbed(List<ImportFunction> hostFunctions) {
        ProbedInstance p = probed.getAndSet(null);
        return p == null ? null : p.adopt(hostFunctions);
    }

    /** The memory cap in 64 KiB pages. */
    int memoryCapPages() {
        return (int) Math.min(MemoryLimits.MAX_PAGES, manifest.runtime().memoryLimitBytes() / 65_536L);
    }

    /** The memory budget one instance reserves: see {@link Footprint#reservationBytes()}. */
    long reservationBytes() {
        return footprint.reservationBytes();
    }

    /** A new instance with the given host functions; linear memory is capped at memory_limit, tables at their cap. */
    Instance instantiate(List<ImportFunction> hostFunctions) {
        if (compiled.needsJitDirective()) JitWorkaround.ensureProtected(); // before any of its guest code runs
        int cap = memoryCapPages();
        return Instance.builder(compiled.module())
                .withMachineFactory(compiled.factory())
                .withImportValues(ImportValues.builder().withFunctions(hostFunctions).build())
                .withTableFactory(new TableCaps(footprint.maxTableElements()))
                .withMemoryFactory(l -> FlatMemory.of(new MemoryLimits(Math.min(l.initialPages(), cap),
                        Math.min(l.maximumPages(), cap), l.shared())))
                .build();
    }
}
