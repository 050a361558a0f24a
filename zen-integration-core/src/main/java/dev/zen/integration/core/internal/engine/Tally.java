package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ExternalItem;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.ScopeState;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.spi.SyncEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The counts and rows of one scope sync call, written by the pool's threads. */
final class Tally {
    final String provider;
    final String syncId;
    final Instant started;
    final boolean bulk;
    private final long t0 = System.nanoTime();
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger imported = new AtomicInteger();
    private final AtomicInteger linked = new AtomicInteger();
    private final AtomicInteger updated = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger removed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<TaskSyncResult> results = Collections.synchronizedList(new ArrayList<>());
    /** {@code id@updated} marks of bulk items inside the overlap window of the bulk's watermark (one thread). */
    final List<String> boundary = new ArrayList<>();
    /** Counts already added to the stored state (the state is saved once per page). */
    private final int[] stored = new int[6];
    private Instant firstUpdated;

    Tally(String provider, String syncId, Instant started, boolean bulk) {
        this.provider = provider;
        this.syncId = syncId;
        this.started = started;
        this.bulk = bulk;
    }

    String phase() {
        return bulk ? "bulk" : "poll";
    }

    /** What happened to one item or task. */
    enum Kind { IMPORTED, LINKED, SKIPPED, PUBLISHED, REMOVED, FAILED }

    void count(Kind kind, boolean seenItem) {
        if (seenItem) seen.incrementAndGet();
        switch (kind) {
            case IMPORTED -> imported.incrementAndGet();
            case LINKED -> linked.incrementAndGet();
            case SKIPPED -> skipped.incrementAndGet();
            case PUBLISHED -> published.incrementAndGet();
            case REMOVED -> removed.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
        }
    }

    /** A linked item whose sync changed something. */
    void changed() {
        updated.incrementAndGet();
    }

    /** An item seen unchanged at the overlap boundary, already synced by the last poll. */
    void dedupe() {
        seen.incrementAndGet();
        skipped.incrementAndGet();
    }

    void addAll(List<TaskSyncResult> rows) {
        results.addAll(rows);
    }

    /** The state after a committed page or poll, with this call's counts added once. */
    synchronized ScopeState apply(ScopeState s, String cursor, Instant bulkStarted, boolean complete,
                                  Instant watermark, Instant lastPoll, long polls, List<String> boundary) {
        int[] now = {seen.get(), imported.get(), linked.get(), skipped.get(), removed.get(), failed.get()};
        long[] add = new long[6];
        for (int i = 0; i < 6; i++) {
            add[i] = now[i] - stored[i];
            stored[i] = now[i];
        }
        return new ScopeState(s.provider(), s.filter(), watermark, cursor, bulkStarted, complete, lastPoll,
                s.seen() + add[0], s.imported() + add[1], s.linked() + add[2], s.skipped() + add[3],
                s.removed() + add[4], s.failed() + add[5], polls, boundary);
    }

    /**
     * Reports a committed page. The ETA of a bulk import follows from the pages' {@code updated} order: the share of
     * the time from the first item to the bulk start covered so far, at this call's pace; -1 when unknown.
     */
    void progress(Events events, Instant bulkStarted, List<ExternalItem> page) {
        long eta = -1;
        Instant last = page.isEmpty() ? null : page.get(page.size() - 1).updated();
        if (firstUpdated == null && !page.isEmpty()) firstUpdated = page.get(0).updated();
        if (bulkStarted != null && last != null && firstUpdated != null && last.isAfter(firstUpdated)) {
            double covered = last.toEpochMilli() - firstUpdated.toEpochMilli();
            double left = Math.max(0, bulkStarted.toEpochMilli() - last.toEpochMilli());
            eta = (long) ((System.nanoTime() - t0) / 1e6 * left / covered);
        }
        events.emit(SyncEvent.Type.SCOPE_PROGRESS, syncId, null, provider, null, phase() + " of " + provider + ": "
                + seen.get() + " item(s) seen", attributes(eta));
    }

    Map<String, String> attributes(long etaMs) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("phase", phase());
        m.put("seen", String.valueOf(seen.get()));
        m.put("imported", String.valueOf(imported.get()));
        m.put("linked", String.valueOf(linked.get()));
        m.put("updated", String.valueOf(updated.get()));
        m.put("skipped", String.valueOf(skipped.get()));
        m.put("published", String.valueOf(published.get()));
        m.put("removed", String.valueOf(removed.get()));
        m.put("failed", String.valueOf(failed.get()));
        m.put("eta_ms", String.valueOf(etaMs));
        return m;
    }

    ScopeReport report(boolean bulkDone, Instant watermark, Instant finished) {
        List<TaskSyncResult> rows;
        synchronized (results) {
            rows = List.copyOf(results);
        }
        return new ScopeReport(provider, syncId, bulk, bulkDone, seen.get(), imported.get(), linked.get(),
                updated.get(), skipped.get(), published.get(), removed.get(), failed.get(), watermark, started,
                finished, rows);
    }
}
