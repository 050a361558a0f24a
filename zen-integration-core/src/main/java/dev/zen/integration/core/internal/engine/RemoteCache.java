package dev.zen.integration.core.internal.engine;

import dev.zen.integration.core.internal.io.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zen.integration.ExternalItem;
import dev.zen.integration.TaskSyncRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last external data seen for a link, kept durably in the record's metadata ({@code cache.item}, as JSON) so
 * a pull can fall back to it while the provider is unavailable.
 */
final class RemoteCache {
    static final String ITEM = "cache.item";
    static final String AT = "cache.fetched_at";
    /** The item's id, which stays when its key changes (an issue moved to another project). */
    static final String ITEM_ID = "external_item_id";

    private RemoteCache() {}

    /** The record builder with the item cached. */
    static TaskSyncRecord.Builder put(TaskSyncRecord.Builder b, ExternalItem item, Instant now) {
        b.metadata(ITEM, encode(item));
        b.metadata(AT, now.toString());
        b.metadata(ITEM_ID, item.id());
        if (item.url() != null) b.metadata("external_url", item.url());
        return b;
    }

    static Optional<ExternalItem> get(TaskSyncRecord record) {
        String json = record.metadata().get(ITEM);
        if (json == null) return Optional.empty();
        try {
            Doc d = Jackson.json().readValue(json, Doc.class);
            return Optional.of(new ExternalItem(record.externalSystem(), d.id(), d.key(), d.url(), d.fields(),
                    d.updated(), d.fieldChangedAt()));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty(); // an unreadable cache is no cache
        }
    }

    /** The cached item as a JSON-like document, for mirrors such as the task's metadata folder. */
    static Map<String, Object> document(ExternalItem item, Instant fetchedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", item.system());
        m.put("id", item.id());
        m.put("key", item.key());
        m.put("url", item.url());
        m.put("updated", item.updated() == null ? null : item.updated().toString());
        m.put("fields", item.fields());
        m.put("fetched_at", fetchedAt.toString());
        return m;
    }

    private static String encode(ExternalItem item) {
        try {
            return Jackson.json().writeValueAsString(new Doc(item.id(), item.key(), item.url(), item.updated(),
                    item.fields(), item.fieldChangedAt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an external item could not be encoded", e);
        }
    }

    private record Doc(String id, String key, String url, Instant updated, Map<String, Object> fields,
                       Map<String, Instant> fieldChangedAt) {}
}
