package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The load's probe instance, kept so that the plugin's first handle can use it instead of starting a second one (in
 * a cold JVM, starting an instance is a tenth of the way to the first call).
 *
 * <p>Its host functions are placeholders: inert during the probe (they answer 0, nothing reaches the host), switched
 * to the handle's real functions when a handle adopts the instance. It is kept only if that cannot be told apart
 * from an instance the handle started itself: the start function and {@code zen_abi_version} called no host
 * function (they ran the same whatever the host functions), and its memory is still small (it is held outside the
 * memory budget until adopted: {@link #MAX_KEPT_BYTES}). The one difference left is that {@code zen_abi_version}
 * ran in it once. One handle adopts it at most; it carries nothing of any handle, since none used it before.
 */
final class ProbedInstance {
    /** The most linear memory a kept probe instance may have: held unbudgeted while no handle adopted it. */
    static final long MAX_KEPT_BYTES = 2L * 1024 * 1024;

    private final List<ImportFunction> placeholders = new ArrayList<>();
    private final AtomicBoolean hostCalled = new AtomicBoolean();
    /** The adopting handle's functions, in the placeholders' order; null until adopted. */
    private volatile WasmFunctionHandle[] targets;
    private Instance instance;

    /** Placeholders for every function {@code module} imports, inert until adopted. */
    ProbedInstance(WasmModule module) {
        for (int i = 0; i < module.importSection().importCount(); i++) {
            FunctionImport fi = (FunctionImport) module.importSection().getImport(i);
            FunctionType type = module.typeSection().getType(fi.typeIndex());
            int index = i;
            placeholders.add(new HostFunction(fi.module(), fi.name(), type, (Instance inst, long... args) -> {
                WasmFunctionHandle[] t = targets;
                if (t != null) return t[index].apply(inst, args);
                hostCalled.set(true);
                return type.returns().isEmpty() ? null : new long[] {0L};
            }));
        }
    }

    /** The host functions to instantiate the probe with. */
    List<ImportFunction> hostFunctions() {
        return placeholders;
    }

    /** Records the probe's instance once the probe passed; false when it cannot be kept (see the class comment). */
    boolean keep(Instance probed) {
        if (hostCalled.get() || probed.memory() == null || probed.memory().pages() * 65_536L > MAX_KEPT_BYTES) {
            return false;
        }
        this.instance = probed;
        return true;
    }

    /**
     * The instance with its placeholders now calling {@code hostFunctions} (one for each import, matched by module
     * and name, as a new instance would be linked).
     */
    Instance adopt(List<ImportFunction> hostFunctions) {
        Map<String, WasmFunctionHandle> byName = new HashMap<>();
        for (ImportFunction f : hostFunctions) byName.put(f.module() + "\u0000" + f.name(), f.handle());
        WasmFunctionHandle[] t = new WasmFunctionHandle[placeholders.size()];
        for (int i = 0; i < t.length; i++) {
            ImportFunction p = placeholders.get(i);
            t[i] = byName.get(p.module() + "\u0000" + p.name());
            if (t[i] == null) {
                throw new IllegalStateException("no host function " + p.module() + "." + p.name() + " to adopt");
            }
        }
        targets = t; // volatile write of a complete array: a call sees all of it
        return instance;
    }
}
