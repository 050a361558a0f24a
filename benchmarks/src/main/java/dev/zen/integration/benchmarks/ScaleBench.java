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
 * Cost per push sync against the number of linked tasks. Each size gets a fresh FakeJira holding exactly {@code n}
 * issues and a Zen Integration holding {@code n} linked tasks; then a warm-up batch and one timed {@code sync}
 * request over a sample of the tasks spread evenly over all of them (every task when {@code n} is at most the
 * sample). Both sizes time the same number of tasks, so the figure is the cost of one sync against the number of
 * links the stores, the locks and FakeJira hold, not the length of the batch.
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

    private ScaleBench() {}

    /** A size with the in-memory stores. */
    static Point inMemory(WasmPluginRegistry registry, Timed.TimedHttpClient http, int n, Sizes sizes)
            throws Exception {
        try (FakeJira jira = FakeJira.start();
             SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM, null)) {
            long t = System.nanoTime();
            List<String> ids = b.createLinked(n);
            double setup = (System.nanoTime() - t) / 1e9;
            return new Point(n, timed(b, ids, sizes), setup, "imported");
        }
    }

    /** A size with the default file stores in {@code workspace} (on disk). */
    static Point files(WasmPluginRegistry registry, Timed.TimedHttpClient http, int n, Sizes sizes, Path workspace)
            throws Exception {
        try (FakeJira jira = FakeJira.start()) {
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
            try (SyncBench b = new SyncBench(jira, registry, http, SyncBench.Client.WASM, workspace)) {
                return new Point(n, timed(b, ids, sizes), setup, staged ? "imported on tmpfs, copied to disk"
                        : "imported on disk");
            }
        }
    }

    /** The warm-up batch, then the timed one over an even spread of the linked tasks. */
    private static SyncBench.Batch timed(SyncBench b, List<String> ids, Sizes sizes) {
        int n = ids.size();
        int timed = Math.min(sizes.timed(), n);
        List<String> sample = new ArrayList<>(timed);
        List<String> warm = new ArrayList<>();
        for (int i = 0; i < timed; i++) {
            int at = (int) ((long) i * n / timed);
            sample.add(ids.get(at));
            if (i < sizes.warmup()) warm.add(ids.get((at + 1) % n)); // beside the sample where there is room
        }
        b.pushBatch(warm);
        return b.pushBatch(sample);
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
