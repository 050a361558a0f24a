package dev.zen.integration.core.internal.engine;

import dev.zen.integration.AuditEntry;
import dev.zen.integration.AuditQuery;
import dev.zen.integration.ConflictRecord;
import dev.zen.integration.FieldChange;
import dev.zen.integration.spi.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sanitises and appends the engine's changes to the host's {@link AuditLog}. A value of a secret-looking field is
 * replaced by its hash; a value longer than {@link #MAX_VALUE_CHARS} keeps its start and gains its length and hash.
 * A failing audit log is logged and never fails a sync (the change is already made).
 */
final class Audit {
    /** Values up to this length are kept whole. */
    static final int MAX_VALUE_CHARS = 256;
    private static final int KEPT_CHARS = 64;
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(pass(word|phrase)?|secret|token|api[_-]?key|credential|private[_-]?key|authorization).*");
    private static final Logger LOG = LoggerFactory.getLogger("dev.zen.integration.audit");

    private final AuditLog log;
    private final Clock clock;

    Audit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** One link-level action (link, unlink, import, publish, pause, ...). */
    void link(AuditEntry.Action action, String taskId, String provider, String externalId, Map<String, String> details) {
        append(new AuditEntry(clock.instant(), action, taskId, provider, externalId, null, null, null, null, details));
    }

    /** A provider-wide action (pause, resume, plugin swap). */
    void provider(AuditEntry.Action action, String provider, Map<String, String> details) {
        append(new AuditEntry(clock.instant(), action, null, provider, null, null, null, null, null, details));
    }

    /** Fields written to either side, and conflicts opened, by one run of one task. */
    void written(String syncId, String taskId, String provider, String externalId, List<FieldChange> changes,
                 List<ConflictRecord> opened) {
        for (FieldChange c : changes) {
            AuditEntry.Action action = c.target() == FieldChange.Side.LOCAL
                    ? AuditEntry.Action.FIELD_PULLED : AuditEntry.Action.FIELD_PUSHED;
            append(new AuditEntry(clock.instant(), action, taskId, provider, externalId, c.field(),
                    value(c.field(), c.oldValue()), value(c.field(), c.newValue()), syncId, Map.of()));
        }
        for (ConflictRecord c : opened) {
            append(new AuditEntry(clock.instant(), AuditEntry.Action.CONFLICT_OPENED, taskId, provider, externalId,
                    c.field(), value(c.field(), c.localValue()), value(c.field(), c.remoteValue()), syncId,
                    Map.of("conflict_id", c.id())));
        }
    }

    /** A comment copied, rewritten or deleted by comment sync; {@code text} is the original's (null: deleted). */
    void comment(AuditEntry.Action action, String syncId, String taskId, String provider, String externalId,
                 String text, Map<String, String> details) {
        append(new AuditEntry(clock.instant(), action, taskId, provider, externalId, "comment", null,
                value("comment", text), syncId, Map.copyOf(details)));
    }

    /** Local values queued for a provider that was unavailable. */
    void queued(String syncId, String taskId, String provider, String externalId, Map<String, String> fields) {
        fields.forEach((f, v) -> append(new AuditEntry(clock.instant(), AuditEntry.Action.CHANGE_QUEUED, taskId,
                provider, externalId, f, null, value(f, v), syncId, Map.of())));
    }

    /** A settled conflict. */
    void resolved(String syncId, ConflictRecord c, String choice, String value) {
        Map<String, String> details = new HashMap<>();
        details.put("conflict_id", c.id());
        details.put("resolution", choice);
        append(new AuditEntry(clock.instant(), AuditEntry.Action.CONFLICT_RESOLVED, c.taskId(), c.externalSystem(),
                c.externalId(), c.field(), null, value(c.field(), value), syncId, details));
    }

    List<AuditEntry> query(AuditQuery query) {
        return log.query(query);
    }

    void close() {
        try {
            log.close();
        } catch (RuntimeException e) {
            LOG.warn("audit log {} failed to close", log.getClass().getName(), e);
        }
    }

    private void append(AuditEntry e) {
        try {
            log.append(e);
        } catch (RuntimeException ex) {
            LOG.error("audit log {} could not record {} of task {} ({}); the change itself was made",
                    log.getClass().getName(), e.action(), e.taskId(), e.provider(), ex);
        }
    }

    /** The value as the trail may hold it: hashed for secret-looking fields, truncated and hashed when long. */
    static String value(String field, String value) {
        if (value == null) return null;
        if (field != null && SECRET.matcher(field).matches()) return "sha256:" + sha256(value);
        if (value.length() <= MAX_VALUE_CHARS) return value;
        return value.substring(0, KEPT_CHARS) + "… [" + value.length() + " chars, sha256:" + sha256(value) + "]";
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
