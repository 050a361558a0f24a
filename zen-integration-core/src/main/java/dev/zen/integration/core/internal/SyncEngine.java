package dev.zen.integration.core.internal;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.PendingChange;
import dev.zen.integration.ProviderHealth;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.spi.LockProvider;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.SyncListener;
import dev.zen.integration.spi.SyncRecordStore;
import dev.zen.integration.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The sync engine behind {@code ZenIntegration}: batches on a bounded executor, per-task locks, three-way merges,
 * the offline outbox and cache, import/publish/link, conflicts and status. Not API; use
 * {@code ZenIntegration.builder()}.
 */
public final class SyncEngine implements TaskSyncService, AutoCloseable {

    /**
     * Everything the engine needs, assembled by the builder.
     *
     * @param tasks        the task store
     * @param records      the sync-record store
     * @param locks        per-task locks
     * @param listeners    event listeners
     * @param clock        the clock for every timestamp
     * @param parallelism  how many tasks sync at once
     * @param calls        the resilience pipeline every plugin call goes through
     * @param lockTimeout  how long to wait for a task's lock
     * @param enabled      the integration_enabled flag (and sync_enabled)
     * @param taskSystem   the configured task system, or null
     * @param providers    provider configurations with a supplier of their (lazily opened) plugin
     */
    public record Settings(TaskStore tasks, SyncRecordStore records, LockProvider locks, List<SyncListener> listeners,
                           Clock clock, int parallelism, ProviderCalls calls, Duration lockTimeout, boolean enabled,
                           String taskSystem, Map<String, Binding> providers) {
        /** Validates the settings. */
        public Settings {
            Objects.requireNonNull(tasks, "tasks");
            Objects.requireNonNull(records, "records");
            Objects.requireNonNull(locks, "locks");
            listeners = List.copyOf(listeners);
            Objects.requireNonNull(clock, "clock");
            if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
            Objects.requireNonNull(calls, "calls");
            Objects.requireNonNull(lockTimeout, "lockTimeout");
            providers = Map.copyOf(providers);
        }
    }

    /**
     * A provider's configuration and its plugin.
     *
     * @param config the provider configuration
     * @param plugin supplies the open plugin (opened on first use)
     */
    public record Binding(ProviderConfig config, Supplier<Plugin> plugin) {}

    private final Settings s;
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final HealthTracker health;
    private final Events events;
    private final ExecutorService pool;
    private final ExecutorService async;
    private final TaskSynchronizer synchronizer;
    private final Outbox outbox;
    private final ConflictDesk conflictDesk;
    private final Links links;
    private volatile Instant lastRun;

