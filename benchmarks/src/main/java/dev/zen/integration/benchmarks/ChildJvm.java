package dev.zen.integration.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a measured child JVM (a fresh process for every cold sample) and reads the one line it reports. */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * What the child reported.
     *
     * @param fields         the space-separated fields after the prefix
     * @param spawnToLineNanos from starting the process to reading that line
     */
    record Line(String[] fields, long spawnToLineNanos) {}

    /**
     * Starts {@code main} in a new JVM of this JDK and returns the line that starts with {@code prefix}.
     *
     * @throws IllegalStateException when the child fails, prints no such line or runs over two minutes
     */
    static Line run(List<String> classpath, List<String> jvmArgs, Class<?> main, List<String> args, String prefix)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath));
        cmd.add(main.getName());
        cmd.addAll(args);
        long spawned = System.nanoTime();
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String line = null;
        long seen = 0;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                all.append(l).append('\n');
                if (l.startsWith(prefix)) {
                    line = l;
                    seen = System.nanoTime();
                }
            }
        }
        if (!proc.waitFor(2, TimeUnit.MINUTES) || proc.exitValue() != 0 || line == null) {
            proc.destroyForcibly();
            throw new IllegalStateException("the child JVM " + main.getSimpleName() + " failed: " + all);
        }
        return new Line(line.substring(prefix.length()).trim().split(" "), seen - spawned);
    }
}
