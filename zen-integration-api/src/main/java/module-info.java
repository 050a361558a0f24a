/**
 * The public contract of Zen Integration: the services a host calls, the value types they exchange,
 * the error codes, and the SPIs a host implements. This module has no dependencies.
 */
module dev.zen.integration.api {
    exports dev.zen.integration;
    exports dev.zen.integration.plugin;
    exports dev.zen.integration.spi;

    uses dev.zen.integration.spi.TaskStore;
    uses dev.zen.integration.spi.SyncRecordStore;
    uses dev.zen.integration.spi.CredentialProvider;
    uses dev.zen.integration.spi.LockProvider;
    uses dev.zen.integration.spi.SyncListener;
}
