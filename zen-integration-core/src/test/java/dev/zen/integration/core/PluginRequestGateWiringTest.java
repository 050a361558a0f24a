package dev.zen.integration.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.plugin.RequestGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine opens each provider's plugin with a request gate on that provider's own rate limiter. */
class PluginRequestGateWiringTest {
    @TempDir Path workspace;

    /** Records the configuration the engine opens a plugin with, then says the plugin does not exist. */
    static final class CapturingRegistry implements PluginRegistry {
        final AtomicReference<PluginConfig> opened = new AtomicReference<>();

        @Override public List<PluginDescriptor> discover() { return List.of(); }
        @Override public List<PluginDescriptor> list() { return List.of(); }
        @Override public Optional<PluginDescriptor> find(String name) { return Optional.empty(); }
        @Override public PluginDescriptor load(String name) { throw notFound(name); }
        @Override public void unload(String name) { }
        @Override public PluginDescriptor reload(String name) { throw notFound(name); }
        @Override public void close() { }

        @Override
        public Plugin open(PluginConfig config) {
            opened.set(config);
            throw notFound(config.plugin());
        }

        private static IntegrationException notFound(String name) {
            return IntegrationException.of(ErrorCode.PLUGIN_NOT_FOUND, "no plugin " + name);
        }
    }

    private static ProviderConfig jira() {
        return ProviderConfig.builder("jira").serverUrl("https://acme.atlassian.net")
                .credentialOrigin("https://api.atlassian.com")
                .resilience(ResilienceConfig.builder().rateLimit(new ResilienceConfig.RateLimit(1, Duration.ZERO))
                        .maxAttempts(1).build())
                .build();
    }

    private static PluginConfig openThroughALink(ZenIntegration zen, CapturingRegistry registry) {
        zen.taskStore().create(ZenTask.builder("task-1", "A").build());
        assertThatThrownBy(() -> zen.link("task-1", "jira", "SYNC-1")).isInstanceOf(IntegrationException.class);
        return registry.opened.get();
    }

    @Test
    void givenTheDefaultPipelineWhenAProvidersPluginIsOpenedThenItsGateTakesPermitsFromTheProvidersRateLimiter() {
        CapturingRegistry registry = new CapturingRegistry();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .pluginRegistry(registry).provider(jira()).build()) {
            PluginConfig opened = openThroughALink(zen, registry);

            assertThat(opened.credentialOrigins()).containsExactly("https://api.atlassian.com");
            RequestGate gate = opened.requestGate();
            assertThat(gate).isNotNull();
            // the link's call took this minute's only permit: a further request inside a call must wait for the next
            assertThatThrownBy(() -> gate.acquire("jira", Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(IntegrationException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        }
    }

    @Test
    void givenCallsWithoutAPolicyWhenAProvidersPluginIsOpenedThenItHasNoGate() {
        CapturingRegistry registry = new CapturingRegistry();
        try (ZenIntegration zen = ZenIntegration.builder().workspace(workspace).discoverServices(false)
                .pluginRegistry(registry).providerCalls(ProviderCalls.direct()).provider(jira()).build()) {
            assertThat(openThroughALink(zen, registry).requestGate()).isNull();
        }
    }
}
