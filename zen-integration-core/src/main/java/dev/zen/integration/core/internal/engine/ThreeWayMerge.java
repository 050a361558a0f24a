package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.FieldChange;
import dev.zen.integration.SyncDirection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The per-field three-way merge of one task against its external item, relative to the base snapshot agreed at the
 * last sync. Pure: it decides, the engine writes.
 *
 * <ul>
 *   <li>Both sides equal: nothing to do; that value becomes the base (the same change on both sides is no
 *       conflict).</li>
 *   <li>One side changed: the change flows to the other side if the field's direction allows it.</li>
 *   <li>A one-way field (its configured direction is pull or push only) never conflicts: the side its direction
 *       reads from owns it. A pull-only field takes the external value whenever that changed, over a local edit; a
 *       push-only field sends the Zen value whenever that changed, over an external edit.</li>
 *   <li>Both changed differently (or a conflict on the field is still open, or there is no base yet): a conflict,
 *       settled by the field's strategy. {@code MANUAL_REVIEW} records it and writes nothing for that field;
 *       {@code TIMESTAMP} picks the later change, ties keeping the Zen value.</li>
 * </ul>
 */
final class ThreeWayMerge {

    /**
     * What is known about one side of one task. {@code direction} is what this run may write per field (the request
     * narrowed by the configuration); {@code owner} is the configured direction alone (link, provider, field), which
     * decides whether a field can conflict at all.
     */
    record Inputs(List<String> fields, boolean hasBase, Map<String, String> base, Map<String, String> local,
                  Map<String, String> remote, Function<String, SyncDirection> direction,
                  Function<String, SyncDirection> owner, Function<String, ConflictStrategy> strategy,
                  Instant localChangedAt, Function<String, Instant> remoteChangedAt,
                  List<ConflictRecord> openConflicts) {}

    /** The decisions. */
    record Plan(Map<String, String> toRemote, Map<String, String> toLocal, Map<String, String> newBase,
                List<ConflictRecord> openConflicts, List<ConflictRecord> detected, List<FieldChange> changes) {
        boolean writesSomething() {
            return !toRemote.isEmpty() || !toLocal.isEmpty();
        }
    }

    /** Identifies the conflicts to create. */
    interface ConflictFactory {
        ConflictRecord create(String field, String base, String local, String remote, Instant localAt,
                              Instant remoteAt);
    }

    private ThreeWayMerge() {}

    static Plan merge(Inputs in, ConflictFactory newConflict) {
        Decisions d = new Decisions(in.base());
        for (String f : in.fields()) mergeField(in, f, newConflict, d);
        return d.plan();
    }

    private static void mergeField(Inputs in, String f, ConflictFactory newConflict, Decisions d) {
        String b = in.base().get(f);
        String l = in.local().get(f);
        String r = in.remote().get(f);
        SyncDirection dir = in.direction().apply(f);
        if (Objects.equals(l, r)) {
            d.agree(f, l);
            return;
        }
        ConflictRecord existing = in.openConflicts().stream().filter(c -> c.field().equals(f)).findFirst()
                .orElse(null);
        boolean localChanged = !in.hasBase() || !Objects.equals(l, b);
        boolean remoteChanged = !in.hasBase() || !Objects.equals(r, b);
        SyncDirection owner = in.owner().apply(f);
        if (owner == SyncDirection.PULL) { // the external side owns the field: a local edit never holds it back
            if (remoteChanged && dir.pulls()) d.pull(f, l, r);
            return;
        }
        if (owner == SyncDirection.PUSH) { // Zen owns the field: an external edit never holds it back
            if (localChanged && dir.pushes()) d.push(f, l, r);
            return;
        }
        if (existing == null && !(localChanged && remoteChanged)) {
            if (localChanged && dir.pushes()) d.push(f, l, r);
            if (!localChanged && dir.pulls()) d.pull(f, l, r);
            return;
        }
        Instant localAt = in.localChangedAt();
        Instant remoteAt = in.remoteChangedAt().apply(f);
        ConflictRecord record = existing != null && Objects.equals(existing.localValue(), l)
                && Objects.equals(existing.remoteValue(), r)
                ? existing : newConflict.create(f, b, l, r, localAt, remoteAt);
        ConflictStrategy strategy = in.strategy().apply(f);
        if (strategy == ConflictStrategy.MANUAL_REVIEW) {
            d.open.add(record);
            if (record != existing) d.detected.add(record);
            return;
        }
        d.detected.add(record);
        if (localWins(strategy, localAt, remoteAt)) {
            if (dir.pushes()) d.push(f, l, r);
            else d.agree(f, r); // the remote value was seen and overruled; the Zen value stays local
        } else {
            if (dir.pulls()) d.pull(f, l, r);
            else d.agree(f, l);
        }
    }

    /** An automatic strategy's verdict; TIMESTAMP picks the later change, ties keeping the Zen value. */
    private static boolean localWins(ConflictStrategy strategy, Instant localAt, Instant remoteAt) {
        return switch (strategy) {
            case LOCAL_WINS -> true;
            case REMOTE_WINS -> false;
            case TIMESTAMP -> remoteAt == null || (localAt != null && !remoteAt.isAfter(localAt));
            case MANUAL_REVIEW -> throw new IllegalStateException("manual review is not decided automatically");
        };
    }

    /** The decisions so far. */
    private static final class Decisions {
        final Map<String, String> toRemote = new LinkedHashMap<>();
        final Map<String, String> toLocal = new LinkedHashMap<>();
        final Map<String, String> newBase;
        final List<ConflictRecord> open = new ArrayList<>();
        final List<ConflictRecord> detected = new ArrayList<>();
        final List<FieldChange> changes = new ArrayList<>();

        Decisions(Map<String, String> base) {
            this.newBase = new LinkedHashMap<>(base);
        }

        void agree(String f, String value) {
            put(newBase, f, value);
        }

        void push(String f, String local, String remote) {
            toRemote.put(f, local);
            changes.add(new FieldChange(f, FieldChange.Side.REMOTE, remote, local));
            put(newBase, f, local);
        }

        void pull(String f, String local, String remote) {
            toLocal.put(f, remote);
            changes.add(new FieldChange(f, FieldChange.Side.LOCAL, local, remote));
            put(newBase, f, remote);
        }

        Plan plan() {
            return new Plan(toRemote, toLocal, newBase, open, detected, changes);
        }
    }

    static void put(Map<String, String> m, String k, String v) {
        if (v == null) m.remove(k); else m.put(k, v);
    }

}
