package dev.zen.integration.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FakeGitHub's webhooks: GitHub's headers and signature, the issues actions, no automatic redelivery. */
class FakeGitHubWebhookTest {
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String ISSUES = "/repos/zen-sync/tasks/issues";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeGitHub github = FakeGitHub.start();
    private final GitHubHttpClient http = new GitHubHttpClient(github);
    private final WebhookInbox inbox = new WebhookInbox();
    private final WebhookReceiver receiver = WebhookReceiver.builder()
            .provider("github", WebhookVerifier.githubHmacSha256(SECRET.toCharArray()))
            .target((provider, ids) -> {
                Instant now = Instant.now();
                return new SyncReport("s", SyncReport.Status.COMPLETED, false, now, now, List.of());
            }).build();

    @AfterEach
    void stop() {
        receiver.close();
        inbox.close();
        github.close();
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<WebhookInbox.Received> deliveries() throws InterruptedException {
        assertThat(github.awaitWebhooks(Duration.ofSeconds(10))).isTrue();
        return inbox.received();
    }

    @Test
    void givenAWebhookWhenAnIssueIsOpenedEditedClosedAndLabeledThenSignedIssuesEventsTheReceiverAccepts()
            throws Exception {
        github.webhook(inbox.url(), SECRET);
        inbox.verifyWith(receiver, "github");
        int number = http.post(ISSUES, "{\"title\":\"Write docs\"}").json().get("number").asInt();
        http.patch(ISSUES + "/" + number, "{\"title\":\"Write the docs\"}");
        http.patch(ISSUES + "/" + number, "{\"state\":\"closed\"}");
        http.post(ISSUES + "/" + number + "/labels", "{\"labels\":[\"docs\"]}");

        List<WebhookInbox.Received> got = deliveries();

        assertThat(got).extracting(r -> json(r.body()).get("action").asText())
                .containsExactly("opened", "edited", "closed", "labeled");
        assertThat(got).extracting(r -> r.header("X-GitHub-Event")).containsOnly("issues");
        assertThat(got).extracting(r -> r.result().outcome()).containsOnly(WebhookResult.Outcome.ACCEPTED);
        assertThat(got).extracting(r -> r.result().externalIds()).containsOnly(List.of("zen-sync/tasks#" + number));
        assertThat(got.get(0).header("X-Hub-Signature-256")).isEqualTo(WebhookSender.sign(got.get(0).body(),
                SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givenSimulatedEditsTransferAndDeleteWhenMadeThenTheirActions() throws Exception {
        github.webhook(inbox.url(), SECRET);
        GitHubIssue a = github.seedIssue("A", "a");
        GitHubIssue b = github.seedIssue("B", "b");
        github.simulateEdit(a.number(), FakeGitHub.DEFAULT_LOGIN, Map.of("state", "closed"));
        github.simulateEdit(a.number(), FakeGitHub.DEFAULT_LOGIN, Map.of("state", "open"));
        github.transfer(a.number(), "zen-sync/other");
        github.delete(b.number());

        assertThat(deliveries()).extracting(r -> json(r.body()).get("action").asText())
                .containsExactly("closed", "reopened", "transferred", "deleted");
    }

    @Test
    void givenAFailingReceiverWhenDeliveredThenNotRetriedAsOnGitHub() throws Exception {
        github.webhook(inbox.url(), SECRET);
        inbox.answer(500);
        http.post(ISSUES, "{\"title\":\"Write docs\"}");

        assertThat(deliveries()).extracting(WebhookInbox.Received::answered).containsExactly(500);
    }

    @Test
    void givenADuplicateFaultWhenDeliveredThenTheReceiverSeesTheSecondAsADuplicate() throws Exception {
        github.webhook(inbox.url(), SECRET);
        inbox.verifyWith(receiver, "github");
        github.injectWebhookFault(DeliveryFault.duplicate());
        http.post(ISSUES, "{\"title\":\"Write docs\"}");

        assertThat(deliveries()).extracting(r -> r.result().outcome())
                .containsExactly(WebhookResult.Outcome.ACCEPTED, WebhookResult.Outcome.DUPLICATE);
    }

    @Test
    void givenAPullRequestWhenEditedThenThePayloadMarksItAndTheReceiverIgnoresIt() throws Exception {
        github.webhook(inbox.url(), SECRET);
        inbox.verifyWith(receiver, "github");
        GitHubIssue pr = github.seedPullRequest("A PR");
        http.patch(ISSUES + "/" + pr.number(), "{\"title\":\"Renamed PR\"}");

        assertThat(deliveries()).extracting(r -> r.result().outcome()).containsExactly(WebhookResult.Outcome.IGNORED);
    }
}
