package dev.zen.integration.core.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.zen.integration.AuditEntry;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.ZenComment;
import dev.zen.integration.core.config.CommentDeletions;
import dev.zen.integration.core.internal.io.Jackson;
import dev.zen.integration.spi.SyncEvent;
import dev.zen.integration.spi.TaskComments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Copies comments between a linked task and its item, per the provider's {@code comments} setting: each side's new
 * comments are copied with their author's name, the copy of an edited comment is rewritten, and a deletion follows
 * {@code comment_deletions}. Called under the task's lock after its fields were synced.
 *
 * <p>Which comment is a copy of which is kept in the link's record ({@link #LINKS} in its metadata). Copies are
 * recognisable without it too, which makes a retry after a failure safe: a copy in Zen carries its original's
 * {@code source}, and a copy in the tracker carries an idempotency key the plugin stores with it (a Jira comment
 * property, a hidden marker in a GitHub comment). So a copy is never copied back, and an original whose copy was
 * written but not recorded is matched to that copy instead of being copied again.
 */
final class CommentSynchronizer {
    /** The record's metadata key holding the links between originals and copies, as JSON. */
    static final String LINKS = "comments.links";
    private static final ObjectMapper JSON = Jackson.abi();
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Context ctx;

    CommentSynchronizer(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * An original and its copy. {@code fromZen} says which side wrote the original; the copy's id is null once the
     * copy was deleted and, under {@code keep}, is not made again; {@code hash} is that of the original's text when
     * it was last copied.
     */
    record Link(boolean fromZen, String zenId, String externalId, String hash) {
        String copyId() {
            return fromZen ? externalId : zenId;
        }

        Link withHash(String h) {
            return new Link(fromZen, zenId, externalId, h);
        }

        Link withoutCopy() {
            return fromZen ? new Link(true, zenId, null, hash) : new Link(false, null, externalId, hash);
        }
    }

    /**
     * Syncs the comments of a linked task in the directions {@code dir} and the provider's setting allow.
     *
     * @return how many comments were written (copied, rewritten or deleted) on either side
     */
    int sync(String syncId, String taskId, Provider p, SyncDirection dir) {
        TaskComments store = ctx.settings.tasks().comments().orElse(null);
        if (store == null || !p.gateway.supportsComments()) return 0;
        boolean pull = p.config.comments().pulls() && dir.restrictTo(SyncDirection.PULL) != null;
        boolean push = p.config.comments().pushes() && dir.restrictTo(SyncDirection.PUSH) != null;
        TaskSyncRecord rec = ctx.settings.records().find(taskId).orElse(null);
        if ((!pull && !push) || rec == null) return 0;
        Pass pass = new Pass(syncId, rec, p, store, pull, push);
        try {
            pass.run();
        } catch (RuntimeException e) {
            try {
                pass.save(false);
            } catch (RuntimeException notSaved) {
                e.addSuppressed(notSaved);
            }
            throw e;
        }
        pass.save(true);
        return pass.writes;
    }

    /** One task's comment sync. */
    private final class Pass {
        final String syncId;
        final TaskSyncRecord rec;
        final Provider p;
        final TaskComments store;
        final boolean pull;
        final boolean push;
        final List<Link> links;
        Map<String, ZenComment> zen = Map.of();
        Map<String, PluginGateway.Comment> ext = Map.of();
        int writes;

        Pass(String syncId, TaskSyncRecord rec, Provider p, TaskComments store, boolean pull, boolean push) {
            this.syncId = syncId;
            this.rec = rec;
            this.p = p;
            this.store = store;
            this.pull = pull;
            this.push = push;
            this.links = decode(rec.metadata().get(LINKS));
        }

        void run() {
            zen = byId(store.list(rec.taskId()), ZenComment::id);
            ext = byId(p.gateway.listComments(rec.externalId()), PluginGateway.Comment::id);
            for (int i = 0; i < links.size(); ) {
                Link next = reconcile(links.get(i));
                if (next == null) {
                    links.remove(i);
                } else {
                    links.set(i++, next);
                }
            }
            if (push) {
                for (ZenComment z : List.copyOf(zen.values())) {
                    if (!z.isCopy() && links.stream().noneMatch(l -> z.id().equals(l.zenId()))) pushNew(z);
                }
            }
            if (pull) {
                for (PluginGateway.Comment x : List.copyOf(ext.values())) {
                    if (x.marker() == null && links.stream().noneMatch(l -> x.id().equals(l.externalId()))) pullNew(x);
                }
            }
            if (p.config.commentDeletions() == CommentDeletions.PROPAGATE) deleteOrphans();
        }

        /**
         * Under {@code propagate}, deletes the copies whose original is gone though no link says so: a copy written
         * by a sync that failed before recording it, whose original was deleted before the next sync.
         */
        private void deleteOrphans() {
            if (push) {
                for (PluginGateway.Comment x : List.copyOf(ext.values())) {
                    String zenId = zenIdOf(rec.taskId(), x.marker());
                    if (zenId != null && !zen.containsKey(zenId) && unlinked(x.id(), zenId)) {
                        delete(Side.EXTERNAL, new Link(true, zenId, x.id(), ""));
                    }
                }
            }
            if (pull) {
                String prefix = p.name() + ":";
                for (ZenComment z : List.copyOf(zen.values())) {
                    if (z.source() == null || !z.source().startsWith(prefix)) continue;
                    String externalId = z.source().substring(prefix.length());
                    if (!ext.containsKey(externalId) && unlinked(externalId, z.id())) {
                        delete(Side.ZEN, new Link(false, z.id(), externalId, ""));
                    }
                }
            }
        }

        private boolean unlinked(String externalId, String zenId) {
            return links.stream().noneMatch(l -> externalId.equals(l.externalId()) || zenId.equals(l.zenId()));
        }

        /** The link after its two sides were compared and brought in line; null when it is to be forgotten. */
        private Link reconcile(Link l) {
            ZenComment z = l.zenId() == null ? null : zen.get(l.zenId());
            PluginGateway.Comment x = l.externalId() == null ? null : ext.get(l.externalId());
            boolean origPresent = l.fromZen() ? z != null : x != null;
            boolean copyPresent = l.fromZen() ? x != null : z != null;
            boolean writeCopy = l.fromZen() ? push : pull;
            boolean propagate = p.config.commentDeletions() == CommentDeletions.PROPAGATE;
            if (!origPresent) {
                if (copyPresent && propagate && writeCopy) delete(l.fromZen() ? Side.EXTERNAL : Side.ZEN, l);
                return null; // under keep, the copy stays: its source or marker still says it is a copy
            }
            if (l.copyId() == null) return l; // the copy was deleted and stays deleted
            if (!copyPresent) {
                if (propagate && (l.fromZen() ? pull : push)) {
                    delete(l.fromZen() ? Side.ZEN : Side.EXTERNAL, l);
                    return null;
                }
                return l.withoutCopy();
            }
            String h = hash(l.fromZen() ? z.body() : x.body());
            if (h.equals(l.hash()) || !writeCopy) return l;
            if (l.fromZen()) {
                p.gateway.updateComment(rec.externalId(), x.id(), attributed(z.author(), "Zen", z.body()));
                written(AuditEntry.Action.COMMENT_PUSHED, "updated", z.id(), x.id(), z.body());
            } else {
                store.update(rec.taskId(), z.id(), attributed(x.author(), systemName(p.name()), x.body()));
                written(AuditEntry.Action.COMMENT_PULLED, "updated", z.id(), x.id(), x.body());
            }
            return l.withHash(h);
        }

        private void delete(Side side, Link l) {
            if (side == Side.EXTERNAL) {
                p.gateway.deleteComment(rec.externalId(), l.externalId());
            } else {
                store.delete(rec.taskId(), l.zenId());
            }
            written(AuditEntry.Action.COMMENT_DELETED, side == Side.ZEN ? "deleted in Zen" : "deleted in " + p.name(),
                    l.zenId(), l.externalId(), null);
        }

        /** Copies a comment written in Zen, or finds the copy an earlier, unrecorded attempt made. */
        private void pushNew(ZenComment z) {
            String key = idempotencyKey(rec.taskId(), z.id());
            String body = attributed(z.author(), "Zen", z.body());
            PluginGateway.Comment copy = ext.values().stream().filter(c -> key.equals(c.marker())).findFirst()
                    .orElse(null);
            if (copy == null) {
                copy = p.gateway.addComment(rec.externalId(), body, key);
                written(AuditEntry.Action.COMMENT_PUSHED, "copied", z.id(), copy.id(), z.body());
            }
            // an adopted copy with other text is rewritten at the next sync (its hash cannot match)
            links.add(new Link(true, z.id(), copy.id(), copy.body().equals(body) ? hash(z.body()) : ""));
        }

        /** Copies a comment written in the tracker, or finds the copy an earlier, unrecorded attempt made. */
        private void pullNew(PluginGateway.Comment x) {
            String source = p.name() + ":" + x.id();
            String body = attributed(x.author(), systemName(p.name()), x.body());
            ZenComment copy = zen.values().stream().filter(c -> source.equals(c.source())).findFirst().orElse(null);
            if (copy == null) {
                copy = store.add(rec.taskId(), x.author(), body, source);
                written(AuditEntry.Action.COMMENT_PULLED, "copied", copy.id(), x.id(), x.body());
            }
            links.add(new Link(false, copy.id(), x.id(), copy.body().equals(body) ? hash(x.body()) : ""));
        }

        private void written(AuditEntry.Action action, String what, String zenId, String externalId, String text) {
            writes++;
            Map<String, String> details = new LinkedHashMap<>();
            if (zenId != null) details.put("zen_comment_id", zenId);
            if (externalId != null) details.put("external_comment_id", externalId);
            ctx.audit.comment(action, syncId, rec.taskId(), p.name(), rec.externalId(), text, details);
            String message = switch (action) {
                case COMMENT_PUSHED -> what + " to " + p.name();
                case COMMENT_PULLED -> what + " from " + p.name() + " into Zen";
                default -> what;
            };
            details.put("action", action.name());
            ctx.events.emit(SyncEvent.Type.COMMENT_SYNCED, syncId, rec.taskId(), p.name(),
                    null, message, details);
        }

        /**
         * Stores the links if they changed; the next sync finds unrecorded copies by their source or key anyway. After
         * a pass that succeeded, an ERROR status a failed comment pass left is cleared too (a run whose fields took
         * the unchanged shortcut does not rewrite the record).
         */
        void save(boolean succeeded) {
            String encoded = links.isEmpty() ? null : encode(links);
            boolean clear = succeeded && rec.status() == SyncStatus.ERROR;
            if (!clear && Objects.equals(encoded, rec.metadata().get(LINKS))) return;
            TaskSyncRecord current = ctx.settings.records().find(rec.taskId()).orElse(null);
            if (current == null) return;
            TaskSyncRecord.Builder b = current.toBuilder().metadata(LINKS, encoded)
                    .updated(ctx.settings.clock().instant());
            if (clear && current.status() == SyncStatus.ERROR) b.status(SyncStatus.ACTIVE).errorCount(0).lastError(null);
            ctx.settings.records().update(b.build());
        }
    }

    private enum Side { ZEN, EXTERNAL }

    /** The text of a copy: who wrote the original and where, then the original's text. */
    static String attributed(String author, String system, String body) {
        String head = author + " wrote in " + system + ":";
        return body.isEmpty() ? head : head + "\n\n" + body;
    }

    /** How a provider is named in a copy's attribution: {@code Jira}, {@code GitHub}, else the name capitalised. */
    static String systemName(String provider) {
        if (provider.equals("github")) return "GitHub";
        return Character.toUpperCase(provider.charAt(0)) + provider.substring(1);
    }

    /**
     * The key a copy of Zen comment {@code commentId} carries in the tracker: the task's hash, then the comment id
     * when it is short and plain (so an orphaned copy can be traced to its deleted original), else the id's hash.
     * Comment ids are never reused within a task; keys hold only letters, digits and {@code - _ .}.
     */
    static String idempotencyKey(String taskId, String commentId) {
        String id = PLAIN_ID.matcher(commentId).matches() ? "i-" + commentId
                : "h-" + Context.hash(Map.of("comment", commentId)).substring(0, 32);
        return keyPrefix(taskId) + id;
    }

    private static String keyPrefix(String taskId) {
        return "zc-" + Context.hash(Map.of("task", taskId)).substring(0, 16) + "-";
    }

    /** The Zen comment id a key of this task names, or null (another task's key, or a hashed id). */
    static String zenIdOf(String taskId, String key) {
        String prefix = keyPrefix(taskId) + "i-";
        return key != null && key.startsWith(prefix) ? key.substring(prefix.length()) : null;
    }

    private static String hash(String body) {
        return Context.hash(Map.of("body", body));
    }

    private static <T> Map<String, T> byId(List<T> all, Function<T, String> id) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : all) m.put(id.apply(t), t);
        return m;
    }

    static String encode(List<Link> links) {
        ArrayNode a = JSON.createArrayNode();
        for (Link l : links) {
            a.addObject().put("from", l.fromZen() ? "zen" : "external").put("zen", l.zenId())
                    .put("external", l.externalId()).put("hash", l.hash());
        }
        return a.toString();
    }

    static List<Link> decode(String json) {
        List<Link> links = new ArrayList<>();
        if (json == null || json.isBlank()) return links;
        try {
            for (JsonNode n : JSON.readTree(json)) {
                links.add(new Link("zen".equals(n.path("from").asText()), n.path("zen").asText(null),
                        n.path("external").asText(null), n.path("hash").asText("")));
            }
        } catch (JsonProcessingException e) {
            // a damaged mapping is rebuilt: copies are found again by their source or key
            return new ArrayList<>();
        }
        return links;
    }
}
