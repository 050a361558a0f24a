package dev.zen.integration.benchmarks;

import com.dylibso.chicory.runtime.Instance;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Facts about the machine and the runtime, for the report. */
final class Machine {
    private Machine() {}

    /** CPU model, cores, RAM, OS, JDK, JVM flags and Chicory version, in display order. */
    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel());
        m.put("Cores available to the JVM", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("RAM", ram());
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")" + osPretty());
        m.put("JDK", System.getProperty("java.runtime.name", "Java") + " " + System.getProperty("java.runtime.version")
                + ", " + System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")");
        m.put("JVM flags (suite)", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("Heap max (suite)", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        m.put("Chicory", chicoryVersion());
        m.put("Load average at start", loadAverage());
        return m;
    }

    static String loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", l);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        String env = System.getenv("PROCESSOR_IDENTIFIER");
        return env != null ? env : System.getProperty("os.arch") + " (model unknown)";
    }

    private static String ram() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return "unknown";
    }

    private static String osPretty() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String l : lines) {
                if (l.startsWith("PRETTY_NAME=")) return ", " + l.substring(12).replace("\"", "");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "";
    }

    /** The Chicory version from its jar (Maven metadata or manifest). */
    static String chicoryVersion() {
        String props = "/META-INF/maven/com.dylibso.chicory/runtime/pom.properties";
        try (var in = Instance.class.getResourceAsStream(props)) {
            if (in != null) {
                var p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null) return v;
            }
        } catch (IOException e) {
            // fall through
        }
        String v = Instance.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }
}
