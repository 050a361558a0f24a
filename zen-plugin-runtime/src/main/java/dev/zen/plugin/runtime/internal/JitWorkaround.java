package dev.zen.plugin.runtime.internal;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java 17's C2 JIT miscompiles Chicory's unsigned 32-bit comparisons (dylibso/chicory#755 and #843): compiled
 * plugin code then corrupts its own heap now and then. Java 21 and later are not affected. On Java 17 the fix is to
 * keep C2 from inlining the four comparison methods with JVM flags ({@link #FLAGS}); a library cannot set them, so
 * the registry warns once per JVM when they are missing.
 */
public final class JitWorkaround {
    private static final Logger LOG = LoggerFactory.getLogger(JitWorkaround.class);
    private static final String OPCODES = "com/dylibso/chicory/runtime/OpcodeImpl.";
    private static final List<String> METHODS = List.of("I32_GE_U", "I32_GT_U", "I32_LE_U", "I32_LT_U");
    /** The JVM flags that avoid the miscompilation. */
    static final String FLAGS = "-XX:CompileCommand=quiet" + METHODS.stream()
            .map(m -> " -XX:CompileCommand=dontinline," + OPCODES + m).reduce("", String::concat);
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private JitWorkaround() {}

    /** Whether a JVM of this feature version with these arguments needs the flags and lacks them. */
    static boolean missing(int javaFeatureVersion, List<String> jvmArguments) {
        if (javaFeatureVersion >= 21) return false;
        String all = String.join(" ", jvmArguments);
        return !METHODS.stream().allMatch(m -> all.contains("dontinline," + OPCODES + m)
                || all.contains("exclude," + OPCODES + m)); // exclude works too, at a large cost
    }

    /** Logs a warning, once per JVM, when this JVM needs the flags and was started without them. */
    public static void warnIfMissing() {
        if (!CHECKED.compareAndSet(false, true)) return;
        if (Runtime.version().feature() >= 21) return; // spares the JMX start-up where no flags are needed
        List<String> args;
        try {
            args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return; // no management API: nothing to check against
        }
        if (missing(Runtime.version().feature(), args)) {
            LOG.warn("Java {} miscompiles unsigned comparisons in Chicory's compiled plugin code (its C2 JIT; Java 21"
                    + " and later are not affected), which can corrupt a plugin's memory. Run on Java 21+, or start"
                    + " this JVM with: {}", Runtime.version().feature(), FLAGS);
        }
    }
}
