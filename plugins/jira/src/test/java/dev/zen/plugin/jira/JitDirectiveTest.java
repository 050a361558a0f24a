package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Java 17's JIT directive (the runtime's {@code JitWorkaround}) is added only for code that needs it: never for the
 * rewritten pre-compiled classes, and before the first instance of a plugin compiled at run time. Each case runs in a
 * fresh JVM without the build's {@code -XX:CompileCommand} flags, which would make the directive unnecessary.
 */
class JitDirectiveTest {
    private static final String MARK = "DIRECTIVES ";

    @Test
    void givenOnlyThePrecompiledPluginWhenOpenedThenNoJitDirectiveIsAdded() throws Exception {
        String printed = child("true");

        assertThat(printed).contains(MARK).doesNotContain("I32_GE_U");
    }

    @Test
    void givenThePluginCompiledAtRunTimeWhenOpenedOnJava17ThenTheDirectiveIsAdded() throws Exception {
        assumeTrue(Runtime.version().feature() < 21, "only Java 17 to 20 need the directive");

        String printed = child("false");

        assertThat(printed).contains(MARK).contains("com/dylibso/chicory/runtime/OpcodeImpl.I32_GE_U");
    }

    /** Opens the Jira plugin in a fresh JVM ({@code zen.plugins.precompiled=precompiled}); its output. */
    private static String child(String precompiled) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dzen.plugins.precompiled=" + precompiled, "-Dslf4j.internal.verbosity=ERROR",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** The child JVM: opens and closes the Jira plugin, then prints the JVM's compiler directives. */
    static final class Child {
        private Child() {}

        public static void main(String[] args) throws JMException {
            try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).build();
                 Plugin jira = registry.open(PluginConfig.builder("jira").setting("server_url", "http://127.0.0.1:9")
                         .setting("project_key", "SYNC").build())) {
                System.out.println("opened " + jira.descriptor().name());
            }
            Object printed = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            System.out.println(MARK + printed);
        }
    }
}
