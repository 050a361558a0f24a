package dev.zen.integration.it.scope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts another JVM on this test class path, as a restarted service would be. */
final class ChildJvm {
    private ChildJvm() {}

    static ProcessBuilder of(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }
}
