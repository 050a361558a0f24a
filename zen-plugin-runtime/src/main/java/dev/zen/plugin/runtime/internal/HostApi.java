package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginPermission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * The host functions of ABI v1 (import module {@code zen}), the permission each needs, and the load-time check
 * that a module imports nothing else.
 */
final class HostApi {
    /** The only import module a plugin may use. */
    static final String MODULE = "zen";
    /** The MDC key holding the plugin name while a plugin runs. */
    static final String MDC_PLUGIN = "zen.plugin";
    private static final int MAX_LOG_CHARS = 8192;

    /** One host function: its permission and signature. */
    record Spec(PluginPermission permission, FunctionType type) {
    }

    private static final Map<String, Spec> SPECS = Map.of(
            "http_request", new Spec(PluginPermission.HTTP, sig(List.of(ValType.I32, ValType.I32), List.of(ValType.I64))),
            "http_request_auth", new Spec(PluginPermission.HTTP_AUTH,
                    sig(List.of(ValType.I32, ValType.I32), List.of(ValType.I64))),
            "config_get", new Spec(PluginPermission.CONFIG_READ,
                    sig(List.of(ValType.I32, ValType.I32), List.of(ValType.I64))),
            "log", new Spec(PluginPermission.LOG, sig(List.of(ValType.I32, ValType.I32, ValType.I32), List.of())),
            "clock_now_ms", new Spec(PluginPermission.CLOCK, sig(List.of(), List.of(ValType.I64))));

    private HostApi() {
    }

    private static FunctionType sig(List<ValType> params, List<ValType> results) {
        return FunctionType.of(params, results);
    }

