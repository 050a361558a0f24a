package dev.zen.integration.it.sync;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of Zen edits, tracker edits and bidirectional syncs, checked against a small model of the
 * three-way merge. After a final sync with no new edits: both sides agree on every field without a conflict, no
 * edit is lost, and conflicts are exactly the fields both sides changed to different values.
 */
class SyncSequencePropertiesTest {
    static final Map<String, List<String>> VALUES = Map.of(
            "title", List.of("t0", "a", "b"),
            "status", List.of("s0", "a", "b"),
            "description", Arrays.asList(null, "a", "b"),
            "labels", List.of("x", "x y", "y"));
    static final Map<String, String> INITIAL = Map.of("title", "t0", "status", "s0", "labels", "x");

    sealed interface Step permits LocalEdit, RemoteEdit, Sync {}

    record LocalEdit(String field, String value) implements Step {}

    record RemoteEdit(String field, String value) implements Step {}

    record Sync(SyncDirection direction) implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> field = Arbitraries.of(List.copyOf(new TreeSet<>(VALUES.keySet())));
        Arbitrary<Step> local = field.flatMap(f -> Arbitraries.of(VALUES.get(f)).map(v -> new LocalEdit(f, v)));
        Arbitrary<Step> remote = field.flatMap(f -> Arbitraries.of(VALUES.get(f)).map(v -> new RemoteEdit(f, v)));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, local), net.jqwik.api.Tuple.of(3, remote),
                        net.jqwik.api.Tuple.of(2, Arbitraries.of(SyncDirection.class).map(Sync::new)))
                .list().ofMaxSize(14);
    }

    @Property(tries = 150)
    void manualReviewKeepsEveryEditAndFlagsExactlyTheDivergentFields(@ForAll("steps") List<Step> steps) {
        run(ConflictStrategy.MANUAL_REVIEW, steps);
    }

    @Property(tries = 150)
    void automaticStrategiesConvergeWithoutLosingTheWinningEdit(
            @ForAll("steps") List<Step> steps,
            @ForAll("automatic") ConflictStrategy strategy) {
        run(strategy, steps);
    }

    @Provide
    Arbitrary<ConflictStrategy> automatic() {
        return Arbitraries.of(ConflictStrategy.LOCAL_WINS, ConflictStrategy.REMOTE_WINS, ConflictStrategy.TIMESTAMP);
    }

    private void run(ConflictStrategy strategy, List<Step> steps) {
        try (ZenTestEnvironment f = FakeTracker.environment()
                .configureProvider(p -> p.conflictStrategy(strategy)).build()) {
            String key = f.linkedPair("task-1", INITIAL);
            Model model = new Model(strategy, f.clock().instant());
            for (Step step : steps) {
                if (step instanceof LocalEdit e) {
                    f.editTask("task-1", e.field(), e.value());
                    model.local(e.field(), e.value(), f.clock().instant());
                } else if (step instanceof RemoteEdit e) {
                    f.editItem(key, e.field(), e.value());
                    model.remote(e.field(), e.value(), f.clock().instant());
                } else if (step instanceof Sync sync) {
                    syncAndCompare(f, key, model, sync.direction());
                }
            }
            syncAndCompare(f, key, model, SyncDirection.BIDIRECTIONAL); // the final sync, with no new edits

            Set<String> conflicting = f.integration().conflicts().stream().map(ConflictRecord::field).collect(Collectors.toSet());
            for (String field : VALUES.keySet()) {
                String local = f.taskField("task-1", field);
                String remote = f.itemField(key, field);
                if (!conflicting.contains(field)) {
                    assertThat(local).as("both sides agree on %s", field).isEqualTo(remote);
                    if (model.lastEdit.containsKey(field)) {
                        assertThat(local).as("the last edit of %s survives", field)
                                .isIn(model.lastLocal.get(field), model.lastRemote.get(field), model.lastEdit.get(field));
                    }
                } else {
                    assertThat(local).as("the Zen edit of %s is kept", field).isEqualTo(model.lastLocal.get(field));
                    assertThat(remote).as("the tracker edit of %s is kept", field).isEqualTo(model.lastRemote.get(field));
                }
            }
            if (strategy != ConflictStrategy.MANUAL_REVIEW) assertThat(conflicting).isEmpty();
        }
    }

    private static void syncAndCompare(ZenTestEnvironment f, String key, Model model, SyncDirection direction) {
        SyncReport report = f.sync("task-1", direction);
        assertThat(report).hasNoFailures();
        model.sync(f.clock().instant(), direction);
        for (String field : VALUES.keySet()) {
            assertThat(f.taskField("task-1", field)).as("Zen %s", field).isEqualTo(model.local.get(field));
            assertThat(f.itemField(key, field)).as("tracker %s", field).isEqualTo(model.remote.get(field));
        }
        assertThat(f.integration().conflicts().stream().map(ConflictRecord::field).collect(Collectors.toSet()))
                .as("conflicting fields").isEqualTo(model.conflicts);
    }

    /** The intended semantics, per field, written as plainly as possible. */
    static final class Model {
        final ConflictStrategy strategy;
        final Map<String, String> base = new LinkedHashMap<>(INITIAL);
        final Map<String, String> local = new LinkedHashMap<>(INITIAL);
        final Map<String, String> remote = new LinkedHashMap<>(INITIAL);
        final Map<String, String> lastLocal = new LinkedHashMap<>(INITIAL);
        final Map<String, String> lastRemote = new LinkedHashMap<>(INITIAL);
        final Map<String, String> lastEdit = new LinkedHashMap<>();
        final Map<String, Instant> remoteChangedAt = new LinkedHashMap<>();
        final Set<String> conflicts = new TreeSet<>();
        Instant localUpdated;

        Model(ConflictStrategy strategy, Instant now) {
            this.strategy = strategy;
            this.localUpdated = now;
        }

        void local(String field, String value, Instant at) {
            local.put(field, value);
            lastLocal.put(field, value);
            lastEdit.put(field, value);
            localUpdated = at;
        }

        void remote(String field, String value, Instant at) {
            remote.put(field, value);
            lastRemote.put(field, value);
            lastEdit.put(field, value);
            remoteChangedAt.put(field, at);
        }

        void sync(Instant now, SyncDirection dir) {
            boolean localWritten = false;
            Instant localAt = localUpdated;
            for (String field : VALUES.keySet()) {
                String b = base.get(field);
                String l = local.get(field);
                String r = remote.get(field);
                if (Objects.equals(l, r)) {
                    base.put(field, l);
                    conflicts.remove(field);
                    continue;
                }
                boolean lc = !Objects.equals(l, b);
                boolean rc = !Objects.equals(r, b);
                if ((lc && rc) || conflicts.contains(field)) {
                    boolean localWins;
                    switch (strategy) {
                        case MANUAL_REVIEW -> {
                            conflicts.add(field);
                            continue;
                        }
                        case LOCAL_WINS -> localWins = true;
                        case REMOTE_WINS -> localWins = false;
                        default -> {
                            Instant ra = remoteChangedAt.get(field);
                            localWins = ra == null || !ra.isAfter(localAt);
                        }
                    }
                    conflicts.remove(field);
                    if (localWins && dir.pushes()) {
                        push(field, l, now);
                    } else if (localWins) {
                        base.put(field, r); // seen and overruled; nothing may be pushed in this direction
                    } else if (dir.pulls()) {
                        localWritten |= pull(field, r);
                    } else {
                        base.put(field, l);
                    }
                } else if (lc && dir.pushes()) {
                    push(field, l, now);
                } else if (rc && dir.pulls()) {
                    localWritten |= pull(field, r);
                }
            }
            if (localWritten) localUpdated = now;
            base.values().removeIf(Objects::isNull);
        }

        private void push(String field, String value, Instant now) {
            remote.put(field, value);
            remoteChangedAt.put(field, now);
            base.put(field, value);
        }

        private boolean pull(String field, String value) {
            local.put(field, value);
            base.put(field, value);
            return true;
        }
    }
}
