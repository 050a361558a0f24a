package dev.zen.examples.http;

import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.core.resilience.ResilientProviderCalls;
import dev.zen.integration.core.webhook.WebhookReceiver;
import dev.zen.integration.core.webhook.WebhookTarget;
import dev.zen.integration.core.webhook.WebhookVerifier;
import dev.zen.integration.micrometer.ZenMetrics;
import dev.zen.integration.postgres.EmbeddedPostgresServer;
import dev.zen.integration.postgres.PostgresStores;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs {@link IntegrationHttpService} over Zen Integration with the real Jira plugin and an embedded FakeJira
 * (seeded with three issues, imported as Zen tasks), prints ready-to-paste {@code curl} commands and serves until
 * Ctrl+C. FakeJira sends its webhooks, signed, to {@code POST /api/v1/integrations/webhooks/jira}, so an edit made in
 * FakeJira reaches the task without a poll; the secret comes from {@code ZEN_JIRA_WEBHOOK_SECRET} (a random one when
 * unset).
 *
 * <pre>
 * mvn -q -pl examples/http-service exec:java                          # port 8080
 * mvn -q -pl examples/http-service exec:java -Dexec.args="--port 9090"
 * mvn -q -pl examples/http-service exec:java -Dexec.args="--replicas 2"   # 8080 and 8081, one PostgreSQL
 * </pre>
 */
public final class HttpServiceExample implements AutoCloseable {
    private final FakeJira jira;
    private final Path workspace;
    private final Replicas replicas;
    private final List<String> taskIds;
    private final String webhookSecret;

    private HttpServiceExample(FakeJira jira, Path workspace, Replicas replicas, List<String> taskIds,
                               String webhookSecret) {
        this.jira = jira;
        this.workspace = workspace;
        this.replicas = replicas;
        this.taskIds = taskIds;
        this.webhookSecret = webhookSecret;
    }

