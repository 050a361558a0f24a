/**
 * The public contract of Zen Integration: the services a host calls, the value types they exchange,
 * the error codes, and the SPIs a host implements. Its only dependency is JSpecify: every package is
 * {@code @NullMarked}, so nothing is null unless its type says {@code @Nullable}, and the annotations are
 * required transitively so users' compilers and null checkers see them.
 */
module dev.zen.integration.api {
    requires transitive org.jspecify;

    exports dev.zen.integration;
    exports dev.zen.integration.plugin;
    exports dev.zen.integration.spi;

    uses dev.zen.integration.spi.TaskStore;
    uses dev.zen.integration.spi.SyncRecordStore;
    uses dev.zen.integration.spi.CredentialProvider;
    uses dev.zen.integration.spi.LockProvider;
    uses dev.zen.integration.spi.SyncListener;
    uses dev.zen.integration.spi.ServiceFactory;
    uses dev.zen.integration.spi.AuditLog;
}
