package dev.zen.integration.core.webhook;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link WebhookTarget#of(ZenIntegration)} over today's API: linked items' tasks are synced in one run (both
 * directions; a deleted item is the engine's NOT_FOUND case), unlinked items are imported. The single place to switch
 * to {@code ZenIntegration.syncItems(provider, ids)} (issue 17), which also honours the scope's {@code on_new_remote}.
 */
final class ZenWebhookTarget implements WebhookTarget {
    private final ZenIntegration zen;

    ZenWebhookTarget(ZenIntegration zen) {
        this.zen = Objects.requireNonNull(zen, "zen");
    }

    @Override
    public SyncReport sync(String provider, List<String> externalIds) {
        Instant started = Instant.now();
        List<String> linkedTasks = new ArrayList<>();
        List<TaskSyncResult> rows = new ArrayList<>();
        for (String id : externalIds) {
            Optional<TaskSyncRecord> link = zen.recordStore().findByExternal(provider, id);
            if (link.isPresent()) {
                linkedTasks.add(link.get().taskId());
            } else {
                importItem(provider, id, rows);
            }
        }
        String syncId = "webhook-" + UUID.randomUUID();
        if (!linkedTasks.isEmpty()) {
            SyncReport report = zen.sync(SyncRequest.of(linkedTasks, SyncDirection.BIDIRECTIONAL));
            rows.addAll(0, report.results());
            syncId = report.syncId();
        }
        Instant finished = Instant.now();
        return new SyncReport(syncId, SyncReport.statusOf(rows), false, started,
                finished.isBefore(started) ? started : finished, rows);
    }

    private void importItem(String provider, String externalId, List<TaskSyncResult> rows) {
        try {
            ZenTask task = zen.importItem(provider, externalId);
            rows.add(new TaskSyncResult(task.id(), true, TaskSyncResult.Outcome.UPDATED, externalId, List.of(),
                    List.of(), false, Optional.empty()));
        } catch (IntegrationException e) {
            // deleted before we got to it, or linked meanwhile by a racing import: nothing left to do
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.SYNC_CONFLICT) return;
            rows.add(TaskSyncResult.failed(provider + ":" + externalId, externalId,
                    TaskSyncResult.ErrorInfo.of(e)));
        }
    }
}
