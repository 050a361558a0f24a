package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.FieldChange;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.ZenTasks;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.spi.SyncEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of the engine shares: settings, providers and events, and the small operations they
 * all use (provider lookup, fetch-or-cache, writing a task, results and failures, hashing).
 */
final class Context {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

    final ZenIntegration.Assembly settings;
    final Map<String, Provider> providers;
    final Events events;
    final Audit audit;
    /** Providers paused through the API (in memory: a host re-applies its pauses after a restart). */
    final Set<String> pausedProviders = ConcurrentHashMap.newKeySet();

    Context(ZenIntegration.Assembly settings, Map<String, Provider> providers, Events events, Audit audit) {
        this.settings = settings;
        this.providers = providers;
        this.events = events;
        this.audit = audit;
    }

    /** Why syncs skip the provider's links now (paused through the API), or null. */
    String pausedReason(String provider) {
        return pausedProviders.contains(provider) ? "provider " + provider + " is paused; resume it with"
                + " resumeProvider(\"" + provider + "\")" : null;
    }

    Provider provider(String name) {
        Provider p = providers.get(name);
        if (p == null) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, "provider '" + name + "' is not configured"
                    + (providers.isEmpty() ? "; add one with ZenIntegration.builder().provider(...)"
                    : "; configured providers: " + providers.keySet())).provider(name).build();
        }
        return p;
    }

    /**
     * A configured provider that may be called now.
     *
     * @throws IntegrationException CONFIG_ERROR if the integration or the provider is disabled
     */
    Provider enabledProvider(String name) {
        Provider p = provider(name);
        String disabled = disabledReason(p);
        if (disabled != null) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, disabled + ", so it is not called; enable it"
                    + " in the configuration to use it").provider(name).build();
        }
        return p;
    }

    /** Why a provider may not be called now (the integration or the provider is disabled), or null. */
    String disabledReason(Provider p) {
        if (!settings.enabled()) return "the integration is disabled (integration_enabled or sync_enabled is false)";
        if (!p.config.enabled()) return "provider " + p.name() + " is disabled (enabled: false)";
        return null;
    }

    /** The remote side of a link, and whether it came from the offline cache. */
    record Fetched(ExternalItem item, boolean fromCache) {}

    /** The item from the provider, or from the cache when the provider is unavailable. */
    Fetched fetch(Provider p, TaskSyncRecord rec) {
        try {
            return new Fetched(p.gateway.get(rec.externalId()), false);
        } catch (IntegrationException e) {
            if (!Offline.isUnavailable(e)) throw e;
            ExternalItem cached = RemoteCache.get(rec).orElseThrow(() -> e.toBuilder().taskId(rec.taskId()).build());
            return new Fetched(cached, true);
        }
    }

    /** Thrown when the task store refused a write because the task changed meanwhile: the task sync restarts. */
    static final class LocalRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LocalRace(IntegrationException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        @Override
        public synchronized IntegrationException getCause() {
            return (IntegrationException) super.getCause();
        }
    }

    /**
     * A task's sync failed after some of its changes were written: the error, and the changes that were written
     * before it (reported in the failed result, so it never under-reports what reached either side).
     */
    static final class PartialFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<FieldChange> written;

        PartialFailure(IntegrationException cause, List<FieldChange> written) {
            super(cause.getMessage(), cause, false, false);
            this.written = List.copyOf(written);
        }

        @Override
        public synchronized IntegrationException getCause() {
            return (IntegrationException) super.getCause();
        }

        List<FieldChange> written() {
            return written;
        }
    }

    ZenTask writeLocal(ZenTask task, Map<String, String> values) {
        try {
            return writeLocalOnce(task, values);
        } catch (IntegrationException e) {
            if (e.code() == ErrorCode.SYNC_CONFLICT) throw new LocalRace(e);
            throw e;
        }
    }

    ZenTask writeLocalOnce(ZenTask task, Map<String, String> values) {
        return settings.tasks().update(checkLocal(task, values));
    }

    /**
     * The task with the values, without storing it.
     *
     * @throws IntegrationException INVALID_DATA if a Zen task cannot hold them
     */
    ZenTask checkLocal(ZenTask task, Map<String, String> values) {
        try {
            return ZenTasks.withFields(task, values);
        } catch (IllegalArgumentException e) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "the values " + values.keySet()
                    + " cannot be stored in task " + task.id() + ": " + e.getMessage()).taskId(task.id()).cause(e)
                    .build();
        }
    }

    void mirror(String taskId, ExternalItem item, Instant now) {
        if (item == null) return;
        try {
            settings.tasks().writeMetadata(taskId, "external/" + item.system() + ".json", RemoteCache.document(item, now));
        } catch (RuntimeException e) {
            LOG.debug("could not mirror external data of {}", taskId, e);
        }
    }

    static ZenTask restrictTask(ZenTask task, List<String> fields) {
        ZenTask.Builder b = task.toBuilder();
        if (!fields.contains("description")) b.description(null);
        if (!fields.contains("status")) b.status(null);
        if (!fields.contains("priority")) b.priority(null);
        if (!fields.contains("assignee")) b.assignee(null);
        if (!fields.contains("labels")) b.labels(List.of());
        Map<String, String> extra = new LinkedHashMap<>(task.extraFields());
        extra.keySet().retainAll(fields);
        return b.extraFields(extra).build();
    }

    static Map<String, String> restrict(Map<String, String> values, List<String> fields) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : fields) if (values.containsKey(f)) m.put(f, values.get(f));
        return m;
    }

    static String hash(Map<String, String> values) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 1);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static IntegrationException alreadyLinked(String message, String taskId) {
        return IntegrationException.builder(ErrorCode.SYNC_CONFLICT, message).taskId(taskId)
                .detail("reason", "already_linked").build();
    }

    static TaskSyncResult.ErrorInfo info(Throwable t) {
        return TaskSyncResult.ErrorInfo.of(t instanceof IntegrationException e ? e : internalError("sync failed", t));
    }

    /** An unexpected exception (a bug, not bad input), as an INTERNAL_ERROR carrying it. */
    static IntegrationException internalError(String what, Throwable t) {
        return IntegrationException.builder(ErrorCode.INTERNAL_ERROR, what + ": unexpected " + t
                + "; this is a bug in Zen Integration or in a host SPI, please report it with the stack trace")
                .cause(t).build();
    }

    TaskSyncResult skipped(String taskId, String externalId, String syncId, String provider, String why) {
        events.emit(SyncEvent.Type.TASK_SYNCED, syncId, taskId, provider, null, "skipped: " + why,
                Map.of("outcome", TaskSyncResult.Outcome.SKIPPED.name()));
        return new TaskSyncResult(taskId, true, TaskSyncResult.Outcome.SKIPPED, externalId, List.of(), List.of(),
                false, Optional.empty());
    }

    TaskSyncResult result(String taskId, TaskSyncRecord rec, String syncId, TaskSyncResult.Outcome outcome,
                                  List<FieldChange> changes, List<ConflictRecord> conflicts, boolean fromCache) {
        events.emit(SyncEvent.Type.TASK_SYNCED, syncId, taskId, rec.externalSystem(), null, outcome.name()
                + (fromCache ? " (from cache: provider unavailable)" : ""),
                Map.of("changes", String.valueOf(changes.size()), "conflicts", String.valueOf(conflicts.size()),
                        "outcome", outcome.name()));
        return new TaskSyncResult(taskId, true, outcome, rec.externalId(), changes, conflicts, fromCache,
                Optional.empty());
    }

    TaskSyncResult failure(String taskId, String externalId, String provider, String syncId,
                                   IntegrationException e, boolean dryRun) {
        return failure(taskId, externalId, provider, syncId, e, dryRun, List.of());
    }

    /** A failed result listing the changes written before the failure. */
    TaskSyncResult failure(String taskId, String externalId, String provider, String syncId,
                           IntegrationException e, boolean dryRun, List<FieldChange> written) {
        IntegrationException err = e.taskId().isPresent() ? e : e.toBuilder().taskId(taskId).build();
        events.emit(SyncEvent.Type.ERROR, syncId, taskId, provider, null, err.getMessage(),
                Map.of("error_code", err.code().name(), "retryable", String.valueOf(err.retryable())));
        if (!dryRun && isLinkFault(err.code())) markError(taskId, err);
        return new TaskSyncResult(taskId, false, TaskSyncResult.Outcome.FAILED, externalId, written, List.of(), false,
                Optional.of(TaskSyncResult.ErrorInfo.of(err)));
    }

    /** Contention and interrupts say nothing about the link itself: they leave its status alone. */
    private static boolean isLinkFault(ErrorCode code) {
        return code != ErrorCode.SYNC_CONFLICT && code != ErrorCode.LOCK_TIMEOUT && code != ErrorCode.INTERRUPTED;
    }

    void markError(String taskId, IntegrationException e) {
        try {
            settings.records().find(taskId).ifPresent(r -> settings.records().update(r.toBuilder().status(SyncStatus.ERROR)
                    .errorCount(r.errorCount() + 1).lastError(e.code() + ": " + e.getMessage())
                    .updated(settings.clock().instant()).build()));
        } catch (RuntimeException ignored) {
            // the error is reported in the result either way
        }
    }
}
