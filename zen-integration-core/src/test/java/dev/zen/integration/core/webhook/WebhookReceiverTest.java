package dev.zen.integration.core.webhook;

import static dev.zen.integration.core.webhook.Deliveries.GITHUB_SECRET;
import static dev.zen.integration.core.webhook.Deliveries.JIRA_SECRET;
import static dev.zen.integration.core.webhook.Deliveries.githubBody;
import static dev.zen.integration.core.webhook.Deliveries.githubHeaders;
import static dev.zen.integration.core.webhook.Deliveries.jiraBody;
import static dev.zen.integration.core.webhook.Deliveries.jiraHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.core.webhook.WebhookResult.Outcome;
import dev.zen.integration.spi.Credential;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each defence of the receiver, named after the attack or accident it stops, and the happy paths. */
class WebhookReceiverTest {
    private static final Instant NOW = Instant.parse("2026-12-03T15:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingTarget target = new RecordingTarget();
    private WebhookReceiver receiver = receiver(b -> b);

    private interface Config {
        WebhookReceiver.Builder apply(WebhookReceiver.Builder b);
    }

    private WebhookReceiver receiver(Config config) {
        return config.apply(WebhookReceiver.builder()
                .provider("jira", WebhookVerifier.jiraHmacSha256(JIRA_SECRET.toCharArray()))
                .provider("github", WebhookVerifier.githubHmacSha256(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8)))
                .coalesceWindow(Duration.ofMillis(20)).clock(clock).target(target)).build();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private WebhookResult jira(String id, byte[] body, Map<String, List<String>> headers) {
        return receiver.receive("jira", body, headers);
    }

    @Test
    void givenASignedJiraUpdateWhenReceivedThenAccepted202AndItsIssueSynced() throws Exception {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        WebhookResult r = jira("d-1", body, jiraHeaders("d-1", body, JIRA_SECRET));

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.httpStatus()).isEqualTo(202);
        assertThat(r.deliveryId()).isEqualTo("d-1");
        assertThat(r.externalIds()).containsExactly("SYNC-7");
        assertThat(target.next()).isEqualTo(new RecordingTarget.Call("jira", List.of("SYNC-7")));
    }

    @Test
    void givenJiraCreatedDeletedAndCommentEventsWhenReceivedThenEachSyncsItsIssue() throws Exception {
        String[] events = {"jira:issue_created", "jira:issue_deleted", "comment_created"};
        for (int i = 0; i < events.length; i++) {
            byte[] body = jiraBody(events[i], "SYNC-" + (i + 1), NOW);
            assertThat(jira("e-" + i, body, jiraHeaders("e-" + i, body, JIRA_SECRET)).httpStatus()).isEqualTo(202);
            assertThat(target.next().externalIds()).containsExactly("SYNC-" + (i + 1));
        }
    }

