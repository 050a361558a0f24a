package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.testkit.fake.WebhookSender;
import dev.zen.integration.testkit.jira.FakeJira;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/integrations/webhooks/{provider}} of the example service: each attack is refused with its status,
 * and a real FakeJira webhook makes a task converge without a poll.
 */
class WebhookEndpointTest {
    private static HttpServiceExample example;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        example = HttpServiceExample.start(0);
    }

    @AfterAll
    static void stop() {
        example.close();
    }

    private static byte[] jiraBody(String key, Instant at) {
        return ("{\"timestamp\":" + at.toEpochMilli() + ",\"webhookEvent\":\"jira:issue_updated\",\"issue\":"
                + "{\"id\":\"10001\",\"key\":\"" + key + "\",\"fields\":{\"summary\":\"x\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(byte[] body, String secret) {
        return WebhookSender.sign(body, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String provider, byte[] body, Map<String, String> headers)
            throws Exception {
        URI uri = example.http().baseUri().resolve(IntegrationHttpService.WEBHOOKS_PATH + provider);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postSigned(String id, byte[] body, String secret) throws Exception {
        return post("jira", body, Map.of("X-Atlassian-Webhook-Identifier", id, "X-Hub-Signature", sign(body, secret)));
    }

    @Test
    void givenASignedJiraDeliveryWhenPostedThenAccepted202() throws Exception {
        HttpResponse<String> r = postSigned(UUID.randomUUID().toString(), jiraBody("SYNC-1", Instant.now()),
                example.jiraWebhookSecret());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"outcome\":\"accepted\"").contains("\"items\":[\"SYNC-1\"]");
    }

    @Test
    void givenABodyAlteredAfterSigningWhenPostedThenRejected401() throws Exception {
        byte[] signed = jiraBody("SYNC-1", Instant.now());
        String signature = sign(signed, example.jiraWebhookSecret());
        byte[] altered = new String(signed, StandardCharsets.UTF_8).replace("SYNC-1", "SYNC-2")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = post("jira", altered, Map.of("X-Atlassian-Webhook-Identifier", "altered-1",
                "X-Hub-Signature", signature));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"outcome\":\"rejected\"").doesNotContain(example.jiraWebhookSecret());
    }

    @Test
    void givenASignatureWithTheWrongSecretWhenPostedThenRejected401() throws Exception {
        assertThat(postSigned("wrong-1", jiraBody("SYNC-1", Instant.now()), "guessed").statusCode()).isEqualTo(401);
    }

    @Test
    void givenAnUnsignedDeliveryWhenPostedThenRejected401() throws Exception {
        HttpResponse<String> r = post("jira", jiraBody("SYNC-1", Instant.now()),
                Map.of("X-Atlassian-Webhook-Identifier", "unsigned-1"));

        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void givenTheSameDeliveryIdReplayedWhenPostedThenDuplicate200() throws Exception {
        byte[] body = jiraBody("SYNC-1", Instant.now());
        assertThat(postSigned("replay-1", body, example.jiraWebhookSecret()).statusCode()).isEqualTo(202);

        HttpResponse<String> replay = postSigned("replay-1", body, example.jiraWebhookSecret());

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("\"outcome\":\"duplicate\"");
    }

    @Test
    void givenACapturedDeliveryWithAStaleTimestampWhenReplayedUnderANewIdThenRejected400() throws Exception {
        byte[] stale = jiraBody("SYNC-1", Instant.now().minus(Duration.ofMinutes(30)));

        HttpResponse<String> r = postSigned("stale-1", stale, example.jiraWebhookSecret());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("replay window");
    }

    @Test
    void givenAnOversizedBodyWhenPostedThenRejected413AndTheConnectionIsClosed() throws Exception {
        byte[] huge = new byte[2 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');

        HttpResponse<String> r = postSigned("huge-1", huge, example.jiraWebhookSecret());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Connection")).as("the unread rest of the body would corrupt the next request")
                .hasValue("close");
    }

    @Test
    void givenAnUnknownProviderWhenPostedThenRejected404() throws Exception {
        byte[] body = jiraBody("SYNC-1", Instant.now());

        HttpResponse<String> r = post("gitlab", body, Map.of("X-Atlassian-Webhook-Identifier", "u-1",
                "X-Hub-Signature", sign(body, example.jiraWebhookSecret())));

        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void givenAGetWhenSentToTheWebhookEndpointThen405() throws Exception {
        URI uri = example.http().baseUri().resolve(IntegrationHttpService.WEBHOOKS_PATH + "jira");
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void givenAnIssueDeletedInJiraWhenItsWebhookArrivesThenTheScopesOnRemovedUnlinksTheTaskAndKeepsIt()
            throws Exception {
        String taskId = example.integration().recordStore().findByExternal("jira", "SYNC-3").orElseThrow().taskId();
        HttpResponse<String> deleted = CLIENT.send(HttpRequest.newBuilder(example.jira().baseUrl()
                        .resolve("/rest/api/3/issue/SYNC-3")).header("Authorization", example.jira().basicAuthHeader())
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);

        for (int i = 0; i < 200 && example.integration().recordStore().find(taskId).isPresent(); i++) {
            Thread.sleep(50);
        }

        assertThat(example.integration().recordStore().find(taskId)).as("on_removed: unlink (the default)").isEmpty();
        assertThat(example.integration().taskStore().find(taskId)).as("the task is kept").isPresent();
        assertThat(metric("zen_webhook_sync_latency_seconds_count{outcome=\"success\",provider=\"jira\"}"))
                .isNotEqualTo("0");
        assertThat(example.jira().webhookDeliveries()).anySatisfy(d -> assertThat(d.event())
                .isEqualTo("jira:issue_deleted"));
    }

    private static String metric(String series) throws Exception {
        URI uri = example.http().baseUri().resolve(IntegrationHttpService.METRICS_PATH);
        String scrape = CLIENT.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return scrape.lines().filter(l -> l.startsWith(series + " ")).map(l -> l.substring(series.length() + 1))
                .map(v -> v.replace(".0", "")).findFirst().orElse("0");
    }

    @Test
    void givenAnEditInJiraWhenFakeJiraDeliversItsWebhookThenTheTaskConvergesWithoutAPoll() throws Exception {
        String taskId = example.integration().recordStore().findByExternal("jira", "SYNC-2").orElseThrow().taskId();
        example.jira().simulateEdit("SYNC-2", FakeJira.DEFAULT_ACCOUNT_ID,
                Map.of("summary", "Dark mode flickers on the login page"));

        String title = null;
        for (int i = 0; i < 200 && !"Dark mode flickers on the login page".equals(title); i++) {
            Thread.sleep(50);
            title = example.integration().taskStore().find(taskId).orElseThrow().title();
        }

        assertThat(title).isEqualTo("Dark mode flickers on the login page");
        assertThat(example.jira().webhookDeliveries()).anySatisfy(d -> assertThat(d.status()).isEqualTo(202));
    }
}
