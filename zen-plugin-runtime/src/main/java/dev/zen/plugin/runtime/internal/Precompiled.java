package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Machine classes compiled from a plugin's module at build time (chicory-compiler-maven-plugin) and shipped in the
 * plugin's jar, described by {@value #DESCRIPTOR} next to its manifest ({@code module.sha256}, {@code machine.class}).
 *
 * <p>They are used only when {@code module.sha256} is the digest of the module this load read and verified (checksum
 * and signature): classes compiled from another module, a stale build or an edited descriptor fall back to runtime
 * compilation with a WARN. The classes are the same code Chicory's runtime compiler produces, so limits, interruption
 * and memory caps apply alike. They run with the host's privileges, like everything on the classpath: only classpath
 * plugins may ship them, never folder plugins.
 *
 * <p>The descriptor may also name the compiler's stripped copy of the module ({@code module.meta}, every function body
 * left out): the load parses that instead of the whole module, since the classes hold the code. It must come from
 * the same jar, or the whole module is parsed (with a WARN).
 *
 * <p>{@code unsigned.comparisons=inlined} says the build rewrote the classes so that they call none of Chicory's
 * unsigned comparisons (plugins/tools/InlineUnsignedComparisons.java): Java 17's JIT cannot miscompile them, so
 * they need no {@link JitWorkaround} directive, and a cold start with only such plugins skips its JMX start-up.
 */
final class Precompiled {
    /** The descriptor's file name, next to {@code manifest.yaml}. */
    static final String DESCRIPTOR = "precompiled.properties";
    private static final Logger LOG = LoggerFactory.getLogger(Precompiled.class);
    private static final int MAX_DESCRIPTOR_BYTES = 4096;
    private static final MethodType CONSTRUCTOR = MethodType.methodType(void.class, Instance.class);

    private Precompiled() {}

    /**
     * Pre-compiled classes of a module.
     *
     * @param factory        creates the machine of an instance
     * @param strippedModule the module without its function bodies, parsed (unvalidated), to use instead of the
     *                       whole module; null if none is shipped or it does not parse
     * @param jitSafe        whether the classes call none of Chicory's unsigned comparisons (see above)
     */
    record Classes(Function<Instance, Machine> factory, WasmModule strippedModule, boolean jitSafe) {
    }

    /**
     * {@link #find} on a daemon thread, for the module the manifest names ({@code declaredSha256}), so that it runs
     * while the load verifies that module's checksum and signature: it reads the descriptor, loads the machine class
     * and parses the stripped module, and runs none of the module's code. The load uses the result only once the
     * module has verified (its digest is then the declared one); when it does not, the result is dropped.
     */
    static CompletableFuture<Classes> findInBackground(String plugin, PluginSource source, String declaredSha256,
                                                       int moduleBytes) {
        return Threads.supply("zen-plugin-prepare", () -> find(plugin, source, declaredSha256, moduleBytes));
    }

    /**
     * The pre-compiled classes of {@code source}, or null when it ships none or they do not belong to the module of
     * digest {@code verifiedSha256} (logged); {@code moduleBytes} bounds the stripped copy's size.
     */
    static Classes find(String plugin, PluginSource source, String verifiedSha256, int moduleBytes) {
        if (!(source instanceof PluginSource.Classpath cp) || cp.loader() == null) return null;
        Properties d = descriptor(plugin, cp.manifest());
        if (d == null) return null;
        String compiledFrom = d.getProperty("module.sha256", "").strip();
        if (!compiledFrom.equalsIgnoreCase(verifiedSha256)) {
            LOG.warn("plugin {}: the pre-compiled classes in {} were compiled from module sha256:{}, not from the "
                    + "module it loads (sha256:{}); they are not used and the module is compiled at run time "
                    + "(rebuild the plugin's jar)", plugin, cp.location(), compiledFrom, verifiedSha256);
            return null;
        }
        String className = d.getProperty("machine.class", "").strip();
        String classOrigin = origin(cp.loader().getResource(className.replace('.', '/') + ".class"),
                className.replace('.', '/') + ".class");
        String manifestOrigin = origin(cp.manifest(), "manifest.yaml");
        if (classOrigin == null || !classOrigin.equals(manifestOrigin)) {
            // e.g. two versions of the plugin's jar on the classpath: the class loader would define the first jar's
            // class, compiled from the other version's module
            LOG.warn("plugin {}: the pre-compiled machine class '{}' named in {} is not in the same jar or folder "
                    + "as the plugin (found: {}); it is not used and the module is compiled at run time", plugin,
                    ControlChars.escape(className), cp.location(), classOrigin == null ? "nowhere"
                    : ControlChars.escape(classOrigin));
            return null;
        }
        Function<Instance, Machine> factory = factory(plugin, cp, className);
        return factory == null ? null
                : new Classes(factory, stripped(plugin, cp, d, manifestOrigin, verifiedSha256, moduleBytes),
                        "inlined".equals(d.getProperty("unsigned.comparisons", "").strip()));
    }

