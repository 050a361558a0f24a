package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.ScopeState;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.spi.SyncEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-project sync of a provider with a scope: the initial bulk import, paged through {@code search_tasks}
 * and resumable at the last committed page, then incremental polls from a watermark in the tracker's own time, and
 * a periodic reconcile that finds deleted and moved items (see {@code docs/user-guide.md}, "Keep a whole project
 * in sync").
 */
final class ScopeSync {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    /** Every this many polls, the scope is enumerated in full to find linked items deleted or moved away. */
    static final int RECONCILE_EVERY = 12;
    /** At most this many {@code id@updated} marks are kept for the overlap dedupe. */
    private static final int BOUNDARY_MAX = 2000;
    /** The coarsest timestamp a tracker gives ({@code updated}): GitHub's are whole seconds. */
    private static final Duration MARK_GRANULARITY = Duration.ofSeconds(1);
    /** Failures that a replay cannot fix; any other failure keeps the page or poll uncommitted. */
    private static final Set<ErrorCode> PERMANENT = EnumSet.of(ErrorCode.INVALID_DATA, ErrorCode.NOT_FOUND,
            ErrorCode.SYNC_CONFLICT);

    private final Context ctx;
    private final TaskSynchronizer synchronizer;
    private final ScopeItems items;
    private final ScopeStates states;
    private final Batches batches;
    private final BooleanSupplier closed;
    private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

    /** Runs one piece of work per key on the engine's pool, a result per key in order. */
    interface Batches {
        List<TaskSyncResult> run(String syncId, List<String> keys, Function<String, TaskSyncResult> work);
    }

    ScopeSync(Context ctx, TaskSynchronizer synchronizer, ScopeItems items, ScopeStates states, Batches batches,
              BooleanSupplier closed) {
        this.ctx = ctx;
        this.synchronizer = synchronizer;
        this.items = items;
        this.states = states;
        this.batches = batches;
        this.closed = closed;
    }

    ScopeStates states() {
        return states;
    }

    /** The scope of a provider, or CONFIG_ERROR naming the key to add. */
    static ScopeConfig scopeOf(Provider p) {
        ScopeConfig scope = p.config.scope();
        if (scope == null) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "provider " + p.name() + " has no scope, so"
                    + " there is nothing to sync as a whole; add integrations.providers." + p.name() + ".scope (or"
                    + " ProviderConfig.Builder.scope(ScopeConfig.defaults()))").provider(p.name())
                    .detail("key", "integrations.providers." + p.name() + ".scope").build();
        }
        return scope;
    }

    /** One call: (the rest of) the bulk import until it completes, or one incremental poll. */
    ScopeReport syncScope(String providerName) {
        Provider p = ctx.enabledProvider(providerName);
        ScopeConfig scope = scopeOf(p);
        ReentrantLock lock = running.computeIfAbsent(p.name(), k -> new ReentrantLock());
        lock.lock(); // one run per provider in this instance; other instances are kept apart by the record index
        try {
            ScopeState state = states.load(p.name(), scope.filterText());
            Tally tally = new Tally(p.name(), UUID.randomUUID().toString(), ctx.settings.clock().instant(),
                    !state.bulkComplete());
            if (ctx.pausedReason(p.name()) != null) { // a paused provider is not called; the scheduler keeps going
                LOG.info("scope sync of {} skipped: {}", p.name(), ctx.pausedReason(p.name()));
                return tally.report(state.bulkComplete(), state.watermark(), tally.started);
            }
            ctx.events.emit(SyncEvent.Type.SYNC_STARTED, tally.syncId, null, p.name(), null, (tally.bulk
                    ? "bulk import" : "poll") + " of the scope of " + p.name(), Map.of("phase", tally.phase()));
            state = tally.bulk ? bulk(p, scope, state, tally) : poll(p, scope, state, tally);
            return finish(p, state, tally);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ bulk

    /**
     * Pages through the scope from the last committed cursor. Each page's items are imported or synced from the
     * page itself, then the cursor is stored: a crash replays at most one page, whose items are found linked.
     */
    private ScopeState bulk(Provider p, ScopeConfig scope, ScopeState state, Tally tally) {
        String cursor = state.cursor();
        Instant started = state.bulkStarted();
        LinkLookup links = new LinkLookup(ctx.settings.records(), p.name());
        while (!closed.getAsBoolean()) {
            PluginGateway.Page page;
            try {
                page = p.gateway.search(query(scope, null), cursor, scope.pageSize());
            } catch (IntegrationException e) {
                if (cursor == null || e.code() != ErrorCode.INVALID_DATA) throw e;
                LOG.warn("the stored bulk-import cursor of {} was refused ({}); starting the pages over, the items"
                        + " imported so far are found linked", p.name(), e.getMessage());
                cursor = null;
                continue;
            }
            if (started == null) started = trackerTime(page);
            Map<String, ExternalItem> fresh = new LinkedHashMap<>();
            for (ExternalItem item : page.items()) fresh.putIfAbsent(item.id(), item);
            if (handle(p, scope, new ArrayList<>(fresh.values()), links, tally)) {
                LOG.warn("bulk import of {}: an item of this page failed and may pass later; the page is not"
                        + " committed and the next syncScope call replays it", p.name());
                break;
            }
            cursor = page.nextCursor();
            boolean done = cursor == null;
            Instant window = started.minus(scope.overlap());
            page.items().stream().filter(i -> i.updated() != null && !i.updated().isBefore(window))
                    .forEach(i -> tally.boundary.add(mark(i))); // the first poll skips these when unchanged
            state = tally.apply(state, done ? null : cursor, started, done, done ? started : null, trackerTime(page),
                    done ? 0 : state.polls(), done ? capped(tally.boundary) : List.of());
            states.save(state); // the page is committed: tasks and records were written above
            tally.progress(ctx.events, started, page.items());
            if (done) break;
        }
        return state;
    }

    // ------------------------------------------------------------------------------------------------ poll

    /**
     * Asks for what changed since the watermark minus the overlap, skips what the last poll saw unchanged at the
     * boundary, syncs or imports the rest, publishes new local tasks, and every {@link #RECONCILE_EVERY} polls
     * enumerates the scope to find deleted and moved items. The new watermark is the tracker's time when the poll
     * started.
     */
    private ScopeState poll(Provider p, ScopeConfig scope, ScopeState state, Tally tally) {
        Instant since = state.watermark().minus(scope.overlap());
        Set<String> previous = new HashSet<>(state.boundary());
        List<ExternalItem> all = new ArrayList<>();
        Instant started = null;
        String cursor = null;
        boolean blocked = false;
        LinkLookup links = new LinkLookup(ctx.settings.records(), p.name());
        do {
            PluginGateway.Page page = p.gateway.search(query(scope, since), cursor, scope.pageSize());
            if (started == null) started = trackerTime(page);
            Map<String, ExternalItem> fresh = new LinkedHashMap<>();
            for (ExternalItem item : page.items()) {
                if (previous.contains(mark(item)) && settled(item, state.watermark())) tally.dedupe();
                else fresh.putIfAbsent(item.id(), item);
                all.add(item);
            }
            blocked |= handle(p, scope, new ArrayList<>(fresh.values()), links, tally);
            cursor = page.nextCursor();
        } while (cursor != null);
        if (blocked) {
            LOG.warn("poll of {}: an item failed and may pass later; the watermark stays, so the next poll asks"
                    + " for it again", p.name());
            tally.progress(ctx.events, null, all);
            return state;
        }
        if (scope.onNewLocal() == ScopeConfig.OnNewLocal.PUBLISH) {
            tally.addAll(batches.run(tally.syncId, items.unpublished(), id -> items.publish(p, id, tally)));
        }
        if (state.polls() % RECONCILE_EVERY == 0 || fewerThanLinked(p, scope)) reconcile(p, scope, tally);
        Instant watermark = started.isAfter(state.watermark()) ? started : state.watermark();
        // every mark of this poll, not only those inside the overlap: a plugin may look back further (the Jira
        // plugin adds its own search_overlap_minutes), and what it lists again unchanged is skipped
        List<String> boundary = all.stream().map(ScopeSync::mark).toList();
        ScopeState next = tally.apply(state, null, state.bulkStarted(), true, watermark, started, state.polls() + 1,
                capped(boundary));
        states.save(next);
        tally.progress(ctx.events, null, all);
        return next;
    }

    /**
     * Whether the tracker counts fewer items in the scope than the provider has live links: an item was deleted or
     * moved away since the last poll (search cannot show either), so this poll reconciles rather than waiting for
     * the periodic one. One request; plugins that cannot count leave it to the periodic reconcile. An item edited
     * within the search index's lag is missing from the count too, which costs a reconcile that finds nothing.
     */
    private boolean fewerThanLinked(Provider p, ScopeConfig scope) {
        OptionalLong count = p.gateway.count(query(scope, null));
        if (count.isEmpty()) return false;
        long linked = liveLinks(p).size();
        if (count.getAsLong() >= linked) return false;
        LOG.info("poll of {}: the tracker counts {} item(s) in the scope, {} are linked; reconciling now", p.name(),
                count.getAsLong(), linked);
        return true;
    }

    /** The provider's links whose item has not been found removed (those stay when {@code on_removed} is keep). */
    private List<TaskSyncRecord> liveLinks(Provider p) {
        return ctx.settings.records().list().stream()
                .filter(r -> r.externalSystem().equals(p.name()) && !r.metadata().containsKey(ScopeItems.REMOVED_AT))
                .toList();
    }

    /** Enumerates the whole scope; linked items of the provider that it lacks are checked one by one. */
    private void reconcile(Provider p, ScopeConfig scope, Tally tally) {
        Set<String> present = new HashSet<>();
        String cursor = null;
        do {
            PluginGateway.Page page = p.gateway.search(query(scope, null), cursor, scope.pageSize());
            for (ExternalItem item : page.items()) {
                present.add(item.key());
                present.add(item.id());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        List<TaskSyncRecord> missing = liveLinks(p).stream().filter(r -> !present.contains(r.externalId())).toList();
        if (missing.isEmpty()) return;
        LOG.info("reconcile of {}: {} linked item(s) are not in the scope; checking each", p.name(), missing.size());
        tally.addAll(batches.run(tally.syncId, missing.stream().map(TaskSyncRecord::taskId).toList(),
                taskId -> items.checkMissing(p, scope, taskId, tally)));
    }

    // ------------------------------------------------------------------------------------------------ items

    /**
     * Imports or syncs a page's items on the engine's pool; a failing item never stops the others.
     *
     * @return whether an item failed for a reason that may pass (a store or network fault): the page must not be
     *         committed then, so the next call replays it; an item that can never succeed (invalid data) does not
     *         hold the scope back
     */
    private boolean handle(Provider p, ScopeConfig scope, List<ExternalItem> page, LinkLookup links, Tally tally) {
        if (page.isEmpty()) return false;
        Map<String, ExternalItem> byKey = new LinkedHashMap<>();
        for (ExternalItem item : page) byKey.put(item.key(), item);
        List<TaskSyncResult> rows = batches.run(tally.syncId, List.copyOf(byKey.keySet()),
                key -> items.handle(p, scope, byKey.get(key), links, tally, synchronizer));
        tally.addAll(rows);
        return rows.stream().anyMatch(r -> r.error().map(e -> !PERMANENT.contains(e.code())).orElse(false));
    }

    /** The search query: the scope's filter and, for a poll, the lower bound. */
    static Map<String, Object> query(ScopeConfig scope, Instant updatedSince) {
        Map<String, Object> q = new LinkedHashMap<>();
        if (scope.filter() != null) q.put("filter", scope.filter());
        if (updatedSince != null) q.put("updated_since", updatedSince.toString());
        return q;
    }

    /** The tracker's clock at the page, or (for a plugin that does not report it) this host's. */
    private Instant trackerTime(PluginGateway.Page page) {
        return page.serverTime() != null ? page.serverTime() : ctx.settings.clock().instant();
    }

    /** The newest {@link #BOUNDARY_MAX} marks (items arrive oldest first). */
    private static List<String> capped(List<String> marks) {
        List<String> distinct = marks.stream().distinct().toList();
        return distinct.size() <= BOUNDARY_MAX ? distinct
                : distinct.subList(distinct.size() - BOUNDARY_MAX, distinct.size());
    }

    /**
     * Whether an item's {@code updated} is old enough for its mark to prove it unchanged: trackers with whole-second
     * timestamps (GitHub) give an edit made within the second the last poll saw the item the same mark, so items
     * with a whole-second timestamp updated less than {@link #MARK_GRANULARITY} before the watermark (or after it) are
     * synced again (from the fetched item, no extra request when nothing changed).
     */
    private static boolean settled(ExternalItem item, Instant watermark) {
        if (item.updated() == null) return false;
        return item.updated().getNano() != 0 // a sub-second timestamp (Jira's milliseconds) tells edits apart
                || !item.updated().isAfter(watermark.minus(MARK_GRANULARITY));
    }

    static String mark(ExternalItem item) {
        return item.id() + "@" + (item.updated() == null ? "" : item.updated().toString());
    }

    private ScopeReport finish(Provider p, ScopeState state, Tally tally) {
        Instant finished = ctx.settings.clock().instant();
        if (finished.isBefore(tally.started)) finished = tally.started;
        ScopeReport report = tally.report(state.bulkComplete(), state.watermark(), finished);
        ctx.events.emit(SyncEvent.Type.SCOPE_FINISHED, tally.syncId, null, p.name(), null, tally.phase() + " of "
                + p.name() + (state.bulkComplete() ? "" : " (bulk import not complete yet)"), tally.attributes(-1));
        ctx.events.emit(SyncEvent.Type.SYNC_FINISHED, tally.syncId, null, p.name(), null, "scope sync of "
                + p.name() + " finished", Map.of("tasks", String.valueOf(report.results().size()),
                "failed", String.valueOf(report.failed()),
                "duration_ms", String.valueOf(Duration.between(tally.started, finished).toMillis())));
        return report;
    }

    /** A targeted sync of named items (webhooks), with the scope's policies. */
    List<TaskSyncResult> syncItems(Provider p, List<String> externalIds, String syncId) {
        ScopeConfig scope = Optional.ofNullable(p.config.scope()).orElse(ScopeItems.NO_SCOPE);
        Tally tally = new Tally(p.name(), syncId, ctx.settings.clock().instant(), false);
        return batches.run(syncId, externalIds, id -> items.syncNamed(p, scope, id, tally, synchronizer));
    }

    /**
     * A regular sync's row, with {@code on_removed} applied when the row failed because the linked item is gone: a
     * provider with a scope reads the item once more, and a {@code NOT_FOUND} (404/410) makes the link removed. Other
     * rows are returned as they are.
     */
    TaskSyncResult afterSync(TaskSyncResult row, String syncId) {
        if (row.success() || row.externalId() == null
                || row.error().map(e -> e.code() != ErrorCode.NOT_FOUND).orElse(true)) {
            return row;
        }
        Optional<TaskSyncRecord> rec = ctx.settings.records().find(row.taskId());
        if (rec.isEmpty() || !ctx.providers.containsKey(rec.get().externalSystem())) return row;
        Provider p = ctx.providers.get(rec.get().externalSystem());
        if (p.config.scope() == null || ctx.disabledReason(p) != null || ctx.settings.tasks().find(row.taskId()).isEmpty()) {
            return row; // no policy, or the task itself is what is missing
        }
        try {
            p.gateway.get(rec.get().externalId());
            return row; // the item exists: the failure was about something else
        } catch (IntegrationException e) {
            if (e.code() != ErrorCode.NOT_FOUND) return row;
        }
        return items.removed(p, p.config.scope(), rec.get(), "deleted", new Tally(p.name(), syncId,
                ctx.settings.clock().instant(), false));
    }

    /** A bidirectional request for one task. */
    static SyncRequest one(String taskId) {
        return SyncRequest.of(List.of(taskId), SyncDirection.BIDIRECTIONAL);
    }

    /** Whether the task came from an import (its id is {@code <provider>-<key>}); such tasks are never published. */
    static boolean imported(ZenTask task, Map<String, ?> providers) {
        for (String name : providers.keySet()) if (task.id().startsWith(name + "-")) return true;
        return false;
    }
}