    /**
     * Refuses any import the permissions do not grant.
     *
     * @return the names of the {@code zen} functions the module imports
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} naming the import and the
     *                                                  permission it needs
     */
    static Set<String> checkImports(String plugin, WasmModule module, Set<PluginPermission> granted) {
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String what = imp.module() + "." + imp.name();
            if (!MODULE.equals(imp.module())) {
                String hint = imp.module().startsWith("wasi")
                        ? "; WASI is not available in this host" : "";
                throw Errors.loadFailed(plugin, "imports " + what + ", which no permission grants: plugins may "
                        + "import only the functions of module '" + MODULE + "' listed in docs/plugin-abi.md" + hint);
            }
            Spec spec = SPECS.get(imp.name());
            if (spec == null) {
                throw Errors.loadFailed(plugin, "imports " + what + ", which is not a host function of ABI v1; known: "
                        + new TreeSet<>(SPECS.keySet()));
            }
            if (imp.importType() != ExternalType.FUNCTION) {
                throw Errors.loadFailed(plugin, "imports " + what + " as a " + imp.importType()
                        + ", but it is a function");
            }
            if (!granted.contains(spec.permission())) {
                throw Errors.loadFailed(plugin, "imports " + what + ", which needs permission '"
                        + spec.permission().manifestName() + "'; add it to security.permissions in manifest.yaml "
                        + "or remove the import");
            }
            FunctionType actual = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            if (!actual.typesMatch(spec.type())) {
                throw Errors.loadFailed(plugin, "imports " + what + " with signature " + actual + " but ABI v1 "
                        + "defines " + spec.type());
            }
            used.add(imp.name());
        }
        return used;
    }

    /** The host functions for the given imports, bound to one opened plugin. */
    static List<ImportFunction> functions(Set<String> imported, PluginContext ctx) {
        HttpBridge http = new HttpBridge(ctx);
        Logger log = LoggerFactory.getLogger("dev.zen.plugin." + ctx.plugin());
        LogLimiter limiter = new LogLimiter(); // one per opened plugin: its instances share the budget
        List<ImportFunction> out = new ArrayList<>();
        for (String name : imported) {
            FunctionType type = SPECS.get(name).type();
            out.add(new HostFunction(MODULE, name, type, switch (name) {
                case "http_request" -> (Instance inst, long... a) -> new long[] {
                        GuestMemory.writeNew(inst, http.handle(in(inst, a, ctx, "http_request"), false))};
                case "http_request_auth" -> (Instance inst, long... a) -> new long[] {
                        GuestMemory.writeNew(inst, http.handle(in(inst, a, ctx, "http_request_auth"), true))};
                case "config_get" -> (Instance inst, long... a) -> new long[] {configGet(inst, a, ctx)};
                case "log" -> (Instance inst, long... a) -> {
                    log(log, limiter, ctx, (int) a[0], GuestMemory.read(inst, a[1] & 0xFFFF_FFFFL, a[2] & 0xFFFF_FFFFL,
                            ctx.maxGuestBufferBytes(), "log message"));
                    return null;
                };
                case "clock_now_ms" -> (Instance inst, long... a) -> new long[] {ctx.clock().millis()};
                default -> throw new IllegalStateException(name);
            }));
        }
        return out;
    }

    private static byte[] in(Instance inst, long[] a, PluginContext ctx, String what) {
        return GuestMemory.read(inst, a[0] & 0xFFFF_FFFFL, a[1] & 0xFFFF_FFFFL, ctx.maxGuestBufferBytes(),
                what + " input");
    }

    private static long configGet(Instance inst, long[] a, PluginContext ctx) {
        String key = new String(in(inst, a, ctx, "config_get"), StandardCharsets.UTF_8);
        Object value = ctx.settings().get(key);
        if (value == null) return 0;
        try {
            return GuestMemory.writeNew(inst, JsonStreams.write(value));
        } catch (IOException e) {
            throw new IllegalStateException("setting " + key + " cannot be encoded as JSON", e);
        }
    }

    /**
     * One {@code log} call: dropped when the plugin's {@link LogLimiter} says so (a summary line counts the dropped
     * ones), else redacted, its control characters escaped so it stays one log record, and cut to
     * {@link #MAX_LOG_CHARS}.
     */
    private static void log(Logger log, LogLimiter limiter, PluginContext ctx, int level, byte[] bytes) {
        Level slf4jLevel = switch (level) {
            case 0 -> Level.DEBUG;
            case 1 -> Level.INFO;
            case 2 -> Level.WARN;
            default -> Level.ERROR;
        };
        if (!log.isEnabledForLevel(slf4jLevel)) return;
        LogLimiter.Decision decision = limiter.acquire(Math.min(bytes.length, MAX_LOG_CHARS));
        if (!decision.log() && decision.suppressedBefore() == 0) return;
        String message = decision.log() ? logText(ctx, bytes) : null;
        String previous = MDC.get(MDC_PLUGIN);
        MDC.put(MDC_PLUGIN, ctx.plugin());
        try {
            if (decision.suppressedBefore() > 0) {
                log.warn("plugin {}: {} log lines suppressed (over the log limit of {})", ctx.plugin(),
                        decision.suppressedBefore(), LogLimiter.describe());
            }
            if (message != null) log.atLevel(slf4jLevel).log("{}", message);
        } finally {
            if (previous == null) MDC.remove(MDC_PLUGIN);
            else MDC.put(MDC_PLUGIN, previous);
        }
    }

    /** Redacted first (a line break must not split a secret from its scheme), then escaped, then cut. */
    private static String logText(PluginContext ctx, byte[] bytes) {
        int room = MAX_LOG_CHARS + 1024; // a secret across the cut is still seen whole by the redactor
        String text = new String(bytes, 0, Math.min(bytes.length, room * 4), StandardCharsets.UTF_8);
        if (text.length() > room) text = text.substring(0, room);
        String message = ControlChars.escape(ctx.redactor().redact(text));
        return message.length() > MAX_LOG_CHARS ? message.substring(0, MAX_LOG_CHARS) + "...(truncated)" : message;
    }
}