    /**
     * The stripped module the descriptor names, parsed, if it is in the plugin's jar and parses; else null. Like the
     * classes it is not hashed: it comes from the jar whose classes run as host code, and hashing it would cost a cold
     * start more than parsing the bodies it leaves out saves.
     */
    private static WasmModule stripped(String plugin, PluginSource.Classpath cp, Properties d, String manifestOrigin,
                                       String sha256, int moduleBytes) {
        String path = d.getProperty("module.meta", "").strip();
        if (path.isEmpty()) return null;
        URL url = cp.loader().getResource(path);
        byte[] bytes = null;
        try {
            if (url != null && manifestOrigin.equals(origin(url, path))) bytes = BoundedRead.url(url, moduleBytes);
        } catch (IOException e) {
            // reported below
        }
        if (bytes == null) {
            LOG.warn("plugin {}: the stripped module '{}' named in {} is missing, unreadable or in another jar; "
                    + "parsing the whole module instead", plugin, ControlChars.escape(path), cp.location());
            return null;
        }
        try {
            return ModuleParser.parse(bytes, sha256, false);
        } catch (RuntimeException e) {
            LOG.warn("plugin {}: the stripped module '{}' named in {} does not parse; parsing the whole module "
                    + "instead: {}", plugin, ControlChars.escape(path), cp.location(), e.getMessage());
            return null;
        }
    }

    /**
     * The jar or class folder a resource comes from: its URL without {@code suffix} (for the manifest, without the
     * {@code META-INF/zen-plugins/<name>/} folder too); null when there is no such resource.
     */
    static String origin(URL resource, String suffix) {
        if (resource == null) return null;
        String s = resource.toString();
        if (!s.endsWith(suffix)) return null;
        String root = s.substring(0, s.length() - suffix.length());
        if (suffix.equals("manifest.yaml")) {
            int at = root.lastIndexOf("META-INF/zen-plugins/");
            if (at < 0) return null;
            root = root.substring(0, at);
        }
        return root;
    }

    private static Properties descriptor(String plugin, URL manifest) {
        byte[] bytes;
        try {
            bytes = BoundedRead.url(new URL(manifest, DESCRIPTOR), MAX_DESCRIPTOR_BYTES);
        } catch (FileNotFoundException | NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("plugin {}: could not read {} next to {}; compiling at run time: {}", plugin, DESCRIPTOR,
                    manifest, e.toString());
            return null;
        }
        Properties p = new Properties();
        try (InputStreamReader r = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("plugin {}: {} next to {} is malformed; compiling at run time: {}", plugin, DESCRIPTOR,
                    manifest, e.toString());
            return null;
        }
        return p;
    }

    private static Function<Instance, Machine> factory(String plugin, PluginSource.Classpath cp, String className) {
        MethodHandle constructor;
        try {
            Class<?> type = Class.forName(className, false, cp.loader());
            if (!Machine.class.isAssignableFrom(type)) {
                throw new ClassCastException(className + " does not implement " + Machine.class.getName());
            }
            constructor = MethodHandles.publicLookup().findConstructor(type, CONSTRUCTOR)
                    .asType(MethodType.methodType(Machine.class, Instance.class));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("plugin {}: the pre-compiled machine class '{}' named in {} is unusable; compiling at run "
                    + "time: {}", plugin, ControlChars.escape(className), cp.location(), e.toString());
            return null;
        }
        return instance -> {
            try {
                return (Machine) constructor.invokeExact(instance);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        };
    }
}
