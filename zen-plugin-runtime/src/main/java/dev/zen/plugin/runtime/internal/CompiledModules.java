package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parsed and compiled modules, cached in memory by the module's SHA-256 ({@link LruCache}) and, when a directory is
 * configured, on disk through Chicory's compiler cache so a fresh JVM skips compilation.
 *
 * <p>The disk cache holds JVM bytecode that runs with the host's privileges: the directory must be writable only by
 * the host's user, like the classpath.
 */
public final class CompiledModules {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledModules.class);

    /**
     * A parsed module and the machine factory compiled for exactly that module object.
     *
     * @param module             the parsed module
     * @param factory            its compiled machine factory
     * @param needsJitDirective  whether its code calls Chicory's unsigned comparisons, so that Java 17 must not
     *                           inline them ({@link JitWorkaround}): all code Chicory compiles at run time does;
     *                           pre-compiled classes the build rewrote do not
     */
    record Compiled(WasmModule module, Function<Instance, Machine> factory, boolean needsJitDirective) {
        Compiled(WasmModule module, Function<Instance, Machine> factory) {
            this(module, factory, true);
        }
    }

    private final LruCache<String, Compiled> memory;
    private final DiskCache disk;

    /** A cache holding at most {@code maximumSize} modules in memory, persisted in {@code directory} if not null. */
    public CompiledModules(long maximumSize, Path directory) {
        this.memory = new LruCache<>(maximumSize);
        this.disk = directory == null ? null : new DiskCache(directory);
    }

    /**
     * The compiled module for verified bytes. Compiling runs outside the cache's lock (holding it for the whole
     * compile, seconds for a large module, would stall every other load and {@link #invalidate}); two loads of the
     * same module at once may both compile, and the first one stored is kept.
     *
     * @param sha256Hex       the digest of {@code wasm}, already verified against the manifest
     * @param wasm            the module bytes
     * @param beforeCompiling checks the parsed module before any compilation; may throw to stop it
     * @throws ChicoryException if the bytes are not a valid module
     */
    Compiled get(String sha256Hex, byte[] wasm, Consumer<WasmModule> beforeCompiling) {
        return get(sha256Hex, wasm, beforeCompiling, null);
    }

    /**
     * As {@link #get(String, byte[], Consumer)}, using the classes {@code precompiled} supplies (machine classes
     * compiled from these very bytes at build time, see {@link Precompiled}; asked only when the module is not in
     * memory) instead of compiling when they are not null.
     */
    Compiled get(String sha256Hex, byte[] wasm, Consumer<WasmModule> beforeCompiling,
                 Supplier<Precompiled.Classes> precompiledClasses) {
        Compiled known = memory.get(sha256Hex);
        if (known != null) return known;
        Precompiled.Classes precompiled = precompiledClasses == null ? null : precompiledClasses.get();
        Compiled fresh = precompiled != null ? prebuilt(sha256Hex, wasm, beforeCompiling, precompiled)
                : compile(sha256Hex, wasm, beforeCompiling);
        return memory.putIfAbsent(sha256Hex, fresh);
    }

    /** Forgets a module kept in memory (the disk copy stays). */
    public void invalidate(String sha256Hex) {
        memory.remove(sha256Hex);
    }

    /** Forgets every module kept in memory. */
    public void clear() {
        memory.clear();
    }

    private Compiled compile(String sha256Hex, byte[] wasm, Consumer<WasmModule> beforeCompiling) {
        JitWorkaround.protectInBackground(); // its JMX start-up runs while the module compiles
        WasmModule module = cachedUnvalidated(sha256Hex, wasm);
        boolean validated = module == null;
        if (validated) module = ModuleParser.parse(wasm, sha256Hex, true);
        beforeCompiling.accept(module);
        try {
            return compile(sha256Hex, module, validated ? null : wasm);
        } catch (RuntimeException e) {
            throw new CompileFailure("the module could not be compiled to JVM bytecode: " + e.getMessage(), e);
        }
    }

    /**
     * The module parsed without Chicory's validation, as on a disk-cache hit: the build-time compiler parsed and
     * validated these very bytes (the descriptor names their digest, which the load verified) before compiling them.
     */
    private static Compiled prebuilt(String sha256Hex, byte[] wasm, Consumer<WasmModule> beforeCompiling,
                                     Precompiled.Classes classes) {
        // the stripped module (no function bodies: the classes hold them) when shipped, else the whole module
        WasmModule module = classes.strippedModule() != null ? classes.strippedModule()
                : ModuleParser.parse(wasm, sha256Hex, false);
        beforeCompiling.accept(module);
        if (!classes.jitSafe()) JitWorkaround.protectInBackground();
        return new Compiled(module, classes.factory(), !classes.jitSafe());
    }

    /** Whether the module of this digest is compiled and kept in memory. */
    boolean has(String sha256Hex) {
        return memory.get(sha256Hex) != null;
    }

    /**
     * On a disk-cache hit, the module parsed without Chicory's validation (a tenth of a cold load): the cached code
     * was compiled from these very bytes (same digest) after they passed validation, and the cache directory is as
     * trusted as the classpath. Null on a miss, so the bytes are parsed and validated as usual.
     */
    private WasmModule cachedUnvalidated(String sha256Hex, byte[] wasm) {
        if (disk == null || !disk.has(ModuleParser.chicoryDigest(sha256Hex))) return null;
        return ModuleParser.parse(wasm, sha256Hex, false);
    }

    /** Compilation (not parsing) failed. */
    static final class CompileFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CompileFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @param unvalidatedBytes the module's bytes when it was parsed without validation, else null */
    private Compiled compile(String sha256Hex, WasmModule module, byte[] unvalidatedBytes) {
        // Never fall back to the interpreter: it cannot interrupt br_if/br_table loops, so a timeout could not stop
        // runaway code in an interpreted function. A function too large to compile fails the load instead.
        MachineFactoryCompiler.Builder b = MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.FAIL);
        if (disk == null) return new Compiled(module, b.compile());
        try {
            return new Compiled(module, b.withCache(disk).compile());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("compiled-code cache entry for module {} is unusable; compiling again: {}", module.digest(),
                    e.toString());
            disk.remove(module.digest());
            WasmModule checked = unvalidatedBytes == null ? module
                    : ModuleParser.parse(unvalidatedBytes, sha256Hex, true);
            return new Compiled(checked, MachineFactoryCompiler.builder(checked)
                    .withInterpreterFallback(InterpreterFallback.FAIL).compile());
        }
    }

    /** Chicory's compiler cache as files named by a hash of the key, written atomically. */
    static final class DiskCache implements Cache {
        private final Path dir;

        DiskCache(Path dir) {
            this.dir = dir;
        }

        private Path file(String key) {
            return dir.resolve(Integrity.sha256Hex(key.getBytes(StandardCharsets.UTF_8)) + ".chicory");
        }

        @Override
        public byte[] get(String key) {
            Path f = file(key);
            if (!Files.isRegularFile(f)) return null;
            try {
                byte[] bytes = Files.readAllBytes(f);
                LOG.debug("reusing compiled code for module {} from {}", key, f);
                return bytes;
            } catch (IOException e) {
                LOG.warn("could not read compiled-code cache file {}; compiling again: {}", f, e.toString());
                return null;
            }
        }

        boolean has(String key) {
            return Files.isRegularFile(file(key));
        }

        void remove(String key) {
            try {
                Files.deleteIfExists(file(key));
            } catch (IOException e) {
                LOG.warn("could not delete compiled-code cache file for {}: {}", key, e.toString());
            }
        }

        @Override
        public void putIfAbsent(String key, byte[] data) {
            Path f = file(key);
            if (Files.exists(f)) return;
            try {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, ".compiling-", ".tmp");
                try {
                    Files.write(tmp, data);
                    try {
                        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                    }
                    LOG.debug("stored compiled code for module {} in {}", key, f);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                LOG.warn("could not store compiled code in {}; the next JVM compiles again: {}", dir, e.toString());
            }
        }
    }
}
