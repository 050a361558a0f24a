package dev.zen.integration.core.internal.io;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.zen.integration.SyncDirection;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Jackson mix-in for {@link dev.zen.integration.TaskSyncRecord}: the spec's key names ({@code sync_direction},
 * {@code created_at}, {@code updated_at}) where the Java components are shorter. Files written before the rename
 * used {@code direction}, {@code created} and {@code updated}; those keys are still read, and the next write of
 * the record uses the spec's names. Not API.
 */
public abstract class RecordNames {
    /** Each old key and the spec's key that replaced it. */
    private static final Map<String, String> RENAMED = Map.of("direction", "sync_direction", "created", "created_at",
            "updated", "updated_at");

    private RecordNames() {}

    /**
     * What is wrong if a top-level key of a record document is given in both spellings (such as {@code direction}
     * and {@code sync_direction}), or null if none is: Jackson would silently keep the later one, so readers refuse
     * such a file like any other key given twice. A document that does not parse gives null; the reader reports it.
     */
    public static @Nullable String givenTwice(byte[] yaml) {
        Set<String> keys = new HashSet<>();
        try (JsonParser p = Jackson.yaml().createParser(yaml)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructStart()) depth++;
                else if (t.isStructEnd()) depth--;
                else if (t == JsonToken.FIELD_NAME && depth == 1) keys.add(p.currentName());
            }
        } catch (IOException e) {
            return null;
        }
        return RENAMED.entrySet().stream().filter(e -> keys.contains(e.getKey()) && keys.contains(e.getValue()))
                .map(e -> "it gives both " + e.getKey() + " and " + e.getValue() + ", the old and the new name of one"
                        + " key; keep " + e.getValue()).sorted().findFirst().orElse(null);
    }

    @JsonProperty("sync_direction")
    @JsonAlias("direction")
    abstract SyncDirection direction();

    @JsonProperty("created_at")
    @JsonAlias("created")
    abstract Instant created();

    @JsonProperty("updated_at")
    @JsonAlias("updated")
    abstract Instant updated();
}
