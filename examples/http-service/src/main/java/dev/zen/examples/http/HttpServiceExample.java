package dev.zen.examples.http;

import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.credentials.InMemoryCredentialProvider;
import dev.zen.integration.micrometer.ZenMetrics;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Runs {@link IntegrationHttpService} over Zen Integration with the real Jira plugin and an embedded FakeJira
 * (seeded with three issues, imported as Zen tasks), prints ready-to-paste {@code curl} commands and serves until
 * Ctrl+C.
 *
 * <pre>
 * mvn -q -pl examples/http-service exec:java                          # port 8080
 * mvn -q -pl examples/http-service exec:java -Dexec.args="--port 9090"
 * </pre>
 */
public final class HttpServiceExample implements AutoCloseable {
    private final FakeJira jira;
    private final Path workspace;
    private final ZenIntegration zen;
    private final IntegrationHttpService http;
    private final List<String> taskIds;

    private HttpServiceExample(FakeJira jira, Path workspace, ZenIntegration zen, IntegrationHttpService http,
                               List<String> taskIds) {
        this.jira = jira;
        this.workspace = workspace;
        this.zen = zen;
        this.http = http;
        this.taskIds = taskIds;
    }

    /** Starts FakeJira, the integration (importing the seeded issues) and the HTTP service on {@code port}. */
    public static HttpServiceExample start(int port) throws IOException {
        FakeJira jira = FakeJira.start();
        jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Export fails for large files").labels("backend").build());
        jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Dark mode flickers").priority("High").build());
        jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Add CSV import").build());
        Path workspace = Files.createTempDirectory("zen-http-example-");
        ZenMetrics metrics = new ZenMetrics();
        ZenIntegration zen = ZenIntegration.builder()
                .workspace(workspace)
                .listener(metrics)
                .credentialProvider(new InMemoryCredentialProvider()
                        .put("jira-bot", Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN)))
                .provider(ProviderConfig.builder("jira")
                        .serverUrl(jira.baseUrl().toString())
                        .projectKey(FakeJira.DEFAULT_PROJECT)
                        .credentialsRef("jira-bot")
                        .build())
                .build();
        try {
            List<String> taskIds = Stream.of("SYNC-1", "SYNC-2", "SYNC-3")
                    .map(key -> zen.importItem("jira", key)).map(ZenTask::id).toList();
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics.monitor(zen).bindTo(prometheus);
            IntegrationHttpService http = IntegrationHttpService.builder(zen).port(port)
                    .operations(prometheus::scrape, zen::health).start();
            return new HttpServiceExample(jira, workspace, zen, http, taskIds);
        } catch (RuntimeException e) {
            zen.close();
            jira.close();
            deleteRecursively(workspace);
            throw e;
        }
    }

    /** The running HTTP service. */
    public IntegrationHttpService http() {
        return http;
    }

    /** The embedded fake Jira. */
    public FakeJira jira() {
        return jira;
    }

    /** The ids of the imported tasks. */
    public List<String> taskIds() {
        return taskIds;
    }

    /** {@code curl} commands for each endpoint, ready to paste into a shell. */
    public List<String> curlCommands() {
        String base = http.baseUri().toString();
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
                "curl -si " + base + IntegrationHttpService.HEALTH_PATH + "   # 200 when ready, 503 when not");
    }

    /** Stops the HTTP service, the integration and FakeJira, and deletes the temporary workspace. */
    @Override
    public void close() {
        http.close();
        zen.close();
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

    /** Runs the example until Ctrl+C. Arguments: {@code [--port N]}. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8080;
        HttpServiceExample example = start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            example.close();
            stopped.countDown();
        }, "zen-http-example-shutdown"));
        System.out.println("Zen Integration HTTP service on " + example.http().baseUri() + " (FakeJira at "
                + example.jira().baseUrl() + "); tasks " + example.taskIds());
        System.out.println("Try (each user may make 10 requests per minute):");
        example.curlCommands().forEach(c -> System.out.println("  " + c));
        System.out.println("Press Ctrl+C to stop.");
        stopped.await();
    }
}
