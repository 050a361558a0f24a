package dev.zen.plugin.runtime.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java 17's C2 JIT miscompiles Chicory's unsigned 32-bit comparisons (dylibso/chicory#755 and #843): compiled
 * plugin code then corrupts its own heap now and then (the Jira plugin's "Allocation too large" aborts at close).
 * Java 21 and later are not affected. The cure is to keep the JIT from inlining the four comparison methods. The JVM
 * flags {@link #FLAGS} do it; without them, {@link #protect()} adds the same rule at run time as a compiler directive
 * (the {@code DiagnosticCommand} MBean's {@code compilerDirectivesAdd}, the API behind {@code jcmd
 * Compiler.directives_add}), once per JVM, before the first instance of a plugin whose code calls them. If that fails
 * the registry warns. The first-party plugins' pre-compiled classes call none of them (rewritten at build time by
 * plugins/tools/InlineUnsignedComparisons.java), so a host that loads only those never needs the directive.
 * The system property {@value #DISABLE_PROPERTY}{@code =false} skips the directive (for the JIT probe's control runs).
 */
public final class JitWorkaround {
    /** Set to {@code false} to skip the run-time directive (diagnostics: the benchmarks' JitProbe control runs). */
    public static final String DISABLE_PROPERTY = "dev.zen.plugin.jitDirective";
    private static final Logger LOG = LoggerFactory.getLogger(JitWorkaround.class);
    private static final String OPCODES = "com/dylibso/chicory/runtime/OpcodeImpl.";
    private static final List<String> METHODS = List.of("I32_GE_U", "I32_GT_U", "I32_LE_U", "I32_LT_U");
    /** The JVM flags that avoid the miscompilation. */
    static final String FLAGS = "-XX:CompileCommand=quiet" + joined(" -XX:CompileCommand=dontinline,", "", "");
    /** The compiler directive with the flags' effect: no method inlines the four comparisons. */
    static final String DIRECTIVE = "[{match: \"*.*\", inline: [" + joined("\"-", "\"", ", ") + "]}]";
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    private static final AtomicBoolean CHECKED = new AtomicBoolean();
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Completes when {@link #protect()} has run (started by {@link #protectInBackground()}). */
    private static final CompletableFuture<Void> PROTECTED = new CompletableFuture<>();

    /**
     * Each of the four methods between {@code before} and {@code after}, separated: a loop, since this runs in every
     * cold start (streams and lambdas here cost more than the rest of the class).
     */
    private static String joined(String before, String after, String separator) {
        StringBuilder b = new StringBuilder();
        for (String m : METHODS) {
            if (b.length() > 0) b.append(separator);
            b.append(before).append(OPCODES).append(m).append(after);
        }
        return b.toString();
    }

    /** What {@link #protect()} found or did. */
    enum Outcome { NOT_NEEDED, FLAGS_PRESENT, DISABLED, DIRECTIVE_ADDED, FAILED }

    private JitWorkaround() {}

    /** Whether a JVM of this feature version with these arguments needs the flags and lacks them. */
    static boolean missing(int javaFeatureVersion, List<String> jvmArguments) {
        if (javaFeatureVersion >= 21 || withoutC2(jvmArguments)) return false;
        String all = String.join(" ", jvmArguments);
        return !METHODS.stream().allMatch(m -> all.contains("dontinline," + OPCODES + m)
                || all.contains("exclude," + OPCODES + m)); // exclude works too, at a large cost
    }

    /**
     * Whether these arguments keep C2, the compiler that miscompiles, from running: {@code -Xint}, or tiered
     * compilation stopped below level 4 ({@code -XX:TieredStopAtLevel=1}, C1 only: the start-up recipe for CLI hosts
     * in docs/operations.md, which then also skips the JMX start-up of the directive). The last occurrence wins.
     */
    static boolean withoutC2(List<String> jvmArguments) {
        boolean interpreted = false;
        boolean tiered = true;
        int stopAt = 4;
        for (String a : jvmArguments) {
            if (a.equals("-Xint")) interpreted = true;
            if (a.equals("-Xmixed") || a.equals("-Xcomp")) interpreted = false;
            if (a.equals("-XX:-TieredCompilation")) tiered = false;
            if (a.equals("-XX:+TieredCompilation")) tiered = true;
            if (a.matches("-XX:TieredStopAtLevel=[0-9]+")) stopAt = Integer.parseInt(a.substring(a.indexOf('=') + 1));
        }
        return interpreted || (tiered && stopAt < 4);
    }

    /**
     * Starts {@link #protect()} on a daemon thread (starting the JMX platform server costs about a quarter of a cold
     * start; the load's compilation runs meanwhile); {@link #ensureProtected()} waits for it. Once per JVM.
     */
    public static void protectInBackground() {
        if (!STARTED.compareAndSet(false, true)) return;
        inBackground(JitWorkaround::protect, PROTECTED);
    }

    /** Runs {@code work} on a daemon thread and completes {@code done} after it, whatever happens. */
    static void inBackground(Runnable work, CompletableFuture<Void> done) {
        Threads.daemon("zen-jit-directive").newThread(() -> {
            try {
                work.run();
            } finally {
                done.complete(null);
            }
        }).start();
    }

    /**
     * Starts {@link #protect()} unless started, and waits until it has run: every instance of a plugin whose code
     * calls the comparisons is created after this ({@code LoadedPlugin}), so none of that code runs, and none is
     * JIT-compiled, before the directive is in. Loads start it early ({@code CompiledModules}), so that its JMX
     * start-up overlaps the compilation; pre-compiled classes rewritten at build time never call it.
     */
    public static void ensureProtected() {
        protectInBackground();
        await(PROTECTED);
    }

    static void await(CompletableFuture<Void> done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Once per JVM: on Java &lt; 21 started without the flags, adds the compiler directive; warns when it cannot.
     * Call before the first instance of a plugin that needs it is created ({@link #ensureProtected()}).
     */
    public static void protect() {
        if (!CHECKED.compareAndSet(false, true)) return;
        if (Runtime.version().feature() >= 21) return; // spares the JMX start-up where no flags are needed
        List<String> args;
        try {
            args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return; // no management API: nothing to check against
        }
        apply(Runtime.version().feature(), args, !"false".equals(System.getProperty(DISABLE_PROPERTY)));
    }

    /** Adds the directive if this JVM needs it and {@code allowed}; logs the outcome unless nothing was needed. */
    static Outcome apply(int javaFeatureVersion, List<String> jvmArguments, boolean allowed) {
        if (javaFeatureVersion >= 21) return Outcome.NOT_NEEDED;
        if (!missing(javaFeatureVersion, jvmArguments)) return Outcome.FLAGS_PRESENT;
        String failure = allowed ? addDirective() : DISABLE_PROPERTY + "=false";
        if (failure == null) {
            LOG.info("Java {}: added a compiler directive that keeps the JIT from inlining Chicory's unsigned"
                    + " comparisons, which it miscompiles", javaFeatureVersion);
            return Outcome.DIRECTIVE_ADDED;
        }
        LOG.warn("Java {} miscompiles unsigned comparisons in Chicory's compiled plugin code (its C2 JIT; Java 21"
                + " and later are not affected), which can corrupt a plugin's memory, and the compiler directive that"
                + " avoids it could not be added ({}). Run on Java 21+, or start this JVM with: {}",
                javaFeatureVersion, failure, FLAGS);
        return allowed ? Outcome.FAILED : Outcome.DISABLED;
    }

    /** Adds {@link #DIRECTIVE} through the DiagnosticCommand MBean; null when done, else why not. */
    private static String addDirective() {
        Path file = null;
        try {
            file = Files.createTempFile("zen-jit-directive", ".json");
            Files.writeString(file, DIRECTIVE);
            Object out = diagnosticCommand("compilerDirectivesAdd", file.toString());
            String printed = directivesPrinted();
            return printed.contains(METHODS.get(0)) ? null : "the JVM answered: " + String.valueOf(out).strip();
        } catch (IOException | JMException | RuntimeException | LinkageError e) {
            return e.toString();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    file.toFile().deleteOnExit();
                }
            }
        }
    }

    /** The output of {@code Compiler.directives_print}: the JVM's compiler directives. */
    static String directivesPrinted() throws JMException {
        return String.valueOf(diagnosticCommand("compilerDirectivesPrint"));
    }

    private static Object diagnosticCommand(String operation, String... arguments) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), operation, new Object[] {arguments},
                new String[] {String[].class.getName()});
    }
}
