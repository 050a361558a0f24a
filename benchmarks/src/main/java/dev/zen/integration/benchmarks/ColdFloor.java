package dev.zen.integration.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The floor under a cold start: how long a fresh JVM takes only to load the classes that {@link ColdStart} loads on
 * its way from {@code main} to an open plugin, without running any of the code. The class list comes from a
 * {@code ColdStart} child run with {@code -Xlog:class+load}; this class's {@link #main} is the child that loads them
 * ({@code Class.forName} without initialising) and prints {@code ZEN_FLOOR <nanos> <loaded> <failed>}.
 */
final class ColdFloor {
    /** The prefix of the result line. */
    static final String PREFIX = "ZEN_FLOOR ";
    /** {@code -Xlog:class+load} output without decorations: a class name and where it came from. */
    private static final Pattern LOADED = Pattern.compile("^(\\S+) source: (.*)$");

    private ColdFloor() {}

    /**
     * The classes a cold start loaded, by where they came from.
     *
     * @param list        a file with their names, one a line, in load order (hidden classes left out: they are
     *                    spun, not loaded by name)
     * @param fromArchive classes mapped from the JDK's class-data-sharing archive
     * @param fromJdk     other classes of the JDK's modules
     * @param fromJars    classes of the application's jars (the library, its dependencies, the plugin)
     */
    record Classes(Path list, int fromArchive, int fromJdk, int fromJars) {
        int total() {
            return fromArchive + fromJdk + fromJars;
        }
    }

    /** The JVM option that makes a child write its class-load log to {@code log}. */
    static String logOption(Path log) {
        return "-Xlog:class+load=info:file=" + log + ":none";
    }

    /** Reads a class-load log and writes the list of the classes loaded by name next to it. */
    static Classes classesOf(Path log) throws IOException {
        List<String> names = new ArrayList<>();
        int archive = 0;
        int jdk = 0;
        int jars = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = LOADED.matcher(line.trim());
            if (!m.matches() || m.group(1).contains("/0x") || m.group(2).startsWith("__")) continue;
            names.add(m.group(1));
            String source = m.group(2);
            if (source.contains("shared objects file")) archive++;
            else if (source.startsWith("jrt:/")) jdk++;
            else jars++;
        }
        Path list = log.resolveSibling("cold-classes.txt");
        Files.write(list, names);
        return new Classes(list, archive, jdk, jars);
    }

    /** Loads every class named in the file {@code args[0]} without initialising it, and reports the time. */
    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        List<String> names = Files.readAllLines(Path.of(args[0]));
        ClassLoader loader = ColdFloor.class.getClassLoader();
        int loaded = 0;
        int failed = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                failed++; // e.g. a class only a plugin's own class loader sees; counted, not fatal
            }
        }
        System.out.println(PREFIX + (System.nanoTime() - t0) + " " + loaded + " " + failed);
    }
}
