package dev.zen.integration.testkit.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.SyncReport;
import dev.zen.integration.core.webhook.WebhookReceiver;
import dev.zen.integration.core.webhook.WebhookResult;
import dev.zen.integration.core.webhook.WebhookVerifier;
import dev.zen.integration.testkit.fake.DeliveryFault;
import dev.zen.integration.testkit.fake.WebhookInbox;
import dev.zen.integration.testkit.fake.WebhookSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FakeJira's webhooks: Jira's headers and signature, at-least-once retries, and the delivery faults. */
class FakeJiraWebhookTest {
    private static final String SECRET = "s3cret-jira";
    private static final String CREATE = "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
            + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"Fix login\"}}";
    private final FakeJira jira = FakeJira.start();
    private final Http http = new Http(jira);
    private final WebhookInbox inbox = new WebhookInbox();
    private final List<String> synced = new CopyOnWriteArrayList<>();
    private final WebhookReceiver receiver = WebhookReceiver.builder()
            .provider("jira", WebhookVerifier.jiraHmacSha256(SECRET.toCharArray()))
            .coalesceWindow(Duration.ofMillis(1))
            .target((provider, ids) -> {
                synced.addAll(ids);
                Instant now = Instant.now();
                return new SyncReport("s", SyncReport.Status.COMPLETED, false, now, now, List.of());
            }).build();

    @AfterEach
    void stop() {
        receiver.close();
        inbox.close();
        jira.close();
    }

    private static JsonNode json(byte[] body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<WebhookInbox.Received> deliveries() throws InterruptedException {
        assertThat(jira.awaitWebhooks(Duration.ofSeconds(10))).isTrue();
        return inbox.received();
    }

    @Test
    void givenAWebhookWhenAnIssueIsCreatedEditedAndDeletedThenSignedDeliveriesTheReceiverAccepts() throws Exception {
        jira.webhook(inbox.url(), SECRET);
        inbox.verifyWith(receiver, "jira");
        String key = http.post("/rest/api/3/issue", CREATE).json().get("key").asText();
        http.put("/rest/api/3/issue/" + key, "{\"fields\":{\"summary\":\"Fix login now\"}}");
        http.delete("/rest/api/3/issue/" + key);

        List<WebhookInbox.Received> got = deliveries();

        assertThat(got).extracting(r -> json(r.body()).get("webhookEvent").asText())
                .containsExactly("jira:issue_created", "jira:issue_updated", "jira:issue_deleted");
        assertThat(got).extracting(WebhookInbox.Received::answered).containsOnly(202);
        assertThat(got).extracting(r -> r.result().externalIds()).containsOnly(List.of(key));
        WebhookInbox.Received first = got.get(0);
        assertThat(first.header("X-Hub-Signature")).isEqualTo(WebhookSender.sign(first.body(),
                SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(first.header("X-Atlassian-Webhook-Retry")).isEqualTo("0");
        assertThat(first.header("X-Atlassian-Webhook-Identifier")).isNotBlank();
    }

    @Test
    void givenCommentsAddedEditedAndDeletedWhenMadeThenCommentDeliveriesNamingTheIssue() throws Exception {
        String key = http.post("/rest/api/3/issue", CREATE).json().get("key").asText();
        jira.webhook(inbox.url(), SECRET);
        String id = http.post("/rest/api/3/issue/" + key + "/comment", "{\"body\":" + Http.adf("first") + "}").json()
                .get("id").asText();
        http.put("/rest/api/3/issue/" + key + "/comment/" + id, "{\"body\":" + Http.adf("edited") + "}");
        http.delete("/rest/api/3/issue/" + key + "/comment/" + id);

        assertThat(deliveries()).extracting(r -> json(r.body()).get("webhookEvent").asText() + " "
                + json(r.body()).path("issue").path("key").asText())
                .containsExactly("comment_created " + key, "comment_updated " + key, "comment_deleted " + key);
    }

    @Test
    void givenASimulatedUserEditWhenMadeThenAnIssueUpdatedDelivery() throws Exception {
        jira.webhook(inbox.url(), SECRET);
        IssueSnapshot issue = jira.seed(NewIssue.builder("SYNC", "Seeded").build());
        jira.simulateEdit(issue.key(), FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", "Edited in the UI"));
        jira.simulateStatusChange(issue.key(), FakeJira.DEFAULT_ACCOUNT_ID, "Done");

        assertThat(deliveries()).hasSize(2).allSatisfy(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .contains("\"webhookEvent\":\"jira:issue_updated\"").contains("\"key\":\"" + issue.key() + "\""));
    }

    @Test
    void givenAFailingReceiverWhenDeliveredThenRetriedWithTheSameIdAndACountingRetryHeader() throws Exception {
        jira.webhook(inbox.url(), SECRET);
        jira.webhookRetryBackoff(Duration.ofMillis(10));
        inbox.answer(503, 500);
        http.post("/rest/api/3/issue", CREATE);

        List<WebhookInbox.Received> got = deliveries();

        assertThat(got).extracting(WebhookInbox.Received::answered).containsExactly(503, 500, 202);
        assertThat(got).extracting(r -> r.header("X-Atlassian-Webhook-Identifier")).containsOnly(
                got.get(0).header("X-Atlassian-Webhook-Identifier"));
        assertThat(got).extracting(r -> r.header("X-Atlassian-Webhook-Retry")).containsExactly("0", "1", "2");
    }

    @Test
    void givenADuplicateFaultWhenDeliveredThenTheReceiverSeesTheSecondAsADuplicate() throws Exception {
        jira.webhook(inbox.url(), SECRET);
        inbox.verifyWith(receiver, "jira");
        jira.injectWebhookFault(DeliveryFault.duplicate());
        http.post("/rest/api/3/issue", CREATE);

        assertThat(deliveries()).extracting(r -> r.result().outcome())
                .containsExactly(WebhookResult.Outcome.ACCEPTED, WebhookResult.Outcome.DUPLICATE);
    }

    @Test
    void givenADelayFaultWhenTwoEventsAreSentThenTheSecondArrivesFirst() throws Exception {
        jira.webhook(inbox.url(), SECRET);
        jira.injectWebhookFault(DeliveryFault.delay(Duration.ofSeconds(2)));
        http.post("/rest/api/3/issue", CREATE);
        http.post("/rest/api/3/issue", CREATE.replace("Fix login", "Second"));

        assertThat(deliveries()).extracting(r -> json(r.body()).path("issue").path("key").asText())
                .containsExactly("SYNC-2", "SYNC-1");
    }

    @Test
    void givenADropFaultWhenDeliveredThenNothingArrivesAndTheDropIsRecorded() throws Exception {
        jira.webhook(inbox.url(), SECRET);
        jira.injectWebhookFault(DeliveryFault.drop());
        http.post("/rest/api/3/issue", CREATE);

        assertThat(deliveries()).isEmpty();
        assertThat(jira.webhookDeliveries()).extracting(WebhookSender.SentDelivery::error).containsExactly("dropped");
    }

    @Test
    void givenTheControlApiWhenAWebhookIsRegisteredThenDeliveriesArriveAndAreListed() throws Exception {
        http.post("/_fake/webhooks", "{\"url\":\"" + inbox.url() + "\",\"secret\":\"" + SECRET + "\"}");
        http.post("/rest/api/3/issue", CREATE);

        assertThat(deliveries()).hasSize(1);
        assertThat(http.get("/_fake/webhooks").json().get(0).get("status").asInt()).isEqualTo(202);
        http.delete("/_fake/webhooks");
        http.post("/rest/api/3/issue", CREATE);
        assertThat(deliveries()).hasSize(1);
    }
}
