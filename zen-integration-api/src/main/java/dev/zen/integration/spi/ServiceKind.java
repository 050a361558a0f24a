package dev.zen.integration.spi;

import dev.zen.integration.DataMapper;
import java.util.Locale;

/**
 * The kinds of service a host can plug in, each an SPI of this package. Used to say which kinds the builder looks
 * up with {@link java.util.ServiceLoader} ({@code discoverServices(ServiceKind, ServiceKind...)}) and which kind a
 * {@link ServiceFactory} makes.
 */
public enum ServiceKind {
    /** A {@link TaskStore}: one is used, the workspace's files by default. */
    TASK_STORE(TaskStore.class, true),
    /** A {@link SyncRecordStore}: one is used, the workspace's YAML files by default. */
    RECORD_STORE(SyncRecordStore.class, true),
    /** A {@link LockProvider}: one is used, the workspace's lock files by default. */
    LOCK_PROVIDER(LockProvider.class, true),
    /** A {@link CredentialProvider}: every one found is asked, by priority, after environment variables. */
    CREDENTIAL_PROVIDER(CredentialProvider.class, false),
    /** A {@link SyncListener}: every one found receives the events. */
    SYNC_LISTENER(SyncListener.class, false),
    /** An {@link AuditLog}: one is used, JSON lines in the workspace by default. */
    AUDIT_LOG(AuditLog.class, true),
    /**
     * A {@link DataMapper}: one is used for every provider, the built-in JSON mapper by default;
     * value maps and size limits apply around it.
     */
    DATA_MAPPER(DataMapper.class, true),
    /** A {@link UserDirectory}: one is used, none by default (value maps alone translate user values). */
    USER_DIRECTORY(UserDirectory.class, true);

    private final Class<?> type;
    private final boolean single;

    ServiceKind(Class<?> type, boolean single) {
        this.type = type;
        this.single = single;
    }

    /** The SPI interface of this kind. */
    public Class<?> type() {
        return type;
    }

    /**
     * Whether one service of this kind is used (so at most one {@link ServiceFactory} may make it), rather than
     * every one found.
     */
    public boolean single() {
        return single;
    }

    /** A readable name, such as "task store". */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
