package dev.zen.integration.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.core.internal.io.Jackson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RecordYamlRoundTripTest {

    @Property(tries = 200)
    void everyRecordSurvivesTheYamlCodec(@ForAll("records") TaskSyncRecord record) throws Exception {
        byte[] yaml = Jackson.yaml().writeValueAsBytes(record);

        assertThat(Jackson.yaml().readValue(yaml, TaskSyncRecord.class)).isEqualTo(record);
    }

    static Arbitrary<String> text() {
        // awkward on purpose: YAML-significant characters, numbers-as-strings, unicode, booleans-as-strings
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30),
                Arbitraries.strings().withChars("äß中 \n\t:#-'\"{}[]|>").ofMaxLength(12),
                Arbitraries.of("yes", "no", "true", "null", "~", "0123", "1e5", "", " lead", "trail "));
    }

    static Arbitrary<String> id() {
        return Arbitraries.strings().alpha().numeric().withChars("-_./ ").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.isBlank());
    }

    static Arbitrary<Instant> instant() {
        return Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli)
                .flatMap(i -> Arbitraries.integers().between(0, 999_999).map(i::plusNanos));
    }

    /** A queued change may clear a field: its value is null and must survive the codec. */
    static Map<String, String> withClearedField(Map<String, String> fields) {
        Map<String, String> m = new LinkedHashMap<>(fields);
        m.put("description", null);
        return m;
    }

    @Provide
    Arbitrary<TaskSyncRecord> records() {
        Arbitrary<String> taskId = id();
        Arbitrary<Map<String, String>> fields = Arbitraries.maps(Arbitraries.of("title", "status", "labels",
                "description", "story_points"), text()).ofMaxSize(5);
        return Combinators.combine(taskId, id(), Arbitraries.of(SyncDirection.class),
                        Arbitraries.of(ConflictStrategy.class).injectNull(0.3), Arbitraries.of(SyncStatus.class),
                        fields, instant(), instant().injectNull(0.3))
                .flatAs((task, ext, dir, strategy, status, base, t1, t2) -> Combinators.combine(
                                text().injectNull(0.5), Arbitraries.longs().between(0, 1000), fields,
                                Arbitraries.integers().between(0, 5))
                        .as((err, version, pending, attempts) -> TaskSyncRecord.link(task, "jira", ext, dir, t1)
                                .toBuilder().conflictStrategy(strategy).status(status).baseSnapshot(base)
                                .lastSyncTime(t2).lastError(err).version(version).errorCount(attempts)
                                .metadata(Map.of("cache.item", "{\"id\":\"1\"}"))
                                .localHash(err).remoteHash(null)
                                .conflicts(List.of(new ConflictRecord("c-" + version, task, "jira", ext, "status",
                                        base.get("status"), err, null, t2, t1, t1)))
                                .pendingChanges(pending.isEmpty() ? List.of()
                                        : List.of(new PendingChange("p-1", pending, t1, attempts),
                                                new PendingChange("p-2", withClearedField(pending), t1, 0)))
                                .build()));
    }
}
