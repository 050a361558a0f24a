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
 *   <li>Both changed differently (or a conflict on the field is still open, or there is no base yet): a conflict,
 *       settled by the field's strategy. {@code MANUAL_REVIEW} records it and writes nothing for that field;
 *       {@code TIMESTAMP} picks the later change, ties keeping the Zen value.</li>
 * </ul>
 */
final class ThreeWayMerge {

    /** What is known about one side of one task. */
    record Inputs(List<String> fields, boolean hasBase, Map<String, String> base, Map<String, String> local,
                  Map<String, String> remote, Function<String, SyncDirection> direction,
                  Function<String, ConflictStrategy> strategy, Instant localChangedAt,
                  Function<String, Instant> remoteChangedAt, List<ConflictRecord> openConflicts) {}

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
        Map<String, String> toRemote = new LinkedHashMap<>();
        Map<String, String> toLocal = new LinkedHashMap<>();
        Map<String, String> newBase = new LinkedHashMap<>(in.base());
        List<ConflictRecord> open = new ArrayList<>();
        List<ConflictRecord> detected = new ArrayList<>();
        List<FieldChange> changes = new ArrayList<>();

        for (String f : in.fields()) {
            String b = in.base().get(f);
            String l = in.local().get(f);
            String r = in.remote().get(f);
            SyncDirection dir = in.direction().apply(f);
            ConflictRecord existing = in.openConflicts().stream().filter(c -> c.field().equals(f)).findFirst()
                    .orElse(null);
            if (Objects.equals(l, r)) {
                put(newBase, f, l);
                continue;
            }
            boolean localChanged = !in.hasBase() || !Objects.equals(l, b);
            boolean remoteChanged = !in.hasBase() || !Objects.equals(r, b);
            boolean conflict = (localChanged && remoteChanged) || existing != null;
            if (!conflict) {
                if (localChanged) {
                    if (dir.pushes()) {
                        toRemote.put(f, l);
                        changes.add(new FieldChange(f, FieldChange.Side.REMOTE, r, l));
                        put(newBase, f, l);
                    }
                } else if (dir.pulls()) {
                    toLocal.put(f, r);
                    changes.add(new FieldChange(f, FieldChange.Side.LOCAL, l, r));
                    put(newBase, f, r);
                }
                continue;
            }
            Instant localAt = in.localChangedAt();
            Instant remoteAt = in.remoteChangedAt().apply(f);
            ConflictRecord record = existing != null && Objects.equals(existing.localValue(), l)
                    && Objects.equals(existing.remoteValue(), r)
                    ? existing : newConflict.create(f, b, l, r, localAt, remoteAt);
            ConflictStrategy strategy = in.strategy().apply(f);
            boolean localWins;
            switch (strategy) {
                case MANUAL_REVIEW -> {
                    open.add(record);
                    if (record != existing) detected.add(record);
                    continue;
                }
                case LOCAL_WINS -> localWins = true;
                case REMOTE_WINS -> localWins = false;
                case TIMESTAMP -> localWins = remoteAt == null || (localAt != null && !remoteAt.isAfter(localAt));
                default -> throw new IllegalStateException("unknown strategy " + strategy);
            }
            detected.add(record);
            if (localWins) {
                if (dir.pushes()) {
                    toRemote.put(f, l);
                    changes.add(new FieldChange(f, FieldChange.Side.REMOTE, r, l));
                    put(newBase, f, l);
                } else {
                    put(newBase, f, r); // the remote value was seen and overruled; the Zen value stays local
                }
            } else {
                if (dir.pulls()) {
                    toLocal.put(f, r);
                    changes.add(new FieldChange(f, FieldChange.Side.LOCAL, l, r));
                    put(newBase, f, r);
                } else {
                    put(newBase, f, l);
                }
            }
        }
        return new Plan(toRemote, toLocal, newBase, open, detected, changes);
    }

    static void put(Map<String, String> m, String k, String v) {
        if (v == null) m.remove(k); else m.put(k, v);
    }

}
