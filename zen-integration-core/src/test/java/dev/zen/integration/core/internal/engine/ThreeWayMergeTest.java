package dev.zen.integration.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.FieldChange;
import dev.zen.integration.SyncDirection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {
    static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

    static ThreeWayMerge.Plan merge(Map<String, String> base, Map<String, String> local, Map<String, String> remote,
                                    SyncDirection dir, ConflictStrategy strategy, Instant localAt, Instant remoteAt,
                                    List<ConflictRecord> open) {
        return ThreeWayMerge.merge(new ThreeWayMerge.Inputs(List.of("title", "status"), true, base, local, remote,
                f -> dir, f -> SyncDirection.BIDIRECTIONAL, f -> strategy, localAt, f -> remoteAt, open),
                (f, b, l, r, la, ra) -> new ConflictRecord("c-" + f, "task-1", "jira", "SYNC-1", f, b, l, r, la, ra, T2));
    }

    static ThreeWayMerge.Plan merge(Map<String, String> base, Map<String, String> local, Map<String, String> remote,
                                    ConflictStrategy strategy) {
        return merge(base, local, remote, SyncDirection.BIDIRECTIONAL, strategy, T1, T2, List.of());
    }

    static final Map<String, String> BASE = Map.of("title", "A", "status", "To Do");

    @Test
    void givenOnlyZenChangedAFieldWhenMergedThenItIsPushedAndBecomesTheBase() {
        ThreeWayMerge.Plan p = merge(BASE, Map.of("title", "B", "status", "To Do"), BASE, ConflictStrategy.MANUAL_REVIEW);

        assertThat(p.toRemote()).isEqualTo(Map.of("title", "B"));
        assertThat(p.toLocal()).isEmpty();
        assertThat(p.newBase()).containsEntry("title", "B");
        assertThat(p.changes()).containsExactly(new FieldChange("title", FieldChange.Side.REMOTE, "A", "B"));
        assertThat(p.detected()).isEmpty();
    }

    @Test
    void givenOnlyTheTrackerChangedAFieldWhenMergedThenItIsPulled() {
        ThreeWayMerge.Plan p = merge(BASE, BASE, Map.of("title", "A", "status", "Done"), ConflictStrategy.MANUAL_REVIEW);

        assertThat(p.toLocal()).isEqualTo(Map.of("status", "Done"));
        assertThat(p.toRemote()).isEmpty();
    }

    @Test
    void givenTheSameChangeOnBothSidesWhenMergedThenNothingIsWrittenAndNoConflict() {
        Map<String, String> both = Map.of("title", "A", "status", "Done");
        ThreeWayMerge.Plan p = merge(BASE, both, both, ConflictStrategy.MANUAL_REVIEW);

        assertThat(p.writesSomething()).isFalse();
        assertThat(p.openConflicts()).isEmpty();
        assertThat(p.newBase()).containsEntry("status", "Done");
    }

    @Test
    void givenDifferentChangesUnderManualReviewWhenMergedThenAConflictAndTheBaseIsKept() {
        ThreeWayMerge.Plan p = merge(BASE, Map.of("title", "A", "status", "Done"),
                Map.of("title", "A", "status", "Blocked"), ConflictStrategy.MANUAL_REVIEW);

        assertThat(p.writesSomething()).isFalse();
        assertThat(p.openConflicts()).singleElement().extracting(ConflictRecord::field, ConflictRecord::baseValue)
                .containsExactly("status", "To Do");
        assertThat(p.newBase()).containsEntry("status", "To Do");
    }

    @Test
    void givenAClearedFieldOnOneSideWhenMergedThenTheClearIsPropagatedAsNull() {
        Map<String, String> local = new HashMap<>(BASE);
        local.remove("status");
        ThreeWayMerge.Plan p = merge(BASE, local, BASE, ConflictStrategy.MANUAL_REVIEW);

        assertThat(p.toRemote()).containsEntry("status", null);
        assertThat(p.newBase()).doesNotContainKey("status");
    }

    @Test
    void givenTimestampStrategyWhenTheTrackerChangedLaterThenTheTrackerWinsAndOnATieZenWins() {
        Map<String, String> local = Map.of("title", "A", "status", "Done");
        Map<String, String> remote = Map.of("title", "A", "status", "Blocked");

        ThreeWayMerge.Plan later = merge(BASE, local, remote, SyncDirection.BIDIRECTIONAL, ConflictStrategy.TIMESTAMP,
                T1, T2, List.of());
        ThreeWayMerge.Plan tie = merge(BASE, local, remote, SyncDirection.BIDIRECTIONAL, ConflictStrategy.TIMESTAMP,
                T2, T2, List.of());

        assertThat(later.toLocal()).isEqualTo(Map.of("status", "Blocked"));
        assertThat(tie.toRemote()).isEqualTo(Map.of("status", "Done"));
        assertThat(later.detected()).hasSize(1);
    }

    @Test
    void givenAPullOnlyFieldWhenZenWinsAConflictThenNothingIsPushedAndTheRemoteValueBecomesTheBase() {
        ThreeWayMerge.Plan p = merge(BASE, Map.of("title", "A", "status", "Done"),
                Map.of("title", "A", "status", "Blocked"), SyncDirection.PULL, ConflictStrategy.LOCAL_WINS, T1, T2,
                List.of());

        assertThat(p.writesSomething()).isFalse();
        assertThat(p.newBase()).containsEntry("status", "Blocked");
    }

    @Test
    void givenAPushOnlyDirectionWhenOnlyTheTrackerChangedThenNothingIsPulledAndTheBaseStays() {
        ThreeWayMerge.Plan p = merge(BASE, BASE, Map.of("title", "Z", "status", "To Do"), SyncDirection.PUSH,
                ConflictStrategy.MANUAL_REVIEW, T1, T2, List.of());

        assertThat(p.writesSomething()).isFalse();
        assertThat(p.newBase()).containsEntry("title", "A");
    }

    /** Status is owned by one side (configured one-way); the run may write in {@code owner}'s direction. */
    static ThreeWayMerge.Plan mergeOwned(Map<String, String> local, Map<String, String> remote, SyncDirection owner,
                                         boolean hasBase) {
        return ThreeWayMerge.merge(new ThreeWayMerge.Inputs(List.of("title", "status"), hasBase,
                        hasBase ? BASE : Map.of(), local, remote,
                        f -> f.equals("status") ? owner : SyncDirection.BIDIRECTIONAL,
                        f -> f.equals("status") ? owner : SyncDirection.BIDIRECTIONAL,
                        f -> ConflictStrategy.MANUAL_REVIEW, T1, f -> T2, List.of()),
                (f, b, l, r, la, ra) -> new ConflictRecord("c-" + f, "task-1", "jira", "SYNC-1", f, b, l, r, la, ra, T2));
    }

    @Test
    void givenAPullOnlyFieldEditedInZenWhenTheTrackerChangesItTooThenTheTrackerValueIsPulledWithoutAConflict() {
        ThreeWayMerge.Plan p = mergeOwned(Map.of("title", "A", "status", "Done"),
                Map.of("title", "A", "status", "In Progress"), SyncDirection.PULL, true);

        assertThat(p.detected()).isEmpty();
        assertThat(p.openConflicts()).isEmpty();
        assertThat(p.toLocal()).isEqualTo(Map.of("status", "In Progress"));
        assertThat(p.toRemote()).isEmpty();
        assertThat(p.newBase()).containsEntry("status", "In Progress");
    }

    @Test
    void givenAPullOnlyFieldEditedOnlyInZenWhenMergedThenNothingIsWrittenAndTheBaseStays() {
        ThreeWayMerge.Plan p = mergeOwned(Map.of("title", "A", "status", "Done"), BASE, SyncDirection.PULL, true);

        assertThat(p.writesSomething()).isFalse();
        assertThat(p.openConflicts()).isEmpty();
        assertThat(p.newBase()).containsEntry("status", "To Do");
    }

    @Test
    void givenAPushOnlyFieldEditedInTheTrackerWhenZenChangesItTooThenTheZenValueIsPushedWithoutAConflict() {
        ThreeWayMerge.Plan p = mergeOwned(Map.of("title", "A", "status", "Done"),
                Map.of("title", "A", "status", "Blocked"), SyncDirection.PUSH, true);

        assertThat(p.detected()).isEmpty();
        assertThat(p.openConflicts()).isEmpty();
        assertThat(p.toRemote()).isEqualTo(Map.of("status", "Done"));
        assertThat(p.toLocal()).isEmpty();
        assertThat(p.newBase()).containsEntry("status", "Done");
    }

    @Test
    void givenOneWayFieldsWithoutABaseWhenTheSidesDifferThenTheOwningSideWins() {
        Map<String, String> local = Map.of("title", "A", "status", "Done");
        Map<String, String> remote = Map.of("title", "A", "status", "To Do");

        assertThat(mergeOwned(local, remote, SyncDirection.PULL, false).toLocal()).isEqualTo(Map.of("status", "To Do"));
        assertThat(mergeOwned(local, remote, SyncDirection.PUSH, false).toRemote()).isEqualTo(Map.of("status", "Done"));
        assertThat(mergeOwned(local, remote, SyncDirection.PUSH, false).openConflicts()).isEmpty();
    }

    @Test
    void givenNoBaseYetWhenTheSidesDifferThenEveryDifferenceIsAConflict() {
        ThreeWayMerge.Plan p = ThreeWayMerge.merge(new ThreeWayMerge.Inputs(List.of("title", "status"), false,
                Map.of(), Map.of("title", "A", "status", "Done"), Map.of("title", "A", "status", "To Do"),
                f -> SyncDirection.BIDIRECTIONAL, f -> SyncDirection.BIDIRECTIONAL, f -> ConflictStrategy.MANUAL_REVIEW,
                T1, f -> T2, List.of()),
                (f, b, l, r, la, ra) -> new ConflictRecord("c", "t", "jira", "X-1", f, b, l, r, la, ra, T2));

        assertThat(p.openConflicts()).extracting(ConflictRecord::field).containsExactly("status");
        assertThat(p.newBase()).isEqualTo(Map.of("title", "A"));
    }

    @Test
    void givenAnOpenConflictWhenOnlyOneSideMovesBackToTheBaseThenItStaysAConflictWithTheSameIdIfUnchanged() {
        ConflictRecord open = new ConflictRecord("c-open", "task-1", "jira", "SYNC-1", "status", "To Do", "Done",
                "Blocked", T1, T2, T1);
        Map<String, String> local = Map.of("title", "A", "status", "Done");

        ThreeWayMerge.Plan same = merge(BASE, local, Map.of("title", "A", "status", "Blocked"),
                SyncDirection.BIDIRECTIONAL, ConflictStrategy.MANUAL_REVIEW, T1, T2, List.of(open));
        ThreeWayMerge.Plan back = merge(BASE, local, BASE, SyncDirection.BIDIRECTIONAL,
                ConflictStrategy.MANUAL_REVIEW, T1, T2, List.of(open));

        assertThat(same.openConflicts()).containsExactly(open);
        assertThat(same.detected()).isEmpty();
        assertThat(back.openConflicts()).extracting(ConflictRecord::remoteValue).containsExactly("To Do");
        assertThat(back.writesSomething()).isFalse();
    }
}
