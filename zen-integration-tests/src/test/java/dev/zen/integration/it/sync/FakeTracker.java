package dev.zen.integration.it.sync;

import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.testkit.junit.EnvironmentBuilder;
import dev.zen.integration.testkit.junit.ZenIntegrationExtension;
import dev.zen.integration.testkit.junit.ZenTestEnvironment;

/**
 * The testkit environment these tests share: the service over in-memory stores syncs with an in-memory tracker
 * named "fake", on a test clock that moves only when told, four tasks at a time, and without the rate limiter or
 * backoff (failures reach the engine at once; see ResilientOfflineTest for the real pipeline).
 */
final class FakeTracker {
    static final String START = "2026-01-01T09:00:00Z";

    private FakeTracker() {}

    static <B extends EnvironmentBuilder<B>> B configure(B builder) {
        return builder.inMemoryTracker("fake").clockStart(START)
                .configureIntegration(b -> b.parallelism(4).providerCalls(ProviderCalls.direct()));
    }

    /** For {@code @RegisterExtension}. */
    static ZenIntegrationExtension.Builder extension() {
        return configure(ZenIntegrationExtension.builder());
    }

    /** For parameterized tests and jqwik properties, which open and close it themselves. */
    static ZenTestEnvironment.Builder environment() {
        return configure(ZenTestEnvironment.builder());
    }
}
