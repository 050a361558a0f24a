package dev.zen.integration.benchmarks;

import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Cost per push sync against the number of linked tasks. Each size gets its own FakeJira holding exactly {@code n}
 * issues and a Zen Integration holding {@code n} linked tasks, both open at once; after a warm-up batch each, the
 * sizes take turns syncing a share of their sample ({@link #ROUNDS} {@code sync} requests each), the tasks spread
 * evenly over all of them (every task when {@code n} is at most the sample). Both sizes time the same number of
 * tasks, so the figure is the cost of one sync against the number of links the stores, the locks and FakeJira
 * hold, not the length of the batch; taking turns puts a change in the machine's load on both alike.
 *
 * <p>Setup (not timed): FakeJira's seeding API, then {@code importItem} of every issue through the real engine and
 * WASM plugin, 8 at a time. With the file stores the import runs in a workspace on {@code /dev/shm} where there is
 * one (a tmpfs: the same files, without waiting for fsync, which would make a 100,000-task import take many
 * minutes), and the workspace is then copied to the benchmark's folder on disk and flushed ({@code sync}) before the
 * timed part, which runs on disk against a new Zen Integration over the copied stores.
 */
final class ScaleBench {
    private static final Path TMPFS = Path.of("/dev/shm");

    /**
     * The sizes of one mode.
     *
     * @param small        linked tasks of the small size
     * @param large        linked tasks of the large size
     * @param timed        tasks in the timed batch (at most the size)
     * @param warmup       tasks in the warm-up batch before it
     */
    record Sizes(int small, int large, int timed, int warmup) {
        static Sizes inMemory(boolean quick) {
            return quick ? new Sizes(200, 1000, 1000, 100) : new Sizes(10_000, 100_000, 10_000, 2000);
        }

        static Sizes files(boolean quick) {
            return quick ? new Sizes(50, 200, 200, 20) : new Sizes(10_000, 100_000, 2000, 100);
        }
    }

    /**
     * One size's outcome.
     *
     * @param linked       linked tasks the stores held
     * @param batch        the timed batch
     * @param setupSeconds seeding and importing (and copying), not timed
     * @param setup        how the stores were filled
     */
    record Point(int linked, SyncBench.Batch batch, double setupSeconds, String setup) {}

    /** Timed rounds: the sizes take turns, so a change in the machine's load falls on both alike. */
    static final int ROUNDS = 5;

    private ScaleBench() {}

    /** One size, set up and open: its FakeJira, its Zen Integration and the linked task ids. */
    static final class Size implements AutoCloseable {
        final FakeJira jira;
        final SyncBench bench;
        final List<String> ids;
        final double setupSeconds;
        final String setup;

        private Size(FakeJira jira, SyncBench bench, List<String> ids, double setupSeconds, String setup) {
            this.jira = jira;
            this.bench = bench;
            this.ids = ids;
            this.setupSeconds = setupSeconds;
            this.setup = setup;
        }

        @Override
        public void close() {
            bench.close();
            jira.close();
        }
    }

    /** A size with the in-memory stores. */
    static Size inMemory(WasmPluginRegistry registry, Timed.TimedHttpClient http, int n) throws Exception {
        FakeJira jira = FakeJira.start();
        SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM, null);
        long t = System.nanoTime();
        List<String> ids = b.createLinked(n);
        double setup = (System.nanoTime() - t) / 1e9;
        System.err.printf(Locale.ROOT, "   in-memory stores: %,d linked tasks set up in %.0f s%n", n, setup);
        return new Size(jira, b, ids, setup, "imported");
    }

    /** A size with the default file stores in {@code workspace} (on disk). */
    static Size files(WasmPluginRegistry registry, Timed.TimedHttpClient http, int n, Path workspace)
            throws Exception {
        FakeJira jira = FakeJira.start();
        long t = System.nanoTime();
        boolean staged = Files.isDirectory(TMPFS) && Files.isWritable(TMPFS);
        Path importInto = staged ? Files.createTempDirectory(TMPFS, "zen-scale-") : workspace;
        List<String> ids;
        try {
            try (SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM, importInto)) {
                ids = b.createLinked(n);
            }
            if (staged) copyTree(importInto, workspace);
        } finally {
            if (staged) BenchmarkSuite.deleteTree(importInto);
        }
        if (staged) flushToDisk();
        double setup = (System.nanoTime() - t) / 1e9;
        System.err.printf(Locale.ROOT, "   file stores: %,d linked tasks set up in %.0f s%n", n, setup);
        SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM, workspace);
        return new Size(jira, b, ids, setup, staged ? "imported on tmpfs, copied to disk" : "imported on disk");
    }

    /**
     * Warms both sizes up, then times {@link #ROUNDS} rounds in which each size syncs its share of its sample, the
     * smaller first in even rounds and the larger first in odd ones; returns the small and the large point.
     */
    static List<Point> measure(Size small, Size large, Sizes sizes) {
        List<String> sampleS = sample(small.ids, sizes.timed());
        List<String> sampleL = sample(large.ids, sizes.timed());
        small.bench.pushBatch(warmup(small.ids, sizes));
        large.bench.pushBatch(warmup(large.ids, sizes));
        SyncBench.Batch s = null;
        SyncBench.Batch l = null;
        for (int r = 0; r < ROUNDS; r++) {
            List<String> chunkS = chunk(sampleS, r);
            List<String> chunkL = chunk(sampleL, r);
            if (r % 2 == 0) {
                s = plus(s, small.bench.pushBatch(chunkS));
                l = plus(l, large.bench.pushBatch(chunkL));
            } else {
                l = plus(l, large.bench.pushBatch(chunkL));
                s = plus(s, small.bench.pushBatch(chunkS));
            }
        }
        return List.of(new Point(small.ids.size(), s, small.setupSeconds, small.setup),
                new Point(large.ids.size(), l, large.setupSeconds, large.setup));
    }

    /** {@code timed} tasks spread evenly over all of them (all when there are fewer). */
    private static List<String> sample(List<String> ids, int timed) {
        int n = ids.size();
        int k = Math.min(timed, n);
        List<String> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) out.add(ids.get((int) ((long) i * n / k)));
        return out;
    }

    /** The warm-up tasks: beside the sample's where there is room. */
    private static List<String> warmup(List<String> ids, Sizes sizes) {
        int n = ids.size();
        int k = Math.min(sizes.timed(), n);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(sizes.warmup(), k); i++) out.add(ids.get((int) (((long) i * n / k + 1) % n)));
        return out;
    }

    private static List<String> chunk(List<String> sample, int round) {
        return sample.subList(sample.size() * round / ROUNDS, sample.size() * (round + 1) / ROUNDS);
    }

    private static SyncBench.Batch plus(SyncBench.Batch a, SyncBench.Batch b) {
        if (a == null) return b;
        String failure = a.firstFailure() != null ? a.firstFailure() : b.firstFailure();
        return new SyncBench.Batch(a.tasks() + b.tasks(), a.nanos() + b.nanos(), a.cpuNanos() + b.cpuNanos(),
                a.fixtureCpuNanos() + b.fixtureCpuNanos(), a.updated() + b.updated(), a.failed() + b.failed(),
                failure, 0);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Writes the copied files out ({@code sync}), so their write-back does not run during the timed part. */
    private static void flushToDisk() {
        try {
            Process p = new ProcessBuilder("sync").inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroy();
        } catch (IOException e) {
            System.err.println("could not run sync: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "10,000 vs 100,000 linked tasks: 1.10 ms vs 1.12 ms per task (1.02x); CPU 2.1 ms vs 2.2 ms (1.05x)". */
    static String compare(Point small, Point large) {
        SyncBench.Batch s = small.batch();
        SyncBench.Batch l = large.batch();
        return String.format(Locale.ROOT, "%.2f ms vs %.2f ms per task (%.2fx); CPU %.2f ms vs %.2f ms per task "
                        + "(%.2fx); %d + %d failed", s.msPerTask(), l.msPerTask(), l.msPerTask() / s.msPerTask(),
                s.cpuMsPerTask(), l.cpuMsPerTask(), l.cpuMsPerTask() / s.cpuMsPerTask(), s.failed(), l.failed());
    }

    /** Whether the large size costs at most {@code limit} times the small one per task, with nothing failed. */
    static boolean met(Point small, Point large, double limit) {
        return large.batch().msPerTask() / small.batch().msPerTask() <= limit
                && small.batch().failed() + large.batch().failed() == 0;
    }
}
