/**
 * Zen Integration's engine: {@code ZenIntegration.builder()} and the parts a host may configure (config,
 * credentials, resilience, stores, scheduling). The engine itself and the shared I/O helpers live in
 * {@code internal} packages, which are not exported.
 */
module dev.zen.integration.core {
    requires transitive dev.zen.integration.api;
    requires transitive dev.failsafe.core; // ResilientProviderCalls.Builder takes a Failsafe Scheduler
    requires dev.zen.plugin.runtime;
    requires com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.github.benmanes.caffeine;
    requires org.yaml.snakeyaml; // LoaderOptions: the YAML reader's code point limit
    requires java.net.http;
    requires org.slf4j;

    exports dev.zen.integration.core;
    exports dev.zen.integration.core.config;
    exports dev.zen.integration.core.credentials;
    exports dev.zen.integration.core.resilience;
    exports dev.zen.integration.core.schedule;
    exports dev.zen.integration.core.store;
    exports dev.zen.integration.core.webhook;

    uses dev.zen.integration.core.ZenIntegration.EngineFactory;
    uses dev.zen.integration.DataMapper;
    uses dev.zen.integration.spi.AuditLog;
    uses dev.zen.integration.spi.CredentialProvider;
    uses dev.zen.integration.spi.LockProvider;
    uses dev.zen.integration.spi.ServiceFactory;
    uses dev.zen.integration.spi.SyncListener;
    uses dev.zen.integration.spi.SyncRecordStore;
    uses dev.zen.integration.spi.TaskStore;
    uses dev.zen.integration.spi.UserDirectory;

    provides dev.zen.integration.core.ZenIntegration.EngineFactory
            with dev.zen.integration.core.internal.engine.SyncEngineFactory;
}
