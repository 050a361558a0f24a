package dev.zen.integration.micrometer;

import static dev.zen.integration.micrometer.ZenMetricsPrometheusTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin meters with the real Jira plugin in its sandbox: load time, instances, pool size and memory. */
class ZenMetricsJiraPluginTest {
    @TempDir Path workspace;

    @Test
    void givenTheJiraPluginServedASyncWhenScrapedThenItsLoadInstancesAndMemoryAreThere() {
        ZenMetrics metrics = new ZenMetrics();
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (FakeJira jira = FakeJira.start();
             ZenIntegration zen = ZenIntegration.builder().workspace(workspace).listener(metrics)
                     .credentialProvider(new InMemoryCredentialProvider()
                             .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                     .provider(ProviderConfig.builder("jira").serverUrl(jira.baseUrl().toString())
                             .projectKey(FakeJira.DEFAULT_PROJECT).credentialsRef("jira-bot").build())
                     .build()) {
            metrics.monitor(zen).bindTo(prometheus);
            jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Export fails").build());
            String taskId = zen.importItem("jira", "SYNC-1").id();

            TaskSyncResult result = zen.sync(SyncRequest.builder().tasks(taskId).force(true).build()).results().get(0);
            metrics.refresh();
            String scrape = prometheus.scrape();

            assertThat(result.success()).isTrue();
            assertThat(value(scrape, "zen_plugin_load_seconds_count", "plugin=\"jira\"", "outcome=\"success\""))
                    .isEqualTo(1);
            assertThat(value(scrape, "zen_plugin_load_seconds_sum", "plugin=\"jira\"")).isPositive();
            assertThat(value(scrape, "zen_plugin_instances", "provider=\"jira\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "zen_plugin_instances_max", "provider=\"jira\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "zen_plugin_memory_reserved_bytes", "provider=\"jira\"")).isPositive();
            assertThat(value(scrape, "zen_plugin_memory_usage_bytes", "provider=\"jira\""))
                    .as("one 64 KiB page at least").isGreaterThanOrEqualTo(65_536);
            assertThat(value(scrape, "zen_plugin_calls_seconds_count", "operation=\"get_task_data\"",
                    "outcome=\"success\"")).isGreaterThanOrEqualTo(2);
            assertThat(value(scrape, "zen_plugin_http_requests_seconds_count", "plugin=\"jira\"", "method=\"GET\"",
                    "status=\"200\"")).isGreaterThanOrEqualTo(2);
        }
    }
}
