package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

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
