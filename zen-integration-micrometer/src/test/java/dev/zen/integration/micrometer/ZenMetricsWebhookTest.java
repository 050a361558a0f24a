package dev.zen.integration.micrometer;

import static dev.zen.integration.micrometer.ZenMetricsPrometheusTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ConflictStrategy;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.resilience.ProviderCalls;
import dev.zen.integration.core.webhook.WebhookListener;
import dev.zen.integration.core.webhook.WebhookReceiver;
import dev.zen.integration.core.webhook.WebhookTarget;
import dev.zen.integration.core.webhook.WebhookVerifier;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.fake.WebhookSender;
import dev.zen.integration.testkit.inmemory.InMemory;
import dev.zen.integration.testkit.inmemory.InMemoryTracker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook deliveries through a receiver wired to a real engine ({@link WebhookTarget#of}): the remote change lands in
 * the task without a poll, and the deliveries and the sync latency are counted.
 */
class ZenMetricsWebhookTest {
    private static final String SECRET = "metrics-secret";
    final TestClock clock = TestClock.at("2026-03-01T09:00:00Z");
    final InMemoryTracker tracker = InMemoryTracker.create("fake", clock);
    final ZenMetrics metrics = new ZenMetrics();
    final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final CountDownLatch synced = new CountDownLatch(2);
    ZenIntegration zen;
    WebhookReceiver receiver;
    String key;

    @BeforeEach
    void open() {
        zen = ZenIntegration.builder().discoverServices(false).clock(clock)
                .taskStore(InMemory.taskStore(clock)).recordStore(InMemory.recordStore())
                .lockProvider(InMemory.lockProvider()).providerCalls(ProviderCalls.direct()).listener(metrics)
                .provider(ProviderConfig.builder("fake").conflictStrategy(ConflictStrategy.TIMESTAMP)
                        .scope(ScopeConfig.defaults()).build(), tracker)
                .build();
        metrics.monitor(zen).bindTo(prometheus);
        zen.taskStore().create(ZenTask.builder("task-1", "Base").status("To Do").build());
        key = tracker.seed(Map.of("title", "Base", "status", "To Do"));
        zen.link("task-1", "fake", key);
        zen.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
        clock.advance(Duration.ofSeconds(1));
        receiver = WebhookReceiver.builder().provider("fake", WebhookVerifier.jiraHmacSha256(SECRET.toCharArray()))
                .clock(clock).coalesceWindow(Duration.ofMillis(10)).target(WebhookTarget.of(zen)).listener(metrics)
                .listener(new WebhookListener() {
                    @Override
                    public void onWebhookSynced(String provider, List<String> ids, Duration latency, boolean ok) {
                        synced.countDown();
                    }
                }).build();
    }

    @AfterEach
    void close() {
        receiver.close();
        zen.close();
    }

    private int deliver(String id, String issueKey, String secret) {
        byte[] body = ("{\"timestamp\":" + clock.millis() + ",\"webhookEvent\":\"jira:issue_updated\","
                + "\"issue\":{\"id\":\"1\",\"key\":\"" + issueKey + "\"}}").getBytes(StandardCharsets.UTF_8);
        return receiver.receive("fake", body, Map.of("X-Atlassian-Webhook-Identifier", List.of(id),
                "X-Hub-Signature", List.of(WebhookSender.sign(body, secret.getBytes(StandardCharsets.UTF_8)))))
                .httpStatus();
    }

    @Test
    void givenSignedForgedAndRepeatedDeliveriesWhenReceivedThenTheTaskConvergesAndEachOutcomeIsCounted()
            throws Exception {
        tracker.edit(key, "title", "Renamed in the tracker");
        String unlinked = tracker.seed(Map.of("title", "New in the tracker", "status", "To Do"));

        assertThat(deliver("d-1", key, SECRET)).isEqualTo(202);
        assertThat(deliver("d-1", key, SECRET)).isEqualTo(200);
        assertThat(deliver("d-2", key, "forged")).isEqualTo(401);
        assertThat(synced.await(300, TimeUnit.MILLISECONDS)).as("only one sync so far").isFalse();
        assertThat(deliver("d-3", unlinked, SECRET)).isEqualTo(202);
        assertThat(synced.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(zen.taskStore().find("task-1").orElseThrow().title()).isEqualTo("Renamed in the tracker");
        assertThat(zen.recordStore().findByExternal("fake", unlinked)).as("a new item is imported (scope)").isPresent();
        String scrape = prometheus.scrape();
        assertThat(value(scrape, "zen_webhook_deliveries_total", "outcome=\"accepted\"")).isEqualTo(2);
        assertThat(value(scrape, "zen_webhook_deliveries_total", "outcome=\"duplicate\"")).isEqualTo(1);
        assertThat(value(scrape, "zen_webhook_deliveries_total", "outcome=\"rejected\"", "status=\"401\""))
                .isEqualTo(1);
        assertThat(value(scrape, "zen_webhook_sync_latency_seconds_count", "outcome=\"success\"")).isEqualTo(2);
    }
}
