package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ExternalItem;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.spi.SyncRecordStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which task a searched item is linked to, for one scope run: by the item's key or id through the record store's
 * unique index (one lookup, however many links there are). An item whose key changed since it was linked (moved in
 * from another project) is found by the item id the record keeps in its metadata ({@code external_item_id}); that
 * needs a listing of the records, made at most once per run and only when an item is not found by the index (new
 * items, which are imported). A link made meanwhile by another instance is found by the index, or stops a second
 * import at the store's unique index. Thread-safe.
 */
final class LinkLookup {
    private final SyncRecordStore records;
    private final String provider;
    private Map<String, String> byItemId;

    LinkLookup(SyncRecordStore records, String provider) {
        this.records = records;
        this.provider = provider;
    }

    /** The linked task's id, or null. */
    String taskOf(ExternalItem item) {
        Optional<TaskSyncRecord> r = records.findByExternal(provider, item.key());
        if (r.isEmpty() && item.id() != null && !item.id().equals(item.key())) r = records.findByExternal(provider, item.id());
        return r.map(TaskSyncRecord::taskId).orElseGet(() -> byItemId().get(item.id()));
    }

    private synchronized Map<String, String> byItemId() {
        if (byItemId == null) {
            byItemId = new HashMap<>();
            for (TaskSyncRecord r : records.list()) {
                String itemId = r.metadata().get(RemoteCache.ITEM_ID);
                if (r.externalSystem().equals(provider) && itemId != null) byItemId.putIfAbsent(itemId, r.taskId());
            }
        }
        return byItemId;
    }
}
