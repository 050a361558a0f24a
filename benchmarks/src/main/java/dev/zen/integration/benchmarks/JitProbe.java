package dev.zen.integration.benchmarks;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Reproduces Java 17's C2 miscompilation of Chicory's unsigned i32 comparisons (dylibso/chicory#755, #843): each
 * round starts a fresh child JVM with only the JVM options given here (no {@code CompileCommand} flags unless
 * passed; besides them only {@code -Dslf4j.provider} for {@link JitProbeLogs}), which starts a FakeJira, opens the
 * Jira plugin, calls {@code map_to_zen}, {@code map_to_external} and {@code update_task} thousands of times with
 * varied inputs (enough for C2 to compile the plugin's hot code; a fresh handle every 500 calls), checks every
 * answer and closes. A round counts as an abort when it ends in a trap, an abort, a wrong answer, or a warning or
 * error logged by the runtime (the "Allocation too large" abort shows in the {@code cleanup} call at close, which the
 * runtime only logs). Prints the rounds, the aborts and the options; exits 1 when a round aborted. Pass
 * {@code --jvm=-Ddev.zen.plugin.jitDirective=false} to run without the registry's run-time compiler directive.
 *
 * <pre>{@code
 * mvn -o -q -pl benchmarks -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/cp.txt)" dev.zen.integration.benchmarks.JitProbe \
 *     --rounds=80 --calls=2000 --parallel=2 [--jvm=<option>]...
 * }</pre>
 */
public final class JitProbe {
    private static final String CHILD = "--child";
    private static final int PER_HANDLE = 500;
    private static final int ISSUES = 20;

    private JitProbe() {
    }

    /** {@code --rounds=N --calls=M --parallel=P --jvm=<option>} (repeatable); {@code --child} runs one round. */
    public static void main(String[] args) throws Exception {
        int rounds = 80;
        int calls = 2000;
        int parallel = 1;
        List<String> jvm = new ArrayList<>();
        boolean child = false;
        for (String a : args) {
            if (a.equals(CHILD)) child = true;
            else if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring(9));
            else if (a.startsWith("--calls=")) calls = Integer.parseInt(a.substring(8));
            else if (a.startsWith("--parallel=")) parallel = Integer.parseInt(a.substring(11));
            else if (a.startsWith("--jvm=")) jvm.add(a.substring(6));
            else throw new IllegalArgumentException("unknown argument: " + a);
        }
        if (child) {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // FakeJira: no 40 ms delayed ACKs
            System.exit(round(calls, System.nanoTime()));
        }
        System.exit(parent(rounds, calls, parallel, jvm) == 0 ? 0 : 1);
    }

    private static int parent(int rounds, int calls, int parallel, List<String> jvm) throws Exception {
        System.out.printf("java %s, JVM options: %s, %d rounds x %d calls%n", Runtime.version(),
                jvm.isEmpty() ? "(none)" : String.join(" ", jvm), rounds, calls);
        int aborts = 0;
        int done = 0;
        long start = System.nanoTime();
        while (done < rounds) {
            List<Process> batch = new ArrayList<>();
            for (int i = 0; i < parallel && done + i < rounds; i++) batch.add(start(calls, jvm));
            for (Process p : batch) {
                String out = read(p);
                int rc = p.waitFor();
                done++;
                if (rc != 0) {
                    aborts++;
                    System.out.printf("round %d: ABORT (exit %d) %s%n", done, rc, out.strip());
                } else {
                    System.out.printf("round %d: ok %s%n", done, out.strip());
                }
            }
        }
        System.out.printf("RESULT rounds=%d aborts=%d calls=%d jvm=[%s] java=%s (%d s)%n", rounds, aborts, calls,
                String.join(" ", jvm), Runtime.version(), (System.nanoTime() - start) / 1_000_000_000L);
        return aborts;
    }

    private static Process start(int calls, List<String> jvm) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-Dslf4j.provider=" + JitProbeLogs.class.getName());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(JitProbe.class.getName());
        cmd.add(CHILD);
        cmd.add("--calls=" + calls);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return pb.start();
    }

    private static String read(Process p) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (sb.length() < 2000) sb.append(line).append(' ');
            }
        }
        return sb.toString();
    }

    /**
     * One round in this JVM: 0 when every answer was right and every handle closed cleanly, 2 otherwise. A handle
     * (a fresh plugin instance) serves {@code PER_HANDLE} calls and is closed, as hosts do.
     */
    private static int round(int calls, long seed) {
        Random random = new Random(seed);
        int i = 0;
        try (FakeJira jira = FakeJira.start();
                WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of())
                        .credentialProvider(ref -> Optional.of(
                                Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                        .build()) {
            for (int k = 1; k <= ISSUES; k++) jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Issue " + k).build());
            PluginConfig config = PluginConfig.builder("jira").setting("server_url", jira.baseUrl().toString())
                    .setting("project_key", FakeJira.DEFAULT_PROJECT).credentialsRef("basic").build();
            while (i < calls) {
                try (Plugin plugin = registry.open(config)) {
                    for (int end = Math.min(calls, i + PER_HANDLE); i < end; i++) {
                        String wrong = call(plugin, random, i);
                        if (wrong != null) {
                            System.out.println("wrong answer at call " + i + ": " + abbreviate(wrong));
                            return 2;
                        }
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            System.out.println("at call " + i + ": " + e);
            return 2;
        }
        if (JitProbeLogs.PROBLEMS.get() > 0) {
            System.out.println(calls + " calls, but the runtime logged " + JitProbeLogs.PROBLEMS.get() + " problem(s)");
            return 3;
        }
        System.out.println(calls + " calls");
        return 0;
    }

    /** One call with a varied input; null when the answer holds the title, the answer otherwise. */
    private static String call(Plugin plugin, Random random, int i) {
        String title = text(random, 1 + random.nextInt(i % 7 == 0 ? 250 : 40));
        // long descriptions now and then, within Jira's 32,767 characters (the plugin refuses longer ones)
        int body = i % 50 == 0 ? random.nextInt(32_000) : random.nextInt(600);
        String out = switch (i % 3) {
            case 0 -> plugin.call(PluginOperation.MAP_TO_ZEN, issue(random, i, title, body));
            case 1 -> plugin.call(PluginOperation.MAP_TO_EXTERNAL, zen(random, title, body));
            default -> plugin.call(PluginOperation.UPDATE_TASK, "{\"id\":\"SYNC-" + (1 + random.nextInt(ISSUES)) + "\","
                    + zen(random, title, body).substring(1));
        };
        return out.contains(json(title)) ? null : out;
    }

    private static String issue(Random r, int n, String title, int body) {
        StringBuilder labels = new StringBuilder();
        for (int k = r.nextInt(6); k > 0; k--) labels.append(labels.length() == 0 ? "" : ",").append('"')
                .append("l").append(r.nextInt(1000)).append('"');
        return "{\"raw\":{\"id\":\"" + (10000 + n) + "\",\"key\":\"SYNC-" + n + "\",\"fields\":{"
                + "\"summary\":\"" + json(title) + "\","
                + "\"description\":{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"" + json(text(r, body)) + "\"}]}]},"
                + "\"status\":{\"name\":\"" + (r.nextBoolean() ? "In Progress" : "Done")
                + "\",\"statusCategory\":{\"key\":\"indeterminate\"}},"
                + "\"priority\":{\"name\":\"High\"},\"assignee\":{\"displayName\":\"" + json(text(r, 12))
                + "\",\"accountId\":\"5b10\"},\"labels\":[" + labels + "],"
                + "\"created\":\"2026-11-20T10:00:00.000+0000\",\"updated\":\"2026-11-25T11:30:00.000+0000\"}}}";
    }

    private static String zen(Random r, String title, int body) {
        return "{\"fields\":{\"title\":\"" + json(title) + "\",\"priority\":\"High\",\"description\":\""
                + json(text(r, body)) + "\",\"labels\":[\"a\",\"b" + r.nextInt(99) + "\"]}}";
    }

    private static String text(Random r, int length) {
        String alphabet = "abcdefghij KLMNOP 0123456789 .,-*#éü✓";
        StringBuilder sb = new StringBuilder(length);
        for (int k = 0; k < length; k++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString().strip().isEmpty() ? "x" : sb.toString().strip();
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