    /** The Jira webhook secret: {@code ZEN_JIRA_WEBHOOK_SECRET}, or a random one. */
    private static String webhookSecret() {
        String configured = System.getenv("ZEN_JIRA_WEBHOOK_SECRET");
        if (configured != null && !configured.isBlank()) return configured;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Starts FakeJira, the integration (importing the seeded issues) and the HTTP service on {@code port}. */
    public static HttpServiceExample start(int port) throws IOException {
        return start(port, 1);
    }

    /**
     * Starts FakeJira and {@code replicas} instances of the service on ports {@code port}, {@code port + 1}, ...
     * (all ephemeral when {@code port} is 0). One instance keeps its state in a temporary workspace; two or more
     * share an embedded PostgreSQL: tasks, sync records, task locks and Jira's rate budget, as replicas behind a
     * load balancer would.
     */
    public static HttpServiceExample start(int port, int replicas) throws IOException {
        FakeJira jira = FakeJira.start();
        jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Export fails for large files").labels("backend").build());
        jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Dark mode flickers").priority("High").build());
        jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Add CSV import").build());
        Path workspace = Files.createTempDirectory("zen-http-example-");
        Replicas started = new Replicas();
        try {
            EmbeddedPostgresServer db = replicas > 1 ? EmbeddedPostgresServer.start() : null;
            if (db != null) started.databases.add(db);
            for (int i = 0; i < replicas; i++) {
                ZenIntegration.Builder b = ZenIntegration.builder()
                        .workspace(Files.createDirectories(workspace.resolve("replica-" + i)))
                        .credentialProvider(new InMemoryCredentialProvider()
                                .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                        .provider(providerConfig(jira));
                if (db != null) onPostgres(b, db, started, providerConfig(jira));
                ZenMetrics metrics = new ZenMetrics();
                started.metrics.add(metrics);
                started.zens.add(b.listener(metrics).build());
            }
            List<String> taskIds = Stream.of("SYNC-1", "SYNC-2", "SYNC-3")
                    .map(key -> started.zens.get(0).importItem("jira", key)).map(ZenTask::id).toList();
            String secret = webhookSecret();
            for (int i = 0; i < replicas; i++) {
                WebhookReceiver receiver = WebhookReceiver.builder()
                        .provider("jira", WebhookVerifier.jiraHmacSha256(secret.toCharArray()))
                        .target(WebhookTarget.of(started.zens.get(i))).listener(started.metrics.get(i)).build();
                started.receivers.add(receiver);
                started.https.add(serve(started.zens.get(i), started.metrics.get(i), receiver,
                        port == 0 ? 0 : port + i));
            }
            // as a Jira admin registers it: Settings > System > WebHooks, URL and secret
            jira.webhook(started.https.get(0).baseUri().resolve(IntegrationHttpService.WEBHOOKS_PATH + "jira"), secret);
            return new HttpServiceExample(jira, workspace, started, taskIds, secret);
        } catch (RuntimeException | IOException e) {
            started.close();
            jira.close();
            deleteRecursively(workspace);
            throw e;
        }
    }

    private static ProviderConfig providerConfig(FakeJira jira) {
        return ProviderConfig.builder("jira")
                .serverUrl(jira.baseUrl().toString())
                .projectKey(FakeJira.DEFAULT_PROJECT)
                .credentialsRef("jira-bot")
                // the whole project: integration().syncScope("jira") imports and polls it, and webhooks for issues
                // not linked yet import them; /status shows the scope's watermark and last poll
                .scope(ScopeConfig.defaults())
                .build();
    }

    /** One replica's stores on the shared database, with its own connection pools, as in its own process. */
    private static void onPostgres(ZenIntegration.Builder b, EmbeddedPostgresServer db, Replicas started,
                                   ProviderConfig jira) {
        PostgresStores pg = PostgresStores.builder().jdbcUrl(db.jdbcUrl(), db.user(), "").build();
        started.databases.add(0, pg); // closed before the server
        b.taskStore(pg.taskStore()).recordStore(pg.syncRecordStore()).lockProvider(pg.lockProvider())
                .providerCalls(ResilientProviderCalls.builder().provider("jira", jira.resilience())
                        .sharedBudget(pg.sharedBudget()).build());
    }

    /** The HTTP service of one replica, with its meters on {@code /metrics} and its readiness on {@code /health}. */
    private static IntegrationHttpService serve(ZenIntegration zen, ZenMetrics metrics, WebhookReceiver webhooks,
                                                int port) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.monitor(zen).bindTo(prometheus);
        return IntegrationHttpService.builder(zen).port(port).operations(prometheus::scrape, zen::health)
                .webhooks(webhooks).start();
    }

    /** What {@link #start} has started so far, closed in reverse on failure. */
    private static final class Replicas {
        final List<ZenMetrics> metrics = new ArrayList<>();
        final List<ZenIntegration> zens = new ArrayList<>();
        final List<IntegrationHttpService> https = new ArrayList<>();
        final List<WebhookReceiver> receivers = new ArrayList<>();
        final List<AutoCloseable> databases = new ArrayList<>();

        void close() {
            https.forEach(IntegrationHttpService::close);
            receivers.forEach(WebhookReceiver::close);
            zens.forEach(ZenIntegration::close);
            for (AutoCloseable c : databases) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort on the way out
                }
            }
        }
    }

    /** The (first replica's) running HTTP service. */
    public IntegrationHttpService http() {
        return replicas.https.get(0);
    }

    /** Every replica's HTTP service, in port order. */
    public List<IntegrationHttpService> replicas() {
        return List.copyOf(replicas.https);
    }

    /** The embedded fake Jira. */
    public FakeJira jira() {
        return jira;
    }

    /** The (first replica's) integration. */
    public ZenIntegration integration() {
        return replicas.zens.get(0);
    }

    /** The secret FakeJira signs its webhooks with. */
    public String jiraWebhookSecret() {
        return webhookSecret;
    }

    /** The ids of the imported tasks. */
    public List<String> taskIds() {
        return taskIds;
    }

    /** {@code curl} commands for each endpoint, ready to paste into a shell. */
    public List<String> curlCommands() {
        String base = http().baseUri().toString();
        String user = "-H '" + IntegrationHttpService.USER_HEADER + ": alice'";
        String body = "{\"task_ids\":[\"" + taskIds.get(0) + "\",\"" + taskIds.get(1) + "\"],"
                + "\"direction\":\"bidirectional\"}";
        return List.of(
                "curl -s -X POST " + base + IntegrationHttpService.SYNC_PATH + " " + user
                        + " -H 'Content-Type: application/json' -d '" + body + "'",
                "curl -s " + base + IntegrationHttpService.STATUS_PATH + " " + user,
                "for i in $(seq 11); do curl -s -o /dev/null -w '%{http_code} ' " + base
                        + IntegrationHttpService.STATUS_PATH + " -H '" + IntegrationHttpService.USER_HEADER
                        + ": bob'; done; echo   # the 11th answers 429",
                "curl -si -X POST " + base + IntegrationHttpService.SYNC_PATH + " " + user
                        + " -d '{\"task_ids\":[],\"direction\":\"SIDEWAYS\"}'   # 400 INVALID_DATA",
                "curl -s " + base + IntegrationHttpService.METRICS_PATH + " | grep ^zen_sync   # Prometheus text",
                "curl -si " + base + IntegrationHttpService.HEALTH_PATH + "   # 200 when ready, 503 when not",
                "body='{\"timestamp\":'$(date +%s)000',\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"key\":"
                        + "\"SYNC-1\"}}'; curl -si -X POST " + base + IntegrationHttpService.WEBHOOKS_PATH + "jira"
                        + " -H \"X-Atlassian-Webhook-Identifier: $(date +%s%N)\" -H \"X-Hub-Signature: sha256=$(printf %s"
                        + " \"$body\" | openssl dgst -sha256 -hmac '" + webhookSecret + "' | sed 's/^.* //')\" -d \"$body\""
                        + "   # 202; change one byte of the body: 401");
    }

    /** Stops the HTTP service, the integration and FakeJira, and deletes the temporary workspace. */
    @Override
    public void close() {
        replicas.close();
        jira.close();
        deleteRecursively(workspace);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the example workspace " + dir, e);
        }
    }

    /** Runs the example until Ctrl+C. Arguments: {@code [--port N] [--replicas N]}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = 8080;
        int replicas = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--replicas" -> replicas = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --port N (default 8080) and --replicas N (default 1)");
            }
        }
        HttpServiceExample example = start(port, replicas);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            example.close();
            stopped.countDown();
        }, "zen-http-example-shutdown"));
        System.out.println("Zen Integration HTTP service on " + example.replicas().stream()
                .map(h -> h.baseUri().toString()).toList() + " (FakeJira at " + example.jira().baseUrl() + "); tasks "
                + example.taskIds() + (replicas > 1 ? "; the replicas share an embedded PostgreSQL" : ""));
        System.out.println("Try (each user may make 10 requests per minute):");
        example.curlCommands().forEach(c -> System.out.println("  " + c));
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
    }
}
