package dev.zen.integration.core.config;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRoundTripProperties {

    @Property
    void aFormattedDurationParsesBackToItself(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int millis) {
        Duration d = Duration.ofMillis(millis);

        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @Property(tries = 40)
    void whatSetWritesLoadReadsBack(@ForAll @IntRange(min = 1, max = 100_000) int perMinute,
                                    @ForAll SyncFrequency frequency,
                                    @ForAll @AlphaChars @StringLength(min = 1, max = 12) String projectKey,
                                    @ForAll boolean enabled) throws IOException {
        Path ws = Files.createTempDirectory("zen-cfg");
        try {
            ConfigLoader loader = ConfigLoader.builder(ws).home(ws.resolve("home")).environment(Map.of()).build();

            loader.set("integrations.sync_frequency", frequency.yamlName());
            loader.set("integrations.providers.jira.project_key", projectKey);
            loader.set("integrations.providers.jira.enabled", String.valueOf(enabled));
            IntegrationConfig written = loader.set(
                    "integrations.providers.jira.resilience.rate_limit.requests_per_minute", String.valueOf(perMinute));

            IntegrationConfig read = ConfigLoader.builder(ws).home(ws.resolve("home")).environment(Map.of())
                    .build().load();
            assertThat(read).isEqualTo(written);
            assertThat(read.provider("jira").orElseThrow().projectKey()).isEqualTo(projectKey);
            assertThat(read.provider("jira").orElseThrow().resilience().rateLimit().requestsPerMinute())
                    .isEqualTo(perMinute);
        } finally {
            try (var paths = Files.walk(ws)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