    @Test
    void givenTheGitHubTestVectorWhenSignedThenTheDocumentedSignature() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        assertThat(WebhookVerifier.githubHmacSha256(GITHUB_SECRET.toCharArray()).verifies(body, documented)).isTrue();
        assertThat(Deliveries.sign(body, GITHUB_SECRET)).isEqualTo(documented);
    }

    @Test
    void givenASignedGitHubIssueCommentWhenReceivedThenItsIssueSynced() throws Exception {
        byte[] body = githubBody("created", "acme/app", 42, false);
        WebhookResult r = receiver.receive("github", body, githubHeaders("issue_comment", "g-1", body, GITHUB_SECRET));

        assertThat(r.httpStatus()).isEqualTo(202);
        assertThat(target.next()).isEqualTo(new RecordingTarget.Call("github", List.of("acme/app#42")));
    }

    @Test
    void givenAGitHubPingWhenReceivedThenIgnored200() throws Exception {
        byte[] body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
        WebhookResult r = receiver.receive("github", body, githubHeaders("ping", "g-ping", body, GITHUB_SECRET));

        assertThat(r.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(target.poll(100)).isNull();
    }

    @Test
    void givenAPullRequestEventWhenReceivedThenIgnored200() throws Exception {
        byte[] body = githubBody("edited", "acme/app", 7, true);
        WebhookResult r = receiver.receive("github", body, githubHeaders("issue_comment", "g-pr", body, GITHUB_SECRET));

        assertThat(r.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(r.reason()).contains("pull request");
        assertThat(target.poll(100)).isNull();
    }

    @Test
    void givenABodyAlteredAfterSigningWhenReceivedThenRejected401() throws Exception {
        byte[] signed = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", signed, JIRA_SECRET);
        byte[] altered = jiraBody("jira:issue_updated", "SYNC-8", NOW);

        WebhookResult r = jira("d-1", altered, headers);

        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(target.poll(100)).isNull();
    }

    @Test
    void givenASignatureMadeWithTheWrongSecretWhenReceivedThenRejected401() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);

        assertThat(jira("d-1", body, jiraHeaders("d-1", body, "guessed-secret")).httpStatus()).isEqualTo(401);
    }

    @Test
    void givenAnUnsignedDeliveryWhenASecretIsConfiguredThenRejected401() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
        headers.remove("X-Hub-Signature");

        WebhookResult r = jira("d-1", body, headers);

        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.reason()).contains("unsigned");
    }

    @Test
    void givenAJiraSignatureSentInGitHubsHeaderWhenReceivedThenRejected401() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
        headers.put("X-Hub-Signature-256", headers.remove("X-Hub-Signature"));

        assertThat(jira("d-1", body, headers).httpStatus()).isEqualTo(401);
    }

    @Test
    void givenAForgedSignatureOfTheWrongShapeWhenReceivedThenRejected401() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        for (String forged : List.of("sha1=abcdef", "sha256=not-hex", "sha256=", "sha256=00", "")) {
            Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
            headers.put("X-Hub-Signature", List.of(forged));
            assertThat(jira("d-1", body, headers).httpStatus()).as(forged).isEqualTo(401);
        }
    }

    @Test
    void givenTwoSignatureHeadersWhenReceivedThenRejected400() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
        headers.put("x-hub-signature", List.of(Deliveries.sign(body, "other")));

        WebhookResult r = jira("d-1", body, headers);

        assertThat(r.httpStatus()).isEqualTo(400);
        assertThat(r.reason()).contains("repeated");
    }

    @Test
    void givenHeaderNamesInAnyCaseWhenReceivedThenMatched() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        jiraHeaders("d-1", body, JIRA_SECRET).forEach((k, v) -> headers.put(k.toUpperCase(), v));

        assertThat(jira("d-1", body, headers).httpStatus()).isEqualTo(202);
    }

    @Test
    void givenTheSameDeliveryIdReplayedWhenReceivedThenDuplicate200AndOneSync() throws Exception {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
        assertThat(jira("d-1", body, headers).httpStatus()).isEqualTo(202);
        target.next();
        clock.advance(Duration.ofMinutes(1));

        WebhookResult replay = jira("d-1", body, headers);

        assertThat(replay.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(replay.httpStatus()).isEqualTo(200);
        assertThat(target.poll(150)).isNull();
    }

    @Test
    void givenAStaleTimestampWhenReceivedThenRejected400() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW.minus(Duration.ofMinutes(6)));

        WebhookResult r = jira("old", body, jiraHeaders("old", body, JIRA_SECRET));

        assertThat(r.httpStatus()).isEqualTo(400);
        assertThat(r.reason()).contains("replay window");
    }

    @Test
    void givenAReplayOutlivingTheIdMemoryWhenReceivedThenItsStaleTimestampRejectsIt() {
        receiver.close();
        receiver = receiver(b -> b.replayWindow(Duration.ofMinutes(5)).deduplication(10, Duration.ofMinutes(5)));
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
        assertThat(jira("d-1", body, headers).httpStatus()).isEqualTo(202);
        clock.advance(Duration.ofMinutes(10));

        assertThat(jira("d-1", body, headers).httpStatus()).isEqualTo(400);
    }

    @Test
    void givenATimestampFromTheFutureWhenReceivedThenRejected400() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW.plus(Duration.ofHours(1)));

        assertThat(jira("f", body, jiraHeaders("f", body, JIRA_SECRET)).httpStatus()).isEqualTo(400);
    }

    @Test
    void givenAnOversizedBodyWhenReceivedThenRejected413BeforeTheSignatureIsComputed() {
        receiver.close();
        receiver = receiver(b -> b.maxBodyBytes(100));
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, "wrong-secret");

        WebhookResult r = jira("d-1", body, headers);

        assertThat(r.httpStatus()).isEqualTo(413);
    }

    @Test
    void givenAnUnknownProviderWhenReceivedThenRejected404WithoutEchoingItsName() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);

        WebhookResult r = receiver.receive("<script>x</script>", body, jiraHeaders("d-1", body, JIRA_SECRET));

        assertThat(r.httpStatus()).isEqualTo(404);
        assertThat(r.provider()).isEqualTo("unknown");
        assertThat(r.reason()).doesNotContain("script");
    }

    @Test
    void givenASignedBodyThatIsNotJsonWhenReceivedThenRejected400() {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);

        assertThat(jira("d-1", body, jiraHeaders("d-1", body, JIRA_SECRET)).httpStatus()).isEqualTo(400);
    }

    @Test
    void givenASignedPayloadWithDuplicateKeysWhenReceivedThenRejected400() {
        byte[] body = ("{\"timestamp\":" + NOW.toEpochMilli() + ",\"webhookEvent\":\"jira:issue_updated\","
                + "\"issue\":{\"key\":\"SYNC-7\",\"key\":\"SYNC-8\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(jira("d-1", body, jiraHeaders("d-1", body, JIRA_SECRET)).httpStatus()).isEqualTo(400);
    }

    @Test
    void givenASignedPayloadWithAnInjectedIssueKeyWhenReceivedThenRejected400() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7 OR project = X", NOW);

        assertThat(jira("d-1", body, jiraHeaders("d-1", body, JIRA_SECRET)).httpStatus()).isEqualTo(400);
    }

    @Test
    void givenNoDeliveryIdWhenReceivedThenRejected400() {
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
        headers.remove("X-Atlassian-Webhook-Identifier");

        assertThat(jira("d-1", body, headers).httpStatus()).isEqualTo(400);
    }

    @Test
    void givenABurstOfDeliveriesForOneIssueWhenReceivedThenOneSync() throws Exception {
        receiver.close();
        receiver = receiver(b -> b.coalesceWindow(Duration.ofMillis(300)));
        for (int i = 0; i < 5; i++) {
            byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
            assertThat(jira("b-" + i, body, jiraHeaders("b-" + i, body, JIRA_SECRET)).httpStatus()).isEqualTo(202);
        }
        byte[] other = jiraBody("jira:issue_updated", "SYNC-9", NOW);
        jira("b-9", other, jiraHeaders("b-9", other, JIRA_SECRET));

        assertThat(target.next()).isEqualTo(new RecordingTarget.Call("jira", List.of("SYNC-7", "SYNC-9")));
        assertThat(target.poll(400)).isNull();
    }

    @Test
    void givenAFullQueueWhenReceivedThenBusy503WithRetryAfterAndTheRetryIsNotADuplicate() {
        receiver.close();
        receiver = receiver(b -> b.queueCapacity(1).coalesceWindow(Duration.ofMinutes(1)));
        byte[] first = jiraBody("jira:issue_updated", "SYNC-1", NOW);
        assertThat(jira("q-1", first, jiraHeaders("q-1", first, JIRA_SECRET)).httpStatus()).isEqualTo(202);
        byte[] second = jiraBody("jira:issue_updated", "SYNC-2", NOW);
        Map<String, List<String>> headers = jiraHeaders("q-2", second, JIRA_SECRET);

        WebhookResult busy = jira("q-2", second, headers);
        WebhookResult retry = jira("q-2", second, headers);
        WebhookResult sameItem = jira("q-3", first, jiraHeaders("q-3", first, JIRA_SECRET));

        assertThat(busy.httpStatus()).isEqualTo(503);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(retry.outcome()).isEqualTo(Outcome.BUSY);
        assertThat(sameItem.httpStatus()).as("an item already waiting rides along").isEqualTo(202);
    }

    @Test
    void givenAnUnsignedProviderWithoutTheInsecureOptionWhenBuiltThenRefused() {
        WebhookReceiver.Builder b = WebhookReceiver.builder().provider("jira", WebhookVerifier.jiraUnsigned())
                .target(target);

        assertThat(catchThrowable(b::build))
                .hasMessageContaining("insecureNoSignature");
    }

    @Test
    void givenAnUnsignedProviderWithTheInsecureOptionWhenAnUnsignedDeliveryArrivesThenAccepted() {
        receiver.close();
        receiver = WebhookReceiver.builder().provider("jira", WebhookVerifier.jiraUnsigned()).insecureNoSignature()
                .clock(clock).target(target).build();
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        Map<String, List<String>> headers = jiraHeaders("d-1", body, JIRA_SECRET);
        headers.remove("X-Hub-Signature");

        assertThat(jira("d-1", body, headers).httpStatus()).isEqualTo(202);
    }

    @Test
    void givenAnEmptySecretWhenAVerifierIsMadeThenInvalidDataNamingTheSecret() {
        assertThat(catchThrowable(() -> WebhookVerifier.jiraHmacSha256(new char[0])))
                .hasMessageContaining("secret is empty");
    }

    @Test
    void givenASecretInTheCredentialProviderWhenAVerifierIsMadeFromItThenItVerifies() {
        InMemoryCredentialProvider credentials = new InMemoryCredentialProvider()
                .put("jira-webhook", Credential.bearer(JIRA_SECRET));
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);

        WebhookVerifier verifier = WebhookVerifier.jiraHmacSha256(credentials, "jira-webhook");

        assertThat(verifier.verifies(body, Deliveries.sign(body, JIRA_SECRET))).isTrue();
        assertThat(verifier.verifies(body, Deliveries.sign(body, "other"))).isFalse();
        assertThat(catchThrowable(() -> WebhookVerifier.githubHmacSha256(credentials, "missing")))
                .hasMessageContaining("no credential 'missing'");
    }

    @Test
    void givenAVerifierWhenPrintedThenTheSecretIsNot() {
        assertThat(WebhookVerifier.jiraHmacSha256(JIRA_SECRET.toCharArray()).toString()).doesNotContain(JIRA_SECRET)
                .contains("***");
    }

    @Test
    void givenAListenerWhenDeliveriesArriveThenItSeesEveryOutcomeAndTheSyncLatency() throws Exception {
        List<WebhookResult> delivered = new ArrayList<>();
        BlockingQueue<Duration> latencies = new LinkedBlockingQueue<>();
        receiver.close();
        receiver = receiver(b -> b.coalesceWindow(Duration.ofMillis(500)).listener(new WebhookListener() {
            @Override
            public void onWebhookDelivery(WebhookResult result) {
                delivered.add(result);
            }

            @Override
            public void onWebhookSynced(String provider, List<String> ids, Duration latency, boolean ok) {
                latencies.add(latency);
            }
        }));
        byte[] body = jiraBody("jira:issue_updated", "SYNC-7", NOW);
        jira("l-1", body, jiraHeaders("l-1", body, JIRA_SECRET));
        jira("l-2", body, jiraHeaders("l-2", body, "bad"));
        clock.advance(Duration.ofMillis(1500));

        assertThat(delivered).extracting(WebhookResult::outcome).containsExactly(Outcome.ACCEPTED, Outcome.REJECTED);
        assertThat(latencies.poll(10, TimeUnit.SECONDS)).isEqualTo(Duration.ofMillis(1500));
    }
}
