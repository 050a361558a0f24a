package dev.zen.integration.core.internal.engine;

import dev.zen.integration.core.ZenIntegration;

/** Registered as the service behind {@code ZenIntegration.builder().build()}. */
public final class SyncEngineFactory implements ZenIntegration.EngineFactory {
    /** For ServiceLoader. */
    public SyncEngineFactory() {}

    @Override
    public ZenIntegration create(ZenIntegration.Assembly assembly) {
        return new SyncEngine(assembly);
    }
}
