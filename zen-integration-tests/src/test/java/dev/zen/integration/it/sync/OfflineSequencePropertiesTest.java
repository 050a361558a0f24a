package dev.zen.integration.it.sync;

import static dev.zen.integration.testkit.ZenAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of edits, syncs, flushes and outages. However the outages fall, once the provider is back and
 * two syncs ran: nothing stays queued, every field without an open conflict agrees on both sides, each agreed
 * value is the latest edit of one of the sides (nothing invented, nothing stale), and an automatic strategy leaves
 * no conflict at all.
 */
class OfflineSequencePropertiesTest {
    static final Map<String, List<String>> VALUES = SyncSequencePropertiesTest.VALUES;

    sealed interface Step permits Local, Remote, Sync, Flush, Down, Up {}

    record Local(String field, String value) implements Step {}

    record Remote(String field, String value) implements Step {}

    record Sync() implements Step {}

    record Flush() implements Step {}

    record Down() implements Step {}

    record Up() implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> field = Arbitraries.of(List.copyOf(new TreeSet<>(VALUES.keySet())));
        Arbitrary<Step> local = field.flatMap(f -> Arbitraries.of(VALUES.get(f)).map(v -> new Local(f, v)));
        Arbitrary<Step> remote = field.flatMap(f -> Arbitraries.of(VALUES.get(f)).map(v -> new Remote(f, v)));
        return Arbitraries.frequencyOf(
                        Tuple.of(4, local), Tuple.of(3, remote), Tuple.of(3, Arbitraries.just(new Sync())),
                        Tuple.of(1, Arbitraries.just(new Flush())), Tuple.of(1, Arbitraries.just(new Down())),
                        Tuple.of(1, Arbitraries.just(new Up())))
                .list().ofMaxSize(18);
    }

    @Provide
    Arbitrary<ConflictStrategy> strategies() {
        return Arbitraries.of(ConflictStrategy.class);
    }

    @Property(tries = 150)
    void outagesNeverLoseOrInventValues(@ForAll("steps") List<Step> steps, @ForAll("strategies") ConflictStrategy strategy) {
        try (ZenTestEnvironment f = FakeTracker.environment()
                .configureProvider(p -> p.conflictStrategy(strategy)).build()) {
            String key = f.linkedPair("task-1", SyncSequencePropertiesTest.INITIAL);
            Map<String, Set<String>> written = new HashMap<>();
            Map<String, String> lastLocal = new HashMap<>(SyncSequencePropertiesTest.INITIAL);
            Map<String, String> lastRemote = new HashMap<>(SyncSequencePropertiesTest.INITIAL);
            for (Step step : steps) {
                if (step instanceof Local l) {
                    f.editTask("task-1", l.field(), l.value());
                    lastLocal.put(l.field(), l.value());
                    written.computeIfAbsent(l.field(), k -> new HashSet<>()).add(l.value());
                } else if (step instanceof Remote r) {
                    f.editItem(key, r.field(), r.value());
                    lastRemote.put(r.field(), r.value());
                    written.computeIfAbsent(r.field(), k -> new HashSet<>()).add(r.value());
                } else if (step instanceof Sync) {
                    SyncReport report = f.sync("task-1", SyncDirection.BIDIRECTIONAL);
                    assertThat(report).as("a sync during an outage degrades, it does not fail").hasNoFailures();
                } else if (step instanceof Flush) {
                    f.integration().flushPending();
                } else if (step instanceof Down) {
                    f.tracker().unavailable(ErrorCode.NETWORK_ERROR);
                } else {
                    f.tracker().available();
                }
            }
            f.tracker().available();
            f.sync("task-1", SyncDirection.BIDIRECTIONAL);
            f.sync("task-1", SyncDirection.BIDIRECTIONAL);

            assertThat(f.integration().status().pendingChanges()).as("nothing stays queued").isZero();
            Set<String> conflicting = f.integration().conflicts().stream().map(ConflictRecord::field).collect(Collectors.toSet());
            if (strategy != ConflictStrategy.MANUAL_REVIEW) assertThat(conflicting).isEmpty();
            for (String field : VALUES.keySet()) {
                String local = f.taskField("task-1", field);
                String remote = f.itemField(key, field);
                if (conflicting.contains(field)) {
                    assertThat(local).as("Zen keeps its own %s", field).isEqualTo(lastLocal.get(field));
                    assertThat(remote).as("the tracker keeps its own %s", field).isEqualTo(lastRemote.get(field));
                } else {
                    assertThat(local).as("both sides agree on %s", field).isEqualTo(remote);
                    assertThat(local).as("%s is the latest value of one side", field)
                            .isIn(lastLocal.get(field), lastRemote.get(field));
                }
            }
        }
    }
}
