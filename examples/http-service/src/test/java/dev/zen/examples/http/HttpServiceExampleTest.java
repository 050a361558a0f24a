package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import org.junit.jupiter.api.Test;

/** The runnable example's wiring: FakeJira, the real Jira plugin, imported tasks and the service. */
class HttpServiceExampleTest {
    @Test
    void givenTheExampleStartedWhenItsFirstCurlCommandIsSentAsPrintedThenTheSyncSucceeds() throws Exception {
        try (HttpServiceExample example = HttpServiceExample.start(0)) {
            String curl = example.curlCommands().get(0);
            assertThat(curl).contains(example.http().baseUri() + IntegrationHttpService.SYNC_PATH)
                    .contains("X-Zen-User: alice");
            String body = curl.substring(curl.indexOf("-d '") + 4, curl.length() - 1);

            var response = new Api(example.http().baseUri()).postSync("alice", body);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains(example.taskIds().get(0)).contains("\"status\":\"completed\"");
        }
    }

    @Test
    void givenASyncRanWhenMetricsAndHealthAreFetchedWithoutAUserThenPrometheusTextAndReadinessComeBack()
            throws Exception {
        try (HttpServiceExample example = HttpServiceExample.start(0)) {
            Api api = new Api(example.http().baseUri());
            String body = "{\"task_ids\":[\"" + example.taskIds().get(0) + "\"],\"direction\":\"BIDIRECTIONAL\"}";
            assertThat(api.postSync("alice", body).statusCode()).isEqualTo(200);

            var metrics = api.send("GET", IntegrationHttpService.METRICS_PATH, null);
            var health = api.send("GET", IntegrationHttpService.HEALTH_PATH, null);
            var post = api.send("POST", IntegrationHttpService.HEALTH_PATH, null);

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/plain"));
            assertThat(metrics.body()).contains("zen_sync_operations_total{outcome=\"UNCHANGED\",provider=\"jira\"} 1")
                    .contains("zen_plugin_calls_seconds_count{").contains("zen_outbox_depth{provider=\"jira\"} 0");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"ready\":true").contains("\"name\":\"breaker\"");
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void givenTheProjectScopeWasPolledWhenTheStatusIsFetchedThenItShowsTheScopesWatermarkAndItems() throws Exception {
        try (HttpServiceExample example = HttpServiceExample.start(0)) {
            example.jira().seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Created in Jira after the start").build());
            var report = example.integration().syncScope("jira");

            var status = new Api(example.http().baseUri()).send("GET", IntegrationHttpService.STATUS_PATH, "alice");

            assertThat(report.imported()).isEqualTo(1); // the example imported the others one by one at start
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            assertThat(status.body()).contains("\"scopes\":[{").contains("\"provider\":\"jira\"")
                    .contains("\"watermark\":\"" + report.watermark());
        }
    }

    @Test
    void givenTwoReplicasOnOneEmbeddedPostgresWhenTheSecondSyncsTasksTheFirstImportedThenItSucceeds() throws Exception {
        try (HttpServiceExample example = HttpServiceExample.start(0, 2)) {
            assertThat(example.replicas()).hasSize(2);
            String body = "{\"task_ids\":[\"" + example.taskIds().get(0) + "\"],\"direction\":\"BIDIRECTIONAL\"}";

            var response = new Api(example.replicas().get(1).baseUri()).postSync("alice", body);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains(example.taskIds().get(0)).contains("\"status\":\"completed\"");
        }
    }
}
