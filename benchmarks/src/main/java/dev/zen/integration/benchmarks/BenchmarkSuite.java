package dev.zen.integration.benchmarks;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.postgres.PostgresStores;
import dev.zen.integration.testkit.fake.RecordedRequest;
import dev.zen.integration.testkit.github.FakeGitHub;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every benchmark of issue 9 and writes {@code docs/benchmarks.md}.
 *
 * <pre>
 * mvn -q -ntp -pl zen-integration-bom,benchmarks -am install -DskipTests &amp;&amp; mvn -q -ntp -pl benchmarks exec:exec
 * </pre>
 *
 * <p>Options: {@code --mode=full|quick} (quick: few samples, for checking the harness) and
 * {@code --report=<path>}. Progress goes to standard error. Each measure runs even if an earlier one failed; a
 * failed measure shows as "failed to run" with its error.
 */
public final class BenchmarkSuite {
    /** The command that reproduces a full run, as printed in the report. */
    static final String COMMAND =
            "mvn -q -ntp -pl zen-integration-bom,benchmarks -am install -DskipTests && mvn -q -ntp -pl benchmarks exec:exec";

    private final Params p;
    private final Path work;
    private final Set<String> only;
    private final List<Report.Result> results = new ArrayList<>();
    private final List<Report.Section> sections = new ArrayList<>();
    private final Charts charts;
    private final boolean quick;
    private final InMemoryCredentialProvider credentials = new InMemoryCredentialProvider()
            .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN))
            .put(GitHubBench.CREDENTIALS_REF, Credential.bearer(FakeGitHub.DEFAULT_TOKEN));

    /**
     * How much each measure samples.
     *
     * @param coldWithCache   child JVMs with the compiled cache
     * @param coldNoCache     child JVMs without it
     * @param folders         plugin folders for discovery
     * @param discoverSamples discovery scans measured
     * @param memoryInstances plugin instances opened for the memory figure
     * @param memoryCalls     calls per instance for the figure after sustained use
     * @param jmhIterations   JMH measurement iterations (1 s each)
     * @param latencyTasks    linked tasks the latency samples rotate over
     * @param latencyWarmup   warm-up syncs per client
     * @param latencySamples  measured syncs per client
     * @param fileSamples     measured syncs with the file stores
     * @param throughputTasks tasks in the throughput batch
     * @param concurrent      concurrent sync operations
     * @param postgresBatch   edited tasks of the PostgreSQL throughput batch (the scaling rows size themselves: ScaleBench)
     * @param scopeIssues     issues of the whole-project import and poll
     */
    record Params(int coldWithCache, int coldNoCache, int folders, int discoverSamples, int memoryInstances,
                  int memoryCalls, int jmhIterations,
                  int latencyTasks, int latencyWarmup, int latencySamples, int fileSamples, int throughputTasks,
                  int concurrent, int postgresBatch, int scopeIssues) {
        static Params of(String mode) {
            return switch (mode) {
                case "full" -> new Params(20, 10, 200, 50, 20, 300, 5, 200, 600, 1000, 200, 2000, 1000, 200, 10_000);
                case "quick" -> new Params(3, 2, 200, 10, 5, 100, 2, 50, 100, 100, 30, 300, 1000, 50, 500);
                default -> throw new IllegalArgumentException("--mode must be full or quick, not " + mode);
            };
        }
    }

    private BenchmarkSuite(Params p, Path work, Set<String> only, boolean quick) {
        this.charts = new Charts(quick);
        this.quick = quick;
        this.p = p;
        this.work = work;
        this.only = only;
    }

    /**
     * Runs the suite.
     *
     * @param args {@code --mode=full|quick}, {@code --report=<path>} (default {@code docs/benchmarks.md} of the
     *             working directory)
     */
    public static void main(String[] args) throws Exception {
        String mode = "full";
        Path report = Path.of("docs", "benchmarks.md");
        Set<String> only = Set.of();
        for (String a : args) {
            if (a.startsWith("--mode=")) mode = a.substring(7);
            else if (a.startsWith("--report=")) report = Path.of(a.substring(9));
            else if (a.startsWith("--only=")) {
                only = a.length() == 7 ? Set.of() : Set.of(a.substring(7).split(","));
            }
            else throw new IllegalArgumentException("unknown option " + a + "; use --mode=full|quick --report=<path> "
                    + "[--only=cold,discovery,jmh,memory,latency,files,throughput,github,concurrent,scaling,postgres,"
                    + "webhooks,scope]");
        }
        long start = System.nanoTime();
        var machine = Machine.describe();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path work = Files.createTempDirectory("zen-bench-");
        BenchmarkSuite suite = new BenchmarkSuite(Params.of(mode), work, only, mode.equals("quick"));
        try {
            suite.runAll();
        } finally {
            deleteTree(work);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        machine.put("Load average at end", Machine.loadAverage());
        int cores = Runtime.getRuntime().availableProcessors();
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String caveat = null;
        if (!only.isEmpty()) mode = mode + ", only " + String.join(",", new TreeSet<>(only));
        if (mode.startsWith("quick")) {
            caveat = "quick mode: few samples, for checking the harness only. Run the full command for real figures.";
        }
        if (loadBefore > cores * 0.5) {
            caveat = (caveat == null ? "" : caveat + " ") + String.format(Locale.ROOT, "The machine was busy when the "
                    + "run started (load average %.1f on %d cores): other processes competed for the CPU, so the "
                    + "figures are noisy and pessimistic. Re-run the command on a quiet machine.", loadBefore, cores);
        }
        String command = mode.equals("full") ? COMMAND : COMMAND + " -Dbench.mode=" + mode.split(",")[0]
                + (only.isEmpty() ? "" : " -Dbench.only=" + String.join(",", new TreeSet<>(only)));
        List<Report.Section> sections = new ArrayList<>(suite.sections);
        sections.add(suite.chartsSection(report));
        sections.add(Findings.section());
        sections.add(howToRun());
        Report r = new Report(Instant.now(), command, wall, mode, caveat, machine, settings(), suite.results,
                sections);
        ReportWriter.write(r, report);
        System.err.printf(Locale.ROOT, "wrote %s in %d s (load average %.2f -> %.2f)%n", report.toAbsolutePath(),
                wall.toSeconds(), loadBefore, loadAfter);
    }

    /** Draws the charts next to the report; a drawing failure is reported in the section, not thrown. */
    private Report.Section chartsSection(Path report) {
        List<String> lines = new ArrayList<>();
        try {
            lines.addAll(charts.write(report.toAbsolutePath().getParent()));
        } catch (IOException | RuntimeException | LinkageError e) {
            e.printStackTrace();
            lines.add("Charts not drawn: " + e);
        }
        if (lines.isEmpty()) lines.add("No chart: none of the charted measures ran.");
        lines.add("Drawn by the suite with XChart (headless) into `" + Charts.FOLDER + "/` next to this file: latency "
                + "of every measured push sync by percentile, cost per task against the number of linked tasks "
                + "(scaling rows), and the cold-load phases with and without pre-compilation (P50).");
        return new Report.Section("Charts", lines);
    }

    private static Report.Section howToRun() {
        return new Report.Section("How to run", List.of(
                "From the repository root, on a quiet machine (JDK 17+, Maven; no network beyond Maven Central for a "
                        + "fresh clone): `" + COMMAND + "`. The first part builds and installs the modules the "
                        + "benchmarks use; the second runs `BenchmarkSuite` in a fresh JVM (`-Xms1g -Xmx1g`) and "
                        + "rewrites this file. A full run takes about 7 minutes on a quiet 2-core machine and up to 20 on a "
                        + "busy one, most of it in the scaling rows (they set up 100,000 linked tasks twice, and delete a "
                        + "2 GB workspace).",
                "",
                "Options (system properties of the second command): `-Dbench.mode=quick` for a short run that only "
                        + "checks the harness; `-Dbench.only=cold,discovery,jmh,memory,latency,files,throughput,"
                        + "github,concurrent,scaling,postgres,webhooks,scope` (any subset) to run some measures; "
                        + "`-Dbench.report=<path>` "
                        + "to write "
                        + "elsewhere. The figures are targets to measure against, not tests: nothing fails when one "
                        + "is missed. `mvn -pl benchmarks verify` only builds the module and runs the unit tests of "
                        + "the statistics and this report's writer."));
    }

    private static List<String> settings() {
        return List.of(
                "FakeJira (zen-integration-testkit) in the same JVM on loopback, logging off (slf4j-nop); it serves "
                        + "requests on a cached thread pool and applies them one at a time.",
                "Resilience profile of every sync benchmark (ResilientProviderCalls, per provider): rate limit "
                        + "**1,000,000 plugin calls/min** (default 300/min, which would cap a provider at 150 push "
                        + "syncs/min), bulkhead **64** concurrent calls (default 4), retry and circuit breaker at "
                        + "their defaults (5 attempts, 1 s backoff; opens after 5 consecutive failures for 30 s), "
                        + "timeout 2 min. Set with `ProviderConfig.builder(..).resilience(ResilienceConfig.builder()"
                        + ".requestsPerMinute(1_000_000).maxConcurrentCalls(64).build())`.",
                "Engine parallelism **" + SyncBench.PARALLELISM + "** (`ZenIntegration.Builder.parallelism`; the "
                        + "default is the core count, between 2 and 8); plugin instances per opened plugin: 8 (the "
                        + "default `maxInstancesPerPlugin`).",
                "A *push sync* edits a linked task's title in Zen, then syncs that task: `get_task_data` (1 HTTP "
                        + "GET with changelog) + `update_task` (`PUT ?returnIssue=true&expand=changelog`, planned on "
                        + "the plugin instance's snapshot of that read; its answer is the item) = 2 plugin calls, "
                        + "2 HTTP exchanges (4 before issue 22: GET, GET, PUT, GET). Its latency is the "
                        + "`ZenIntegration.sync` call alone. Stores are the "
                        + "in-memory ones (`InMemoryTaskStore`, `InMemorySyncRecordStore`, `InMemoryLockProvider`) "
                        + "unless a row says *file stores*.",
                "FakeJira's HTTP server runs with `-Dsun.net.httpserver.nodelay=true`: without it every response "
                        + "waits for a delayed ACK (see the last section).",
                "Cold loads run in child JVMs (`java -cp <same classpath> ColdStart`, no JIT flags: the pre-compiled "
                        + "classes need no Java 17 directive, and the registry adds it itself before running a "
                        + "module compiled at run time); load = registry build with classpath discovery + "
                        + "verify + the jar's pre-compiled classes (or compile, or read the cache) + ABI probe + "
                        + "open (first instance and `init`), timed inside the child.",
                "Percentiles are nearest-rank over all samples (no interpolation).");
    }

    private void runAll() {
        measure("cold", "cold plugin load", this::coldLoad);
        measure("discovery", "discovery and warm load", this::discoveryAndWarmLoad);
        measure("jmh", "JMH micro-benchmarks", this::jmh);
        Timed.TimedHttpClient wasmHttp = Timed.TimedHttpClient.runtimeDefault();
        Timed.TimedHttpClient directHttp = Timed.TimedHttpClient.runtimeDefault();
        // the memory figure keeps 20 Jira instances alive at once; each reserves its 32 MiB memory_limit from the
        // registry's budget, more than the default half of this JVM's 1 GiB holds (they use about 1.3 MiB each)
        try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of())
                .credentialProvider(credentials).httpClient(wasmHttp)
                .memoryBudget(Runtime.getRuntime().maxMemory()).build()) {
            // each measure gets a fresh FakeJira, so none pays for the issues an earlier one created
            measure("memory", "memory per instance", () -> withJira(jira -> memory(jira, registry)));
            measure("latency", "sync latency and WASM overhead",
                    () -> withJira(jira -> latency(jira, registry, wasmHttp, directHttp)));
            measure("files", "sync latency with file stores",
                    () -> withJira(jira -> fileStoreLatency(jira, registry, wasmHttp)));
            measure("throughput", "throughput", () -> throughput(registry, wasmHttp, directHttp));
            measure("github", "GitHub: sync latency and throughput", () -> github(registry));
            measure("concurrent", "1,000 concurrent syncs",
                    () -> withJira(jira -> concurrent(jira, registry, wasmHttp)));
            measure("scaling", "scaling", () -> scaling(registry, wasmHttp));
            measure("postgres", "PostgreSQL stores and instances", () -> postgres(registry, wasmHttp));
            measure("scope", "whole-project import and poll", () -> scope(registry, wasmHttp));
            measure("webhooks", "webhook-to-synced latency", () -> withJira(jira -> webhooks(jira, registry, wasmHttp)));
        }
    }

    // -------------------------------------------------------------------------------------------- webhooks

    /**
     * Edit in FakeJira to task synced, through a signed webhook on loopback: with the receiver's default coalescing
     * window (200 ms, the price of folding bursts into one sync) and with a 5 ms one (the path's own cost).
     */
    private void webhooks(FakeJira jira, WasmPluginRegistry registry, Timed.TimedHttpClient http) throws Exception {
        try (SyncBench bench = new SyncBench(jira, registry, http, SyncBench.Client.WASM, null)) {
            List<String> tasks = bench.createLinked(20);
            List<String> keys = tasks.stream().map(id -> bench.zen.recordStore().find(id).orElseThrow()
                    .externalId()).toList();
            int n = p.fileSamples();
            List<String> lines = new ArrayList<>();
            lines.add("FakeJira on loopback sends the signed `jira:issue_updated` delivery of a simulated user edit to a "
                    + "JDK `HttpServer` endpoint with a `WebhookReceiver`; its target syncs the linked task through the "
                    + "engine and the WASM Jira plugin (read the issue, pull the summary). Timed from the edit to the "
                    + "end of that sync, " + n + " edits over " + tasks.size() + " linked tasks after 20 warm-up "
                    + "edits, one at a time (no bursts to coalesce).");
            for (Duration window : List.of(Duration.ofMillis(200), Duration.ofMillis(5))) {
                try (WebhookBench wb = new WebhookBench(bench, window)) {
                    for (int i = 0; i < 20; i++) wb.editAndAwait(tasks.get(i % 20), keys.get(i % 20), "Warm " + i);
                    long[] samples = new long[n];
                    for (int i = 0; i < n; i++) {
                        samples[i] = wb.editAndAwait(tasks.get(i % 20), keys.get(i % 20), "Edit " + window + " " + i);
                    }
                    Stats s = Stats.ofNanos(samples);
                    results.add(Report.Result.reported("Webhook to synced, Jira edit to task updated, coalescing window "
                            + window.toMillis() + " ms (" + n + " edits)", s.p50p95()));
                    lines.add("Window " + window.toMillis() + " ms: " + s.p50p95() + ", max "
                            + String.format(Locale.ROOT, "%.2f ms", s.max()) + ".");
                }
            }
            sections.add(new Report.Section("Webhook to synced", lines));
        }
    }

    private interface JiraBench {
        void run(FakeJira jira) throws Exception;
    }

    private static void withJira(JiraBench bench) throws Exception {
        try (FakeJira jira = FakeJira.start()) {
            bench.run(jira);
        }
    }

    private interface Bench {
        void run() throws Exception;
    }

    private void measure(String key, String name, Bench bench) {
        if (!only.isEmpty() && !only.contains(key)) return;
        System.err.println("== " + name);
        long t = System.nanoTime();
        try {
            bench.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            results.add(new Report.Result(name, "error: " + e, "-", Report.Verdict.FAILED));
        }
        System.err.printf(Locale.ROOT, "   %s took %.1f s%n", name, (System.nanoTime() - t) / 1e9);
    }

    // -------------------------------------------------------------------------------------------- cold load

    /** The JIT flag of the CLI start-up recipe (docs/operations.md): C1 only. */
    private static final String CLI_C1_ONLY = "-XX:TieredStopAtLevel=1";

    private void coldLoad() throws Exception {
        Path cache = work.resolve("compiled-cache");
        List<String> cp = coldClasspath();
        List<String> runtimeCompiled = List.of("-D" + WasmPluginRegistry.Builder.PRECOMPILED_PROPERTY + "=false");
        child(cp, runtimeCompiled, cache.toString()); // fills the cache (and the OS file cache)
        child(cp, List.of(), "none");
        List<long[]> pre = new ArrayList<>();
        List<long[]> withCache = new ArrayList<>();
        List<long[]> noCache = new ArrayList<>();
        for (int i = 0; i < p.coldWithCache(); i++) { // interleaved, so machine load hits both alike
            pre.add(child(cp, List.of(), "none"));
            withCache.add(child(cp, runtimeCompiled, cache.toString()));
        }
        for (int i = 0; i < p.coldNoCache(); i++) noCache.add(child(cp, runtimeCompiled, "none"));
        // the same with an application class-data-sharing archive (JDK 13+), a deployment option for fast starts
        Path jsa = work.resolve("zen-cold.jsa");
        List<long[]> withCds = new ArrayList<>();
        List<long[]> recipe = new ArrayList<>(); // docs/operations.md's start-up recipe for CLI hosts
        String cdsNote = null;
        try {
            child(cp, List.of("-XX:ArchiveClassesAtExit=" + jsa), "none");
            for (int i = 0; i < p.coldWithCache(); i++) {
                withCds.add(child(cp, List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:on"), "none"));
                recipe.add(child(cp, List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:on", CLI_C1_ONLY), "none"));
            }
        } catch (IllegalStateException e) {
            cdsNote = "not measured: " + e.getMessage().lines().findFirst().orElse("");
            withCds.clear();
            recipe.clear();
        }
        coldResults(pre, withCache, noCache, withCds, recipe);
        coldChart("pre-compiled", pre);
        coldChart("run-time compiled, cache", withCache);
        coldChart("run-time compiled", noCache);
        if (!withCds.isEmpty()) coldChart("pre-compiled + AppCDS", withCds);
        if (!recipe.isEmpty()) coldChart("+ AppCDS + C1 only", recipe);
        sections.add(new Report.Section("Cold plugin load", coldLines(pre, withCache, noCache, withCds, recipe,
                cdsNote)));
        coldFloor(cp, column(pre, 3));
    }

    /**
     * The floor under the cold rows: a fresh JVM that only loads the classes a cold start loads, running none of
     * their code. When that alone takes longer than a target, no change to what the code does can meet it.
     */
    private void coldFloor(List<String> cp, Stats coldStarts) throws IOException, InterruptedException {
        Path log = work.resolve("cold-classes.log");
        child(cp, List.of(ColdFloor.logOption(log)), "none");
        ColdFloor.Classes classes = ColdFloor.classesOf(log);
        long[] nanos = new long[Math.max(3, p.coldNoCache())];
        String[] last = null;
        for (int i = 0; i < nanos.length; i++) {
            last = ChildJvm.run(cp, List.of(), ColdFloor.class, List.of(classes.list().toString()), ColdFloor.PREFIX)
                    .fields();
            nanos[i] = Long.parseLong(last[0]);
        }
        Stats floor = Stats.ofNanos(nanos);
        int cores = Runtime.getRuntime().availableProcessors();
        results.add(Report.Result.reported("Floor under the cold load: a fresh JVM only loading the " + classes.total()
                + " classes that `main` to an open plugin loads, running none of them (" + nanos.length + " JVMs)",
                floor.p50p95()));
        sections.add(new Report.Section("Floor under a cold start", List.of(String.format(Locale.ROOT,
                "A pre-compiled cold start (`main` to an open plugin, P50 %s above) loads %,d classes by name: %,d "
                        + "mapped from the JDK's class-data-sharing archive, %,d from the JDK's modules and %,d from "
                        + "the jars (the library, its dependencies and the plugin's classes), plus hidden classes "
                        + "(lambdas) that are spun, not loaded. A fresh JVM on the same classpath that only loads those "
                        + "classes in the same order (`Class.forName` without initialising them; `ColdFloor`) takes "
                        + "%s; %s of them loaded. That is a floor under the cold rows without start-up flags: "
                        + "whatever the code does once loaded comes on top. The cold start loads on several threads, "
                        + "so the strict bound is this time spread over the machine's %d cores: %s at P50. An AppCDS "
                        + "archive (the recipe rows) maps the jars' classes too, already parsed and verified.",
                Stats.ms(coldStarts.p50()), classes.total(), classes.fromArchive(), classes.fromJdk(),
                classes.fromJars(), floor.summary(), last[1], cores, Stats.ms(floor.p50() / cores)))));
    }

    private void coldChart(String name, List<long[]> runs) {
        charts.coldPhases.put(name, new double[] {p50(runs, 0), p50(runs, 1), p50(runs, 2)});
    }

    private void coldResults(List<long[]> pre, List<long[]> withCache, List<long[]> noCache, List<long[]> withCds,
                             List<long[]> recipe) {
        Stats a = column(pre, 3);
        results.add(Report.Result.against("Plugin load, fresh JVM, main to open handle, pre-compiled first-party "
                + "plugin (" + a.count() + " JVMs)", a.p50p95(), "< 100 ms P95", a.p95() < 100));
        Stats first = column(pre, 5);
        results.add(Report.Result.against("Fresh JVM to first successful guest call, whole process (spawn to "
                + "`init` returned), pre-compiled (" + first.count() + " JVMs)", first.p50p95(), "< 250 ms P95",
                first.p95() < 250));
        Stats c = column(withCache, 3);
        results.add(Report.Result.reported("Plugin load, fresh JVM, compiled at run time, persisted compiled cache ("
                + c.count() + " JVMs)", c.p50p95()));
        Stats n = column(noCache, 3);
        results.add(Report.Result.reported("Plugin load, fresh JVM, compiled at run time, no persisted cache ("
                + n.count() + " JVMs)", n.p50p95()));
        if (!withCds.isEmpty()) {
            Stats d = column(withCds, 3);
            results.add(Report.Result.reported("Plugin load, fresh JVM, pre-compiled + AppCDS archive ("
                    + d.count() + " JVMs)", d.p50p95()));
        }
        if (!recipe.isEmpty()) {
            Stats r = column(recipe, 3);
            results.add(Report.Result.against("Plugin load, fresh JVM, main to open handle, with the CLI start-up "
                    + "recipe (pre-compiled + AppCDS + `" + CLI_C1_ONLY + "`, " + r.count() + " JVMs)",
                    r.p50p95(), "< 100 ms P95", r.p95() < 100));
            Stats rf = column(recipe, 5);
            results.add(Report.Result.against("Fresh JVM to first successful guest call, whole process, with the "
                    + "CLI start-up recipe (" + rf.count() + " JVMs)", rf.p50p95(), "< 250 ms P95", rf.p95() < 250));
        }
    }

    private static List<String> coldLines(List<long[]> pre, List<long[]> withCache, List<long[]> noCache,
                                          List<long[]> withCds, List<long[]> recipe, String cdsNote) {
        List<String> lines = new ArrayList<>();
        lines.add("Timed inside each child JVM from `main` to an open plugin; P50 of each phase:");
        lines.add("");
        lines.add("| | registry build (keys, classpath discovery) | load (verify, parse, pre-compiled "
                + "classes or compile or read cache, probe) | open (instance + init) | total P50 | total P95 | JVM "
                + "uptime at open, P50 | spawn to open, P50 |");
        lines.add("|---|---|---|---|---|---|---|---|");
        lines.add(coldRow("pre-compiled (jar classes)", pre));
        lines.add(coldRow("compiled at run time, persisted cache", withCache));
        lines.add(coldRow("compiled at run time, no cache", noCache));
        if (!withCds.isEmpty()) lines.add(coldRow("pre-compiled + AppCDS", withCds));
        if (!recipe.isEmpty()) lines.add(coldRow("pre-compiled + AppCDS + C1 only (CLI recipe)", recipe));
        lines.add("");
        lines.add("All cold samples, main to open (ms): pre-compiled " + samples(pre) + "; persisted cache "
                + samples(withCache) + "; no cache " + samples(noCache)
                + (withCds.isEmpty() ? "" : "; pre-compiled + AppCDS " + samples(withCds))
                + (recipe.isEmpty() ? "" : "; CLI recipe " + samples(recipe)) + ".");
        lines.add("");
        lines.add("The child classpath is the suite's jars plus a jar holding `ColdStart` (AppCDS archives only "
                + "jars). Pre-compiled and runtime-compiled children alternate. Runtime-compiled children run with `-D"
                + WasmPluginRegistry.Builder.PRECOMPILED_PROPERTY + "=false`. AppCDS (a recipe for hosts, see "
                + "docs/operations.md): one run with `-XX:ArchiveClassesAtExit=<file>`, then "
                + "`-XX:SharedArchiveFile=<file> -Xshare:on`; the CLI recipe adds `" + CLI_C1_ONLY + "` (C1 only: "
                + "less compilation competing for the cores at start, and no C2 that could miscompile code compiled at run "
                + "time; slower peak "
                + "speed, right for a short-lived process)" + (cdsNote == null ? "." : "; " + cdsNote + "."));
        return lines;
    }

    private static Stats column(List<long[]> runs, int column) {
        return Stats.ofNanos(runs.stream().mapToLong(a -> a[column]).toArray());
    }

    /** The jars of this JVM's classpath plus a jar with the children's classes, written to the work folder. */
    private List<String> coldClasspath() throws IOException {
        Path jar = work.resolve("coldstart.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : List.of(ColdStart.class, ColdFloor.class, ColdFloor.Classes.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                try (InputStream in = BenchmarkSuite.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) throw new IllegalStateException(entry + " is not on the classpath");
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        List<String> cp = new ArrayList<>();
        cp.add(jar.toString());
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e))) cp.add(e);
        }
        return cp;
    }

    private static String coldRow(String name, List<long[]> runs) {
        return "| " + name + " | " + Stats.ms(p50(runs, 0)) + " | " + Stats.ms(p50(runs, 1)) + " | "
                + Stats.ms(p50(runs, 2)) + " | " + Stats.ms(p50(runs, 3)) + " | "
                + Stats.ms(column(runs, 3).p95()) + " | "
                + Stats.ms(Stats.ofMillis(runs.stream().mapToDouble(a -> a[4]).toArray()).p50()) + " | "
                + Stats.ms(p50(runs, 5)) + " |";
    }

    private static double p50(List<long[]> runs, int column) {
        return Stats.ofNanos(runs.stream().mapToLong(a -> a[column]).toArray()).p50();
    }

    private static String samples(List<long[]> runs) {
        return String.join(", ", runs.stream().map(a -> String.format(Locale.ROOT, "%.0f", a[3] / 1e6)).toList());
    }

    /**
     * Runs ColdStart in a fresh JVM; returns discover, load, open, total (ns), uptime (ms) and spawn to the result
     * line, printed once {@code init} returned (ns).
     */
    private static long[] child(List<String> classpath, List<String> jvmArgs, String cacheArg)
            throws IOException, InterruptedException {
        ChildJvm.Line line = ChildJvm.run(classpath, jvmArgs, ColdStart.class, List.of(cacheArg), ColdStart.PREFIX);
        String[] f = line.fields();
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), line.spawnToLineNanos()};
    }

    // -------------------------------------------------------------------------------------------- discovery

    private void discoveryAndWarmLoad() throws Exception {
        Path dir = writePluginFolders();
        long t0 = System.nanoTime();
        try (WasmPluginRegistry registry = WasmPluginRegistry.builder().pluginDirectories(List.of(dir))
                .scanClasspath(false).credentialProvider(credentials).build()) {
            double first = (System.nanoTime() - t0) / 1e6;
            List<PluginDescriptor> found = registry.list();
            long usable = found.stream().filter(d -> d.state() == PluginDescriptor.State.DISCOVERED).count();
            if (usable != p.folders()) {
                throw new IllegalStateException("expected " + p.folders() + " discovered plugins, got " + usable + ": "
                        + found.stream().filter(d -> d.failureReason() != null).findFirst());
            }
            Stats d = rescans(registry);
            results.add(Report.Result.against("Discovery of " + p.folders() + " plugin folders (`discover()`)",
                    d.p50p95(), "< 100 ms", d.p95() < 100));
            warmLoad(registry, first, d);
        }
    }

    /** {@code p.folders()} plugin folders {@code bench-000}, ..., each holding the Jira plugin under its own name. */
    private Path writePluginFolders() throws IOException {
        Path dir = work.resolve("plugins");
        byte[] wasm = resource("META-INF/zen-plugins/jira/jira.wasm");
        String manifest = new String(resource("META-INF/zen-plugins/jira/manifest.yaml"), StandardCharsets.UTF_8);
        for (int i = 0; i < p.folders(); i++) {
            String name = String.format(Locale.ROOT, "bench-%03d", i);
            Path f = Files.createDirectories(dir.resolve(name));
            Files.write(f.resolve("jira.wasm"), wasm);
            // renamed, so the release signature no longer covers it: the copies are unsigned folder plugins
            Files.writeString(f.resolve("manifest.yaml"), manifest.replace("name: jira", "name: " + name)
                    .replaceAll("(?m)^\\s*signature:.*\\R", ""));
        }
        return dir;
    }

    /** Times {@code discover()} rescans of the folders, after 10 unmeasured ones. */
    private Stats rescans(WasmPluginRegistry registry) {
        for (int i = 0; i < 10; i++) registry.discover();
        long[] scans = new long[p.discoverSamples()];
        for (int i = 0; i < scans.length; i++) {
            long t = System.nanoTime();
            int n = registry.discover().size();
            scans[i] = System.nanoTime() - t;
            if (n != p.folders()) throw new IllegalStateException("discover() found " + n);
        }
        return Stats.ofNanos(scans);
    }

    /**
     * Warm load: the JVM and the compiled module are warm (every folder holds the same module, so after the first
     * load the registry's compiled-module cache has it); each sample loads a plugin not loaded yet (read, SHA-256
     * verify, import/export checks, ABI probe) and opens it (first instance + init).
     */
    private void warmLoad(WasmPluginRegistry registry, double first, Stats d) throws IOException {
        long tc = System.nanoTime();
        openAndClose(registry, "bench-000");
        double compileMs = (System.nanoTime() - tc) / 1e6;
        int n = p.folders() - 1;
        long[] loads = new long[n];
        long[] loadOnly = new long[n];
        for (int i = 1; i <= n; i++) {
            String name = String.format(Locale.ROOT, "bench-%03d", i);
            long t = System.nanoTime();
            registry.load(name);
            long t1 = System.nanoTime();
            try (Plugin plugin = registry.open(config(name, "http://127.0.0.1:9"))) {
                loads[i - 1] = System.nanoTime() - t;
                loadOnly[i - 1] = t1 - t;
            }
        }
        Stats w = Stats.ofNanos(Arrays.stream(loads).skip(n / 4).toArray());
        Stats wl = Stats.ofNanos(loadOnly);
        results.add(Report.Result.against("Plugin load, warm (load + open, compiled module in memory)",
                w.p50p95(), "< 5 ms", w.p95() < 5));
        Stats o = reopens(registry);
        results.add(Report.Result.reported("Open one more handle of a loaded plugin (instance + init)",
                o.p50p95()));
        sections.add(new Report.Section("Discovery and warm load", List.of(
                p.folders() + " folders, each a valid plugin (`manifest.yaml` with its SHA-256 checksum and the "
                        + "Jira plugin's " + resource("META-INF/zen-plugins/jira/jira.wasm").length / 1000
                        + " KB `jira.wasm`), scanned by `WasmPluginRegistry.discover()` "
                        + "(classpath scan off). First scan in the JVM (inside `build()`): "
                        + Stats.ms(first) + "; then " + d.summary() + ".",
                "",
                "Warm load, sampled over the last " + (n - n / 4) + " of " + n + " plugins (the first quarter "
                        + "warms the JIT): " + w.summary() + ". The load step alone (`load(name)`: read, verify, "
                        + "checks, probe instance): " + wl.p50p95() + ". The very first load in the JVM, "
                        + "including compilation to bytecode: " + Stats.ms(compileMs) + ".",
                "",
                "Open of a further handle of an already loaded plugin (new instance + `init`, then close): "
                        + o.summary() + ".")));
    }

    /** Times 100 opens (and closes) of another handle of a loaded plugin, after 20 unmeasured ones. */
    private static Stats reopens(WasmPluginRegistry registry) {
        long[] opens = new long[100];
        for (int i = 0; i < 20; i++) openAndClose(registry, "bench-001");
        for (int i = 0; i < opens.length; i++) {
            long t = System.nanoTime();
            openAndClose(registry, "bench-001");
            opens[i] = System.nanoTime() - t;
        }
        return Stats.ofNanos(opens);
    }

    private static void openAndClose(WasmPluginRegistry registry, String name) {
        try (Plugin ignored = registry.open(config(name, "http://127.0.0.1:9"))) {
            // open creates and initialises the first instance
        }
    }

    private static PluginConfig config(String name, String url) {
        return PluginConfig.builder(name).setting("server_url", url).setting("project_key", "SYNC")
                .credentialsRef("jira-bot").build();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BenchmarkSuite.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is not on the classpath (zen-plugin-jira)");
            return in.readAllBytes();
        }
    }

    // -------------------------------------------------------------------------------------------- JMH

    private void jmh() throws Exception {
        var opts = new org.openjdk.jmh.runner.options.OptionsBuilder()
                .include(Pattern.quote(PluginBenchmarks.class.getName()) + "\\..*")
                .forks(1).warmupIterations(3).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementIterations(p.jmhIterations())
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .jvmArgs("-Xms512m", "-Xmx512m").shouldFailOnError(true)
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT).build();
        List<String> lines = new ArrayList<>();
        lines.add("JMH 1.37, mode SampleTime, 1 fork, 3 x 1 s warm-up, " + p.jmhIterations() + " x 1 s measurement "
                + "(`PluginBenchmarks`; no network).");
        lines.add("");
        lines.add("| benchmark | samples | P50 | P95 | P99 |");
        lines.add("|---|---|---|---|---|");
        for (org.openjdk.jmh.results.RunResult r : new org.openjdk.jmh.runner.Runner(opts).run()) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            var st = r.getPrimaryResult().getStatistics();
            lines.add("| `" + name + "` | " + st.getN() + " | " + Stats.ms(st.getPercentile(50)) + " | "
                    + Stats.ms(st.getPercentile(95)) + " | " + Stats.ms(st.getPercentile(99)) + " |");
            String what = name.equals("openHandle") ? "Open one more handle of a loaded plugin (JMH)"
                    : name.equals("mapToZen") ? "One guest call without I/O, `map_to_zen` of a Jira issue (JMH)" : name;
            results.add(Report.Result.reported(what, "P50 " + Stats.ms(st.getPercentile(50)) + ", P95 "
                    + Stats.ms(st.getPercentile(95))));
        }
        lines.add("");
        lines.add("The warm-load target is measured by the harness (Discovery and warm load), not by JMH: reloading "
                + "one plugin name makes the registry forget its compiled module, so JMH could not repeat a warm "
                + "load.");
        sections.add(new Report.Section("JMH micro-benchmarks", lines));
    }

    // -------------------------------------------------------------------------------------------- memory

    private void memory(FakeJira jira, WasmPluginRegistry registry) {
        String key = jira.seed(NewIssue.builder("SYNC", "Memory probe").description("Some text").build()).key();
        String input = "{\"id\":\"" + key + "\"}";
        try (Plugin warm = registry.open(config("jira", jira.baseUrl().toString()))) {
            for (int i = 0; i < 50; i++) warm.call(PluginOperation.GET_TASK_DATA, input);
        }
        long before = usedHeapAfterGc();
        List<Plugin> open = new ArrayList<>();
        for (int i = 0; i < p.memoryInstances(); i++) {
            Plugin h = registry.open(config("jira", jira.baseUrl().toString()));
            h.call(PluginOperation.GET_TASK_DATA, input);
            open.add(h);
        }
        long after = usedHeapAfterGc();
        // the same instances after sustained use: linear memory never shrinks, so it shows what a busy instance holds
        int calls = p.memoryCalls();
        for (Plugin h : open) {
            for (int i = 1; i < calls; i++) h.call(PluginOperation.GET_TASK_DATA, input);
        }
        long afterUse = usedHeapAfterGc();
        double perInstance = (after - before) / (double) open.size() / (1024 * 1024);
        double perBusyInstance = (afterUse - before) / (double) open.size() / (1024 * 1024);
        for (Plugin h : open) h.close();
        results.add(Report.Result.against("Memory per active plugin instance (" + open.size() + " instances, "
                        + "after 1 call)", String.format(Locale.ROOT, "%.2f MiB", perInstance), "< 4 MiB",
                perInstance < 4));
        results.add(Report.Result.against("Memory per plugin instance after " + calls + " calls each",
                String.format(Locale.ROOT, "%.2f MiB", perBusyInstance), "< 4 MiB", perBusyInstance < 4));
        sections.add(new Report.Section("Memory per instance", List.of(
                "Used heap after full GCs, before and after opening " + open.size() + " handles of the Jira plugin "
                        + "(one instance each, initialised, and each having served one `get_task_data` against "
                        + "FakeJira), divided by the number of instances: " + String.format(Locale.ROOT,
                        "%.1f MiB -> %.1f MiB; after %d calls per instance %.1f MiB", before / 1048576.0,
                        after / 1048576.0, calls, afterUse / 1048576.0) + ". WASM linear "
                        + "memory is a byte array on the Java heap (docs/plugin-runtime.md), so the figure includes it "
                        + "(the Jira module's linear memory plus the instance's Java objects). The compiled module "
                        + "(bytecode, shared by all instances) was loaded before the first measurement. Linear "
                        + "memory only grows; the runtime retires an instance once it reaches 90 % of the "
                        + "manifest's `memory_limit` (32 MiB for Jira), which bounds one instance at about 29 MiB.")));
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    // -------------------------------------------------------------------------------------------- latency

    /** The name prefix of the plugin runtime's sandbox threads, which run guest code. */
    private static final String WORKER_THREADS = "zen-plugin-worker";

    private void latency(FakeJira jira, WasmPluginRegistry registry, Timed.TimedHttpClient wasmHttp,
                         Timed.TimedHttpClient directHttp) throws Exception {
        try (SyncBench wasm = new SyncBench(jira, registry, directHttp, SyncBench.Client.WASM, null);
             SyncBench direct = new SyncBench(jira, registry, directHttp, SyncBench.Client.DIRECT, null)) {
            List<String> wasmTasks = wasm.createLinked(p.latencyTasks());
            List<String> directTasks = direct.createLinked(p.latencyTasks());
            for (int i = 0; i < p.latencyWarmup(); i++) {
                wasm.pushSync(wasmTasks.get(i % wasmTasks.size()));
                direct.pushSync(directTasks.get(i % directTasks.size()));
            }
            wasm.plugin.counter.reset();
            direct.plugin.counter.reset();
            wasmHttp.counter.reset();
            directHttp.counter.reset();
            long[] w = new long[p.latencySamples()];
            long[] d = new long[p.latencySamples()];
            int block = 50;
            long workers = Timed.cpuNanosOfThreads(WORKER_THREADS);
            pushSyncsInBlocks(block, wasm, wasmTasks, w, direct, directTasks, d);
            workers = Timed.cpuNanosOfThreads(WORKER_THREADS) - workers;
            charts.latency.put("Jira, WASM plugin", w);
            charts.latency.put("Jira, direct-Java client", d);
            Stats ws = Stats.ofNanos(w);
            Stats ds = Stats.ofNanos(d);
            // read before the unchanged syncs below add to the counters
            TimeShares shares = new TimeShares(wasm.plugin.counter.msPer(w.length),
                    direct.plugin.counter.msPer(d.length), wasmHttp.counter.msPer(w.length),
                    directHttp.counter.msPer(d.length), wasmHttp.counter.calls.sum() / (double) w.length,
                    directHttp.counter.calls.sum() / (double) d.length,
                    (workers + wasm.plugin.counter.cpuNanos.sum()) / 1e6 / w.length,
                    direct.plugin.counter.cpuNanos.sum() / 1e6 / d.length);
            long[] wu = new long[Math.min(200, p.latencySamples())];
            long[] du = new long[wu.length];
            jira.clearRequests();
            for (int i = 0; i < wu.length; i++) {
                wu[i] = wasm.unchangedSync(wasmTasks.get(i % wasmTasks.size()));
                du[i] = direct.unchangedSync(directTasks.get(i % directTasks.size()));
            }
            double unchangedExchanges = jira.requests().size() / (double) (wu.length + du.length);
            Stats wus = Stats.ofNanos(wu);
            Stats dus = Stats.ofNanos(du);
            latencyResults(ws, ds, wus, dus);
            results.add(Report.Result.against("HTTP exchanges per push sync / unchanged sync, WASM Jira plugin "
                            + "(direct client: the same algorithm)",
                    String.format(Locale.ROOT, "%.2f / %.2f (direct %.2f / %.2f)", shares.wasmExchanges(),
                            unchangedExchanges, shares.directExchanges(), unchangedExchanges), "2 / 1",
                    shares.wasmExchanges() <= 2.05 && unchangedExchanges <= 1.05));
            sections.add(new Report.Section("Single-task sync and WASM overhead",
                    latencyLines(block, ws, ds, wus, dus, shares)));
        }
    }

    /**
     * Mean milliseconds per push sync in plugin calls and in HTTP exchanges, HTTP exchanges per sync, and the CPU
     * milliseconds of the plugin's work per sync (WASM: the sandbox's worker threads plus the calling thread inside
     * {@code Plugin.call}; direct: the calling thread inside {@code Plugin.call}).
     */
    private record TimeShares(double wasmPlugin, double directPlugin, double wasmHttpMs, double directHttpMs,
                              double wasmExchanges, double directExchanges, double wasmCpuMs, double directCpuMs) {}

    /** Push syncs into {@code w} and {@code d} in interleaved blocks, so that both see the same machine state. */
    private static void pushSyncsInBlocks(int block, SyncBench wasm, List<String> wasmTasks, long[] w,
                                          SyncBench direct, List<String> directTasks, long[] d) {
        for (int i = 0; i < w.length; i += block) {
            for (int j = i; j < Math.min(w.length, i + block); j++) {
                w[j] = wasm.pushSync(wasmTasks.get(j % wasmTasks.size()));
            }
            for (int j = i; j < Math.min(d.length, i + block); j++) {
                d[j] = direct.pushSync(directTasks.get(j % directTasks.size()));
            }
        }
    }

    private void latencyResults(Stats ws, Stats ds, Stats wus, Stats dus) {
        double ratio50 = ws.p50() / ds.p50();
        double ratio95 = ws.p95() / ds.p95();
        results.add(Report.Result.against("Single-task push sync, end to end, WASM Jira plugin vs FakeJira ("
                + ws.count() + " syncs)", ws.p50p95(), "< 20 ms P95 (spec); <= 4 ms P95 (issue 22)", ws.p95() <= 4));
        results.add(Report.Result.reported("Same sync through the direct-Java Jira client", ds.p50p95()));
        results.add(Report.Result.against("WASM overhead: WASM / direct-Java latency, same run",
                String.format(Locale.ROOT, "%.2fx at P50, %.2fx at P95", ratio50, ratio95), "<= 1.15x at P50 and P95",
                ratio50 <= 1.15 && ratio95 <= 1.15));
        results.add(Report.Result.reported("Unchanged single-task sync (1 plugin call), WASM / direct",
                wus.p50p95() + " / " + dus.p50p95()));
    }

    private List<String> latencyLines(int block, Stats ws, Stats ds, Stats wus, Stats dus, TimeShares t) {
        List<String> lines = new ArrayList<>();
        lines.add("Push syncs measured in interleaved blocks of " + block + " (WASM, then direct) over "
                + p.latencyTasks() + " linked tasks per client, after " + p.latencyWarmup() + " warm-up syncs "
                + "each.");
        lines.add("");
        lines.add("| per push sync (mean) | WASM plugin | direct Java |");
        lines.add("|---|---|---|");
        lines.add(String.format(Locale.ROOT, "| whole `sync` call | %.2f ms | %.2f ms |", ws.mean(), ds.mean()));
        lines.add(String.format(Locale.ROOT, "| in plugin calls (2 per sync) | %.2f ms | %.2f ms |", t.wasmPlugin(),
                t.directPlugin()));
        lines.add(String.format(Locale.ROOT, "| of which HTTP exchanges (send to body read; %.1f / %.1f per sync) "
                + "| %.2f ms | %.2f ms |", t.wasmExchanges(), t.directExchanges(), t.wasmHttpMs(), t.directHttpMs()));
        lines.add(String.format(Locale.ROOT, "| plugin work outside HTTP (guest code, ABI copies, JSON; or the "
                + "Java client's JSON) | %.2f ms | %.2f ms |", t.wasmPlugin() - t.wasmHttpMs(),
                t.directPlugin() - t.directHttpMs()));
        lines.add(String.format(Locale.ROOT, "| engine outside plugin calls (stores, merge, locks, pipeline) "
                + "| %.2f ms | %.2f ms |", ws.mean() - t.wasmPlugin(), ds.mean() - t.directPlugin()));
        lines.add(String.format(Locale.ROOT, "| CPU time of the plugin's work, HTTP client included (WASM: the "
                + "sandbox's `%s` threads and the calling thread; direct: the calling thread) | %.2f ms | %.2f ms |",
                WORKER_THREADS, t.wasmCpuMs(), t.directCpuMs()));
        lines.add("");
        lines.add("WASM: " + ws.summary() + ". Direct: " + ds.summary() + ".");
        lines.add("");
        lines.add("Unchanged syncs (the engine's shortcut after one `get_task_data`): WASM " + wus.summary()
                + "; direct " + dus.summary() + ".");
        return lines;
    }

    private void fileStoreLatency(FakeJira jira, WasmPluginRegistry registry, Timed.TimedHttpClient http)
            throws Exception {
        Path ws = Files.createDirectories(work.resolve("workspace"));
        try (SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM, ws)) {
            List<String> ids = b.createLinked(Math.min(50, p.fileSamples()));
            for (int i = 0; i < 50; i++) b.pushSync(ids.get(i % ids.size()));
            long[] s = new long[p.fileSamples()];
            for (int i = 0; i < s.length; i++) s[i] = b.pushSync(ids.get(i % ids.size()));
            Stats st = Stats.ofNanos(s);
            results.add(Report.Result.reported("Single-task push sync with the default file stores (YAML records, "
                    + "fsync) in a temp workspace", st.p50p95()));
        }
    }

    // -------------------------------------------------------------------------------------------- throughput

    private void throughput(WasmPluginRegistry registry, Timed.TimedHttpClient wasmHttp,
                            Timed.TimedHttpClient directHttp) throws Exception {
        SyncBench.Batch wasmBatch;
        SyncBench.Batch directBatch;
        try (FakeJira jira = FakeJira.start();
             SyncBench b = new SyncBench(jira, registry, wasmHttp, SyncBench.Client.WASM, null)) {
            List<String> ids = b.createLinked(p.throughputTasks());
            b.pushBatch(ids.subList(0, ids.size() / 4)); // warm-up
            wasmBatch = b.pushBatch(ids);
        }
        try (FakeJira jira = FakeJira.start();
             SyncBench b = new SyncBench(jira, registry, directHttp, SyncBench.Client.DIRECT, null)) {
            List<String> ids = b.createLinked(p.throughputTasks());
            b.pushBatch(ids.subList(0, ids.size() / 4));
            directBatch = b.pushBatch(ids);
        }
        results.add(Report.Result.against("Sync operations per minute, one plugin, " + Runtime.getRuntime()
                        .availableProcessors() + " cores (batch of " + wasmBatch.tasks() + " push syncs)",
                String.format(Locale.ROOT, "%,.0f /min (%d failed)", wasmBatch.opsPerMinute(), wasmBatch.failed()),
                ">= 10,000 /min", wasmBatch.opsPerMinute() >= 10_000 && wasmBatch.failed() == 0));
        results.add(Report.Result.reported("Same batch through the direct-Java client",
                String.format(Locale.ROOT, "%,.0f /min (%d failed)", directBatch.opsPerMinute(),
                        directBatch.failed())));
        results.add(Report.Result.against("Process CPU per push sync, WASM (that batch; engine, plugin, HTTP client "
                        + "and FakeJira together)", String.format(Locale.ROOT, "%.2f ms (direct client %.2f ms); "
                        + "without FakeJira's threads %.2f ms (direct %.2f ms)", wasmBatch.cpuMsPerTask(),
                        directBatch.cpuMsPerTask(), wasmBatch.cpuMsPerTaskWithoutFixture(),
                        directBatch.cpuMsPerTaskWithoutFixture()), "<= 1.5 ms", wasmBatch.cpuMsPerTask() <= 1.5));
        sections.add(new Report.Section("Throughput", List.of(
                "One `sync` request over " + wasmBatch.tasks() + " linked tasks, each edited beforehand (not timed), "
                        + "after a warm-up batch of a quarter of them; engine parallelism " + SyncBench.PARALLELISM
                        + ". FakeJira runs in the same JVM and takes its share of the cores. WASM: "
                        + String.format(Locale.ROOT, "%.1f s, %.2f ms per task, %.2f ms of process CPU per task",
                        wasmBatch.nanos() / 1e9, wasmBatch.msPerTask(), wasmBatch.cpuMsPerTask())
                        + (wasmBatch.firstFailure() == null ? "" : "; first failure: " + wasmBatch.firstFailure())
                        + ". Direct: " + String.format(Locale.ROOT, "%.1f s, %.2f ms per task, %.2f ms of process CPU "
                        + "per task", directBatch.nanos() / 1e9, directBatch.msPerTask(), directBatch.cpuMsPerTask())
                        + ".",
                "",
                String.format(Locale.ROOT, "CPU bound: with %d cores, %.2f ms of CPU per push sync allows at most "
                                + "%,.0f syncs/min for the whole process (sync engine, WASM plugin, HTTP client and "
                                + "FakeJira together); the direct client's %.2f ms allows %,.0f.",
                        Runtime.getRuntime().availableProcessors(), wasmBatch.cpuMsPerTask(),
                        Runtime.getRuntime().availableProcessors() * 60_000 / wasmBatch.cpuMsPerTask(),
                        directBatch.cpuMsPerTask(),
                        Runtime.getRuntime().availableProcessors() * 60_000 / directBatch.cpuMsPerTask()))));
    }

    // -------------------------------------------------------------------------------------------- GitHub

    /** The single-sync and throughput rows of Jira, for the GitHub plugin against FakeGitHub (no direct client). */
    private void github(WasmPluginRegistry registry) throws Exception {
        Stats push;
        Stats unchanged;
        double[] exchanges;
        try (FakeGitHub github = GitHubBench.startFake(); GitHubBench b = new GitHubBench(github, registry)) {
            List<String> tasks = b.createLinked(p.latencyTasks());
            for (int i = 0; i < p.latencyWarmup(); i++) b.pushSync(tasks.get(i % tasks.size()));
            long[] w = new long[p.latencySamples()];
            github.clearRequests();
            for (int i = 0; i < w.length; i++) w[i] = b.pushSync(tasks.get(i % tasks.size()));
            exchanges = exchangesPer(github, w.length);
            charts.latency.put("GitHub, WASM plugin", w);
            push = Stats.ofNanos(w);
            long[] u = new long[Math.min(200, p.latencySamples())];
            github.clearRequests();
            for (int i = 0; i < u.length; i++) u[i] = b.unchangedSync(tasks.get(i % tasks.size()));
            double[] unchangedExchanges = exchangesPer(github, u.length);
            unchanged = Stats.ofNanos(u);
            exchanges = new double[] {exchanges[0], exchanges[1], unchangedExchanges[0], unchangedExchanges[1]};
        }
        SyncBench.Batch batch;
        try (FakeGitHub github = GitHubBench.startFake(); GitHubBench b = new GitHubBench(github, registry)) {
            List<String> ids = b.createLinked(p.throughputTasks());
            b.pushBatch(ids.subList(0, ids.size() / 4)); // warm-up
            batch = b.pushBatch(ids);
        }
        githubResults(push, unchanged, batch, exchanges);
    }

    /** HTTP exchanges per sync, and of those the 304s, from FakeGitHub's request log. */
    private static double[] exchangesPer(FakeGitHub github, int syncs) {
        List<RecordedRequest> log = github.requests();
        long notModified = log.stream().filter(r -> r.status() == 304).count();
        return new double[] {log.size() / (double) syncs, notModified / (double) syncs};
    }

    private void githubResults(Stats push, Stats unchanged, SyncBench.Batch batch, double[] exchanges) {
        results.add(Report.Result.against("GitHub: single-task push sync, end to end, WASM GitHub plugin vs "
                + "FakeGitHub (" + push.count() + " syncs)", push.p50p95(), "< 20 ms P95", push.p95() < 20));
        results.add(Report.Result.reported("GitHub: unchanged single-task sync (1 plugin call)", unchanged.p50p95()));
        results.add(Report.Result.reported("GitHub: HTTP exchanges per push sync / unchanged sync (of which 304)",
                String.format(Locale.ROOT, "%.1f (%.1f) / %.1f (%.1f)", exchanges[0], exchanges[1], exchanges[2],
                        exchanges[3])));
        results.add(Report.Result.against("GitHub: sync operations per minute, one plugin, "
                        + Runtime.getRuntime().availableProcessors() + " cores (batch of " + batch.tasks()
                        + " push syncs)",
                String.format(Locale.ROOT, "%,.0f /min (%d failed)", batch.opsPerMinute(), batch.failed()),
                ">= 10,000 /min", batch.opsPerMinute() >= 10_000 && batch.failed() == 0));
        sections.add(new Report.Section("GitHub against FakeGitHub", List.of(
                "The Jira rows' method with the GitHub plugin (`zen-plugin-github`) and FakeGitHub (core rate limit "
                        + "raised to " + String.format(Locale.ROOT, "%,d", GitHubBench.CORE_LIMIT) + " an hour, so "
                        + "no run waits for a reset). A push sync is `get_task_data` (GET) + `update_task` (a "
                        + "conditional re-read with the ETag, answered 304 when nothing changed since the engine's "
                        + "read and free of rate limit, then PATCH, whose answer is the issue). There is no "
                        + "direct-Java GitHub client, so there is no WASM/direct ratio for GitHub.",
                "",
                "Push syncs: " + push.summary() + ". Unchanged syncs: " + unchanged.summary() + ".",
                "",
                String.format(Locale.ROOT, "Throughput: one `sync` request over %d linked tasks, each edited "
                                + "beforehand, after a warm-up batch of a quarter of them: %.1f s, %.2f ms per task, "
                                + "%.2f ms of process CPU per task%s.", batch.tasks(), batch.nanos() / 1e9,
                        batch.msPerTask(), batch.cpuMsPerTask(),
                        batch.firstFailure() == null ? "" : "; first failure: " + batch.firstFailure()))));
    }

    // -------------------------------------------------------------------------------------------- concurrency

    private void concurrent(FakeJira jira, WasmPluginRegistry registry, Timed.TimedHttpClient http) throws Exception {
        try (SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM, null)) {
            List<String> ids = b.createLinked(p.concurrent());
            for (String id : ids) b.edit(id);
            long t = System.nanoTime();
            List<CompletableFuture<SyncReport>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(b.zen.syncAsync(SyncRequest.of(List.of(id), SyncDirection.BIDIRECTIONAL)));
            }
            int updated = 0;
            int errors = 0;
            String first = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    TaskSyncResult r = futures.get(i).get(5, TimeUnit.MINUTES).result(ids.get(i)).orElseThrow();
                    if (r.outcome() == TaskSyncResult.Outcome.UPDATED) {
                        updated++;
                    } else {
                        errors++;
                        if (first == null) first = r.outcome() + " " + r.error();
                    }
                } catch (Exception e) {
                    errors++;
                    if (first == null) first = e.toString();
                }
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            // nothing lost: every issue carries its task's edited title
            int mismatched = 0;
            for (String id : ids) {
                var task = b.zen.taskStore().find(id).orElseThrow();
                String key = b.zen.recordStore().find(id).orElseThrow().externalId();
                if (!task.title().equals(jira.issue(key).orElseThrow().summary())) mismatched++;
            }
            results.add(Report.Result.against(p.concurrent() + " concurrent sync operations (`syncAsync`, one task "
                            + "each)", String.format(Locale.ROOT, "%d pushed, %d errors, %d issues out of date; "
                            + "finished in %.1f s", updated, errors, mismatched, seconds),
                    "no errors", errors == 0 && mismatched == 0));
            if (first != null) {
                sections.add(new Report.Section("Concurrent syncs: first error", List.of("`" + first + "`")));
            }
        }
    }

    // -------------------------------------------------------------------------------------------- PostgreSQL

    private void postgres(WasmPluginRegistry registry, Timed.TimedHttpClient http) throws Exception {
        try (PostgresBench pgb = new PostgresBench()) {
            try (FakeJira jira = FakeJira.start(); PostgresStores pg = pgb.stores(pgb.freshDatabase());
                 SyncBench b = PostgresBench.bench(jira, registry, http, pg)) {
                List<String> ids = b.createLinked(Math.min(50, p.fileSamples()));
                for (int i = 0; i < 50; i++) b.pushSync(ids.get(i % ids.size()));
                long[] s = new long[p.fileSamples()];
                for (int i = 0; i < s.length; i++) s[i] = b.pushSync(ids.get(i % ids.size()));
                results.add(Report.Result.reported("Single-task push sync with the PostgreSQL stores, locks and "
                        + "shared budget (embedded server on loopback)", Stats.ofNanos(s).p50p95()));
            }
            double fileRate;
            try (FakeJira jira = FakeJira.start();
                 SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM,
                         Files.createDirectories(work.resolve("pg-compare-files")))) {
                List<String> ids = b.createLinked(p.postgresBatch());
                b.pushBatch(ids.subList(0, ids.size() / 4));
                fileRate = b.pushBatch(ids).opsPerMinute();
            }
            double[] rates = instanceRates(pgb, registry, http);
            results.add(Report.Result.reported("Push-sync throughput, batch of " + p.postgresBatch() + ": "
                    + "PostgreSQL stores vs the default file stores", PostgresBench.perMinute(rates[0]) + " vs "
                    + PostgresBench.perMinute(fileRate)));
            results.add(Report.Result.reported("Push-sync throughput with 1, 2, 3 instances on one database (each "
                    + "its own ZenIntegration and pools, splitting one batch)", PostgresBench.perMinute(rates[0])
                    + ", " + PostgresBench.perMinute(rates[1]) + ", " + PostgresBench.perMinute(rates[2])));
            sections.add(new Report.Section("PostgreSQL", List.of("An embedded PostgreSQL 17 (zonky binaries, fsync "
                    + "off) on loopback holds the sync records, tasks, task locks (advisory locks) and the shared "
                    + "rate budget; FakeJira and every instance run in this JVM, so the instances share its cores. "
                    + "Instances split a batch of " + p.postgresBatch() + " edited tasks as replicas behind a "
                    + "load balancer would; each sync takes a task lock (one pooled session), reads the task and "
                    + "the record and writes the record once or twice.")));
        }
    }

    /** Tasks per minute with 1, 2 and 3 instances on one database. */
    private double[] instanceRates(PostgresBench pgb, WasmPluginRegistry registry, Timed.TimedHttpClient http)
            throws Exception {
        String url = pgb.freshDatabase();
        List<PostgresStores> stores = new ArrayList<>();
        List<SyncBench> instances = new ArrayList<>();
        try (FakeJira jira = FakeJira.start()) {
            for (int i = 0; i < 3; i++) {
                stores.add(pgb.stores(url));
                instances.add(PostgresBench.bench(jira, registry, http, stores.get(i)));
            }
            List<String> ids = instances.get(0).createLinked(p.postgresBatch());
            PostgresBench.splitBatch(instances, ids.subList(0, ids.size() / 4)); // warm-up, every instance
            double[] rates = new double[3];
            for (int n = 1; n <= 3; n++) rates[n - 1] = PostgresBench.splitBatch(instances.subList(0, n), ids);
            return rates;
        } finally {
            instances.forEach(SyncBench::close);
            stores.forEach(PostgresStores::close);
        }
    }

    // -------------------------------------------------------------------------------------------- scaling

    private void scaling(WasmPluginRegistry registry, Timed.TimedHttpClient http) throws Exception {
        ScaleBench.Sizes mem = ScaleBench.Sizes.inMemory(quick);
        List<ScaleBench.Point> m;
        try (ScaleBench.Size small = ScaleBench.inMemory(registry, http, mem.small());
             ScaleBench.Size large = ScaleBench.inMemory(registry, http, mem.large())) {
            m = ScaleBench.measure(small, large, mem);
        }
        scalingRow("in-memory stores", "Scaling", m.get(0), m.get(1), mem, "WASM plugin, in-memory stores");

        // the default file stores: one YAML file per record and one folder per task, fsync on every write
        ScaleBench.Sizes fileSizes = ScaleBench.Sizes.files(quick);
        Path ws1 = Files.createDirectories(work.resolve("scale-files-small"));
        Path ws2 = Files.createDirectories(work.resolve("scale-files-large"));
        List<ScaleBench.Point> f;
        try (ScaleBench.Size small = ScaleBench.files(registry, http, fileSizes.small(), ws1);
             ScaleBench.Size large = ScaleBench.files(registry, http, fileSizes.large(), ws2)) {
            f = ScaleBench.measure(small, large, fileSizes);
        } finally {
            long t = System.nanoTime();
            deleteTree(ws1);
            deleteTree(ws2);
            System.err.printf(Locale.ROOT, "   file stores: workspaces deleted in %.0f s%n", (System.nanoTime() - t) / 1e9);
        }
        scalingRow("file stores", "Scaling with the file stores", f.get(0), f.get(1), fileSizes, "WASM plugin, "
                + "`FileTaskStore`, `YamlSyncRecordStore` and `WorkspaceLockProvider` in a temp workspace on disk");
    }

    /** The result row, the chart points and the section of one store kind's two sizes. */
    private void scalingRow(String series, String section, ScaleBench.Point small, ScaleBench.Point large,
                            ScaleBench.Sizes sizes, String what) {
        for (ScaleBench.Point pt : List.of(small, large)) {
            charts.scalingPoint(series, pt.linked(), pt.batch().msPerTask());
        }
        results.add(Report.Result.against(String.format(Locale.ROOT, "Scaling, %s: push sync with %,d vs %,d linked "
                        + "tasks (cost per task, up to %,d tasks timed at each size)", series, small.linked(),
                        large.linked(), large.batch().tasks()), ScaleBench.compare(small, large), "<= 1.1x",
                ScaleBench.met(small, large, 1.1)));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s. Each size has its own FakeJira holding exactly n issues and Zen "
                + "Integration holding n linked tasks, both open at once. After a warm-up batch of %,d tasks each, "
                + "the sizes take turns (%d `sync` requests each, the smaller first in every other round) syncing "
                + "%,d tasks in all, spread evenly over the n (all of them when n is smaller), each edited in Zen "
                + "beforehand (not timed). Cost per task is the requests' wall time (and the process CPU, FakeJira "
                + "included) divided by the tasks synced; taking turns puts a change in the machine's load on both "
                + "sizes alike.", what, sizes.warmup(), ScaleBench.ROUNDS, sizes.timed()));
        for (ScaleBench.Point pt : List.of(small, large)) {
            SyncBench.Batch b = pt.batch();
            lines.add(String.format(Locale.ROOT, "- %,d linked tasks: %,d synced in %.1f s, %.2f ms per task, "
                            + "%.2f ms process CPU per task (%,.0f /min); setup %.0f s (%s).", pt.linked(), b.tasks(),
                    b.nanos() / 1e9, b.msPerTask(), b.cpuMsPerTask(), b.opsPerMinute(), pt.setupSeconds(),
                    pt.setup()));
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Load average when this section finished: %s.",
                Machine.loadAverage()));
        sections.add(new Report.Section(section, lines));
    }

    // -------------------------------------------------------------------------------------------- scope

    private void scope(WasmPluginRegistry registry, Timed.TimedHttpClient http) {
        try (ScopeBench bench = new ScopeBench(registry, http, p.scopeIssues())) {
            ScopeBench.Run bulk = bench.importAll();
            ScopeBench.Run first = bench.firstPoll();
            ScopeBench.Run poll = bench.pollAfterEdits();
            results.add(Report.Result.reported("Whole-project initial import of " + bulk.issues() + " Jira issues "
                    + "(`syncScope` until the bulk import is done)", String.format(Locale.ROOT,
                    "%.1f s, %,.0f issues/s, %,d HTTP requests", bulk.nanos() / 1e9, bulk.perSecond(),
                    bulk.requests())));
            results.add(Report.Result.against("Incremental poll over " + poll.issues() + " linked tasks, "
                    + ScopeBench.CHANGED + " changed in Jira", String.format(Locale.ROOT, "%.0f ms, %d HTTP requests, "
                    + "%d tasks updated", poll.nanos() / 1e6, poll.requests(), poll.report().updated()),
                    "about 1 search page + the changed items, not a GET per task",
                    poll.requests() <= 3L + 3L * ScopeBench.CHANGED));
            results.add(Report.Result.reported("Poll with the reconcile of deleted and moved items (first poll, then "
                    + "every 12th) over " + first.issues() + " linked tasks", String.format(Locale.ROOT,
                    "%.0f ms, %d HTTP requests", first.nanos() / 1e6, first.requests())));
            sections.add(new Report.Section("Whole-project sync", scopeLines(bulk, first, poll)));
        }
    }

    private static List<String> scopeLines(ScopeBench.Run bulk, ScopeBench.Run first, ScopeBench.Run poll) {
        return List.of(String.format(Locale.ROOT,
                "A fresh FakeJira holding %,d issues last updated a day ago; one Zen Integration (WASM plugin, "
                        + "in-memory stores, default scope: the whole project, pages of 100, overlap 2 min). Import: "
                        + "%d `syncScope` call(s), %.1f s; requests by route: %s. The first poll (no changes; it "
                        + "enumerates the scope to find deleted and moved items): %.0f ms, %d requests (%s). Then a "
                        + "colleague edits %d issues and a regular poll runs: %.0f ms, %d requests (%s); it saw %d "
                        + "items and updated %d.", bulk.issues(), bulk.calls(), bulk.nanos() / 1e9, bulk.routeText(),
                first.nanos() / 1e6, first.requests(), first.routeText(), ScopeBench.CHANGED, poll.nanos() / 1e6,
                poll.requests(), poll.routeText(), poll.report().seen(), poll.report().updated()));
    }

    static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