    /** An engine with the given settings; close it to stop its threads. */
    public SyncEngine(Settings settings) {
        this.s = settings;
        this.health = new HealthTracker(settings.clock());
        this.events = new Events(settings.listeners(), settings.clock());
        settings.providers().values().stream().sorted(Comparator.comparing(b -> b.config().name())).forEach(b ->
                providers.put(b.config().name(), new Provider(b.config(),
                        new PluginGateway(b.config().name(), b.plugin(), settings.calls(), health))));
        Context ctx = new Context(settings, providers, events, health);
        this.outbox = new Outbox(ctx);
        this.synchronizer = new TaskSynchronizer(ctx, outbox);
        this.conflictDesk = new ConflictDesk(ctx, outbox);
        this.links = new Links(ctx);
        this.pool = Executors.newFixedThreadPool(settings.parallelism(), threads("zen-sync"));
        this.async = Executors.newCachedThreadPool(threads("zen-sync-run"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------------------------------------ sync

    @Override
    public SyncReport sync(SyncRequest request) {
        Objects.requireNonNull(request, "request");
        String syncId = UUID.randomUUID().toString();
        Instant started = s.clock().instant();
        List<String> ids = request.taskIds().isEmpty()
                ? s.records().list().stream().map(TaskSyncRecord::taskId).toList() : request.taskIds();
        events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, null, null, "sync of " + ids.size() + " task(s)",
                Map.of("direction", request.direction().name(), "dry_run", String.valueOf(request.dryRun()),
                        "force", String.valueOf(request.force())));
        List<TaskSyncResult> results = runAll(syncId, ids, id -> synchronizer.syncTask(id, request, syncId));
        return finish(syncId, started, request.dryRun(), results);
    }

    @Override
    public CompletableFuture<SyncReport> syncAsync(SyncRequest request) {
        Objects.requireNonNull(request, "request");
        return CompletableFuture.supplyAsync(() -> sync(request), async);
    }

    private List<TaskSyncResult> runAll(String syncId, List<String> ids,
                                        java.util.function.Function<String, TaskSyncResult> work) {
        List<Future<TaskSyncResult>> futures = new ArrayList<>();
        for (String id : ids) futures.add(pool.submit(() -> work.apply(id)));
        List<TaskSyncResult> results = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (ExecutionException e) {
                TaskSyncResult.ErrorInfo error = Context.info(e.getCause());
                events.emit(SyncEvent.Type.ERROR, syncId, ids.get(i), null, null, error.message(),
                        Map.of("error_code", error.code().name(), "retryable", String.valueOf(error.retryable())));
                results.add(TaskSyncResult.failed(ids.get(i), null, error));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw IntegrationException.builder(ErrorCode.SYNC_CONFLICT, "interrupted while syncing").cause(e)
                        .build();
            }
        }
        return results;
    }

    private SyncReport finish(String syncId, Instant started, boolean dryRun, List<TaskSyncResult> results) {
        Instant finished = s.clock().instant();
        if (finished.isBefore(started)) finished = started;
        SyncReport report = new SyncReport(syncId, SyncReport.statusOf(results), dryRun, started, finished, results);
        lastRun = finished;
        events.emit(SyncEvent.Type.SYNC_FINISHED, syncId, null, null, null, "sync " + report.status(),
                Map.of("tasks", String.valueOf(results.size()), "failed", String.valueOf(report.failures().size()),
                        "duration_ms", String.valueOf(Duration.between(started, finished).toMillis())));
        return report;
    }

    @Override
    public SyncReport flushPending() {
        String syncId = UUID.randomUUID().toString();
        Instant started = s.clock().instant();
        List<String> ids = s.records().list().stream().filter(r -> !r.pendingChanges().isEmpty())
                .map(TaskSyncRecord::taskId).toList();
        events.emit(SyncEvent.Type.SYNC_STARTED, syncId, null, null, null, "flush of " + ids.size()
                + " task(s) with queued changes", Map.of());
        List<TaskSyncResult> results = runAll(syncId, ids, id -> outbox.flushTask(id, syncId));
        return finish(syncId, started, false, results);
    }

    // ------------------------------------------------------------------------------------------------ conflicts

    @Override
    public List<ConflictRecord> conflicts() {
        return conflictDesk.conflicts();
    }

    @Override
    public TaskSyncResult resolve(String conflictId, ConflictResolution resolution) {
        return conflictDesk.resolve(conflictId, resolution);
    }

    // ------------------------------------------------------------------------------------------------ links

    @Override
    public ZenTask importItem(String provider, String externalId) {
        return links.importItem(provider, externalId);
    }

    @Override
    public TaskSyncRecord link(String taskId, String provider, String externalId) {
        return links.link(taskId, provider, externalId);
    }

    @Override
    public void unlink(String taskId) {
        links.unlink(taskId);
    }

    @Override
    public List<PendingChange> discardPending(String taskId) {
        return outbox.discard(taskId);
    }

    @Override
    public TaskSyncRecord publish(String taskId, String provider) {
        return links.publish(taskId, provider);
    }

    // ------------------------------------------------------------------------------------------------ status

    @Override
    public IntegrationStatus status() {
        List<TaskSyncRecord> records = s.records().list();
        List<ProviderHealth> healths = new ArrayList<>();
        for (Provider p : providers.values()) {
            int pending = records.stream().filter(r -> r.externalSystem().equals(p.name()))
                    .mapToInt(r -> r.pendingChanges().size()).sum();
            healths.add(healthOf(p.name(), pending));
        }
        Instant last = records.stream().map(TaskSyncRecord::lastSyncTime).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(lastRun);
        String taskSystem = s.taskSystem() != null ? s.taskSystem()
                : providers.isEmpty() ? null : providers.keySet().iterator().next();
        return new IntegrationStatus(s.enabled(), taskSystem, healths, last,
                (int) records.stream().filter(r -> r.status() == SyncStatus.ERROR).count(), records.size(),
                records.stream().mapToInt(r -> r.conflicts().size()).sum(),
                records.stream().mapToInt(r -> r.pendingChanges().size()).sum());
    }

    /** The pipeline's view (breaker state, last outcome) when there is one, else what the engine saw itself. */
    private ProviderHealth healthOf(String provider, int pending) {
        if (s.calls() instanceof ResilientProviderCalls pipeline) {
            var h = pipeline.health(provider);
            if (h.lastSuccessAt() != null || h.lastFailureAt() != null) return h.toProviderHealth(pending);
        }
        return health.of(provider, pending);
    }

    @Override
    public void close() {
        pool.shutdown();
        async.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
