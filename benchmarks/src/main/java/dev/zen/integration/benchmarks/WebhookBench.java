package dev.zen.integration.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.zen.integration.core.webhook.WebhookListener;
import dev.zen.integration.core.webhook.WebhookReceiver;
import dev.zen.integration.core.webhook.WebhookTarget;
import dev.zen.integration.core.webhook.WebhookVerifier;
import dev.zen.integration.testkit.jira.FakeJira;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Webhook-to-synced latency: a user edits an issue in FakeJira, FakeJira POSTs the signed {@code jira:issue_updated}
 * delivery to a loopback endpoint (the JDK HTTP server) that hands it to a {@link WebhookReceiver}, which syncs the
 * linked task through the engine and the WASM Jira plugin. Timed from the edit to the end of that sync (the task
 * holds the new summary), with the receiver's coalescing window as configured.
 */
final class WebhookBench implements AutoCloseable {
    private static final String SECRET = "benchmark-webhook-secret";

    private final SyncBench bench;
    private final HttpServer server;
    private final WebhookReceiver receiver;
    private final BlockingQueue<List<String>> synced = new LinkedBlockingQueue<>();

    /** An endpoint for {@code bench}'s engine with coalescing window {@code window}, registered with its FakeJira. */
    WebhookBench(SyncBench bench, Duration window) throws IOException {
        this.bench = bench;
        this.receiver = WebhookReceiver.builder().provider("jira", WebhookVerifier.jiraHmacSha256(SECRET.toCharArray()))
                .coalesceWindow(window).target(WebhookTarget.of(bench.zen)).listener(new WebhookListener() {
                    @Override
                    public void onWebhookSynced(String provider, List<String> ids, Duration latency, boolean ok) {
                        if (ok) synced.add(ids);
                    }
                }).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/webhooks/jira", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(receiver.maxBodyBytes() + 1);
                exchange.sendResponseHeaders(receiver.receive("jira", body, exchange.getRequestHeaders())
                        .httpStatus(), -1);
            }
        });
        server.start();
        bench.jira.webhook(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/jira"), SECRET);
    }

    /**
     * Edits the issue linked to {@code taskId} in FakeJira and waits for the webhook's sync to bring the new summary
     * into the task; returns the nanoseconds from the edit to the end of the sync.
     */
    long editAndAwait(String taskId, String key, String summary) throws InterruptedException {
        synced.clear();
        long t = System.nanoTime();
        bench.jira.simulateEdit(key, FakeJira.DEFAULT_ACCOUNT_ID, Map.of("summary", summary));
        while (true) {
            List<String> ids = synced.poll(30, TimeUnit.SECONDS);
            if (ids == null) throw new IllegalStateException("no webhook sync of " + key + " within 30 s");
            if (!Set.copyOf(ids).contains(key)) continue;
            long elapsed = System.nanoTime() - t;
            String title = bench.zen.taskStore().find(taskId).orElseThrow().title();
            if (!summary.equals(title)) throw new IllegalStateException(taskId + " has '" + title + "', not the edit");
            return elapsed;
        }
    }

    @Override
    public void close() {
        bench.jira.clearWebhooks();
        server.stop(0);
        receiver.close();
    }
}
