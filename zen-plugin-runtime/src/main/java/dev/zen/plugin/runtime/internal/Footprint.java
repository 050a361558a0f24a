package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.SubType;
import com.dylibso.chicory.wasm.types.TableLimits;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginManifest;
import java.util.Locale;

/**
 * What one instance of a module may hold on the host heap, estimated from the parsed module, and the load-time
 * check that an instance starts within {@code runtime.memory_limit}.
 *
 * <p>Linear memory is not the only heap an instance takes: Chicory keeps, per instance, an {@code int} and an object
 * reference for every table element ({@code TableInstance}), one object per global and copies of the function and
 * element arrays. A 1 MiB-limit module could declare tables of millions of elements and pin hundreds of MiB per
 * pooled instance. So the tables at their initial size, the state that grows with the module (globals, functions,
 * element segments, tags, tables) and the initial memory together must fit {@code memory_limit}; tables may then
 * grow up to a sixteenth of {@code memory_limit} (never past their declared maximum), enforced by
 * {@link TableCaps}; and the registry's memory budget reserves, per instance, {@link #reservationBytes()}:
 * {@code memory_limit} for linear memory plus the tables at their cap and the bookkeeping (that state and a constant
 * base). The per-item sizes below are estimates for a 64-bit JVM, rounded up.
 *
 * @param memoryLimitBytes     the manifest's {@code runtime.memory_limit}
 * @param bookkeepingBytes     per-instance state other than linear memory and table elements
 * @param initialTableElements the elements of all tables at instantiation
 * @param maxTableElements     the most elements all tables of one instance may hold together
 */
public record Footprint(long memoryLimitBytes, long bookkeepingBytes, long initialTableElements,
                        long maxTableElements) {
    /** An {@code int} and an object reference (12 bytes without compressed oops), rounded up. */
    static final long BYTES_PER_TABLE_ELEMENT = 16;
    static final long BYTES_PER_TABLE = 128;
    static final long BYTES_PER_GLOBAL = 64;
    static final long BYTES_PER_FUNCTION = 16;
    static final long BYTES_PER_ELEMENT_SEGMENT = 16;
    static final long BYTES_PER_TAG = 64;
    static final long BYTES_PER_INSTANCE = 4096;
    /** Tables may grow until their elements take this fraction of memory_limit. */
    static final long TABLE_GROWTH_DIVISOR = 16;
    private static final long PAGE = 65_536L;

    /**
     * Measures a parsed module and checks it against its manifest's {@code memory_limit}.
     *
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} for WasmGC types, more than one memory, or an instance
     *                              that would not start within the limit
     */
    static Footprint of(String plugin, WasmModule module, PluginManifest manifest) {
        refuseHostHeapFeatures(plugin, module);
        long limit = manifest.runtime().memoryLimitBytes();
        long initial = 0;
        long declaredMax = 0;
        int tables = module.tableSection().tableCount();
        for (int i = 0; i < tables; i++) {
            TableLimits l = module.tableSection().getTable(i).limits();
            initial += l.min();
            declaredMax += Math.min(l.max(), TableLimits.LIMIT_MAX);
        }
        long growthCap = limit / TABLE_GROWTH_DIVISOR / BYTES_PER_TABLE_ELEMENT;
        long maxElements = Math.max(initial, Math.min(declaredMax, growthCap));
        // what the module's size decides; the constant per-instance base is reserved but not held against the limit
        long perModule = tables * BYTES_PER_TABLE
                + module.globalSection().globalCount() * BYTES_PER_GLOBAL
                + (long) module.functionSection().functionCount() * BYTES_PER_FUNCTION
                + module.elementSection().elementCount() * BYTES_PER_ELEMENT_SEGMENT
                + module.tagSection().map(t -> t.tagCount() * BYTES_PER_TAG).orElse(0L);
        Footprint f = new Footprint(limit, BYTES_PER_INSTANCE + perModule, initial, maxElements);
        long memory = initialMemoryPages(module) * PAGE;
        long start = memory + initial * BYTES_PER_TABLE_ELEMENT + perModule;
        if (start > limit) {
            throw Errors.loadFailed(plugin, "an instance would start with " + kib(start) + " of host memory, more "
                    + "than runtime.memory_limit allows (" + kib(limit) + "): its tables hold " + initial
                    + " elements in " + tables + " table(s) (" + kib(initial * BYTES_PER_TABLE_ELEMENT) + " at "
                    + BYTES_PER_TABLE_ELEMENT + " bytes each), its linear memory " + kib(memory) + ", its globals, "
                    + "functions and other per-instance state about " + kib(perModule) + "; tables count against "
                    + "memory_limit: shrink them or raise memory_limit");
        }
        return f;
    }

    /** WasmGC objects and extra memories would live on the host heap beyond what memory_limit caps. */
    private static void refuseHostHeapFeatures(String plugin, WasmModule module) {
        for (int i = 0; i < module.typeSection().subTypeCount(); i++) {
            SubType t = module.typeSection().getSubType(i);
            if (t.compType().funcType() == null) {
                throw Errors.loadFailed(plugin, "the module declares WasmGC struct or array types; their objects "
                        + "would live on the host heap, outside runtime.memory_limit, so this host refuses them "
                        + "(ABI v1 plugins use linear memory only)");
            }
        }
        int memories = module.memorySection().map(m -> m.memoryCount()).orElse(0);
        if (memories > 1) {
            throw Errors.loadFailed(plugin, "the module declares " + memories + " memories; ABI v1 plugins have "
                    + "exactly one, exported as \"memory\", which runtime.memory_limit caps");
        }
    }

    private static long initialMemoryPages(WasmModule module) {
        return module.memorySection().map(m -> m.memoryCount() == 0 ? 0L
                : (long) m.getMemory(0).limits().initialPages()).orElse(0L);
    }

    /** Table elements cost, in bytes. */
    long tableBytes(long elements) {
        return elements * BYTES_PER_TABLE_ELEMENT;
    }

    /**
     * The most heap one instance may hold: linear memory at {@code memory_limit}, tables at their cap, and
     * bookkeeping. The registry's memory budget reserves this much for every live instance.
     */
    public long reservationBytes() {
        return memoryLimitBytes + tableBytes(maxTableElements) + bookkeepingBytes;
    }

    /** A size for messages: KiB (rounded up) below 10 MiB, MiB above (with a decimal unless whole). */
    static String kib(long bytes) {
        if (bytes < 10L << 20) return ((bytes + 1023) >> 10) + " KiB";
        if (bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
