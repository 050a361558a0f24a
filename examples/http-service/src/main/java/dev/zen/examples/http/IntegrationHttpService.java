package dev.zen.examples.http;

import com.sun.net.httpserver.HttpServer;
import dev.zen.integration.HealthReport;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.core.webhook.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small HTTP service over a {@link TaskSyncService}, on the JDK's built-in {@code com.sun.net.httpserver}:
 * <ul>
 *   <li>{@code POST /api/v1/integrations/sync} with {@code {"task_ids":["task-1"],"direction":"bidirectional"}}
 *       answers 200 with the {@link dev.zen.integration.SyncReport} as JSON;</li>
 *   <li>{@code GET /api/v1/integrations/status} answers 200 with the
 *       {@link dev.zen.integration.IntegrationStatus} as JSON;</li>
 *   <li>when {@link Builder#webhooks} is given: {@code POST /api/v1/integrations/webhooks/{provider}}, a signed
 *       Jira or GitHub webhook delivery, answered as the {@link WebhookReceiver} decides (no user header, no rate
 *       limit: the signature identifies the sender);</li>
 *   <li>when {@link Builder#operations} is given: {@code GET /metrics} (Prometheus text) and {@code GET /health}
 *       (200 ready / 503 not ready, with the {@link HealthReport} as JSON), without user header or rate limit.</li>
 * </ul>
 * Every request names its user in the {@code X-Zen-User} header (put an authenticating proxy in front in
 * production) and each user may make 10 requests per minute (configurable); beyond that the answer is 429 with
 * {@code Retry-After}. Errors are JSON: {@code {"code":"INVALID_DATA","message":"...","retryable":false}}.
 *
 * <pre>{@code
 * try (IntegrationHttpService http = IntegrationHttpService.builder(zen).port(8080).start()) {
 *     System.out.println("Listening on " + http.baseUri());
 *     ...
 * }
 * }</pre>
 *
 * Closing it stops accepting requests, lets running ones finish for the grace period, and stops its threads; the
 * {@link TaskSyncService} stays open (the caller owns it).
 */
public final class IntegrationHttpService implements AutoCloseable {
    /** The header naming the calling user. */
    public static final String USER_HEADER = IntegrationApiHandler.USER_HEADER;
    /** The sync endpoint's path. */
    public static final String SYNC_PATH = IntegrationApiHandler.SYNC_PATH;
    /** The status endpoint's path. */
    public static final String STATUS_PATH = IntegrationApiHandler.STATUS_PATH;
    /** The Prometheus endpoint's path. */
    public static final String METRICS_PATH = OperationsHandler.METRICS_PATH;
    /** The readiness endpoint's path. */
    public static final String HEALTH_PATH = OperationsHandler.HEALTH_PATH;
    /** The webhook endpoints' path prefix: {@code POST /api/v1/integrations/webhooks/{provider}}. */
    public static final String WEBHOOKS_PATH = WebhookHandler.PATH;

    private final HttpServer server;
    private final ExecutorService workers;
    private final int stopGraceSeconds;

    private IntegrationHttpService(HttpServer server, ExecutorService workers, int stopGraceSeconds) {
        this.server = server;
        this.workers = workers;
        this.stopGraceSeconds = stopGraceSeconds;
    }

    /** Starts a builder for a service over {@code service}: loopback port 8080, 10 requests per minute per user. */
    public static Builder builder(TaskSyncService service) {
        return new Builder(service);
    }

    /** The address to send requests to, such as {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    /** The port listened on (useful after asking for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(stopGraceSeconds);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) workers.shutdownNow();
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Builds and starts an {@link IntegrationHttpService}. Not thread-safe. */
    public static final class Builder {
        private final TaskSyncService service;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port = 8080;
        private int requestsPerMinute = 10;
        private Duration idleUserExpiry = Duration.ofMinutes(5);
        private long maxTrackedUsers = 100_000;
        private int threads = 4;
        private Duration stopGracePeriod = Duration.ofSeconds(2);
        private OperationsHandler operations;
        private WebhookReceiver webhooks;

        private Builder(TaskSyncService service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        /** The address to bind. Default: loopback only; bind a public address only behind an authenticating proxy. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port; 0 picks a free one. Default: 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            this.port = port;
            return this;
        }

        /** How many requests each user may make per minute, all usable at once. Default: 10. */
        public Builder requestsPerMinute(int requests) {
            if (requests < 1) throw new IllegalArgumentException("requestsPerMinute must be at least 1: " + requests);
            this.requestsPerMinute = requests;
            return this;
        }

        /** After how long without requests a user's limiter is forgotten (at least a minute). Default: 5 minutes. */
        public Builder idleUserExpiry(Duration expiry) {
            this.idleUserExpiry = Objects.requireNonNull(expiry, "expiry");
            return this;
        }

        /** How many users' limiters are kept at most (least recently used are dropped). Default: 100 000. */
        public Builder maxTrackedUsers(long max) {
            if (max < 1) throw new IllegalArgumentException("maxTrackedUsers must be at least 1: " + max);
            this.maxTrackedUsers = max;
            return this;
        }

        /** How many requests are served at once. Default: 4. */
        public Builder threads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
            this.threads = threads;
            return this;
        }

        /**
         * How long {@link #close()} lets running requests finish, in whole seconds (the JDK server waits all of it).
         * Default: 2 seconds; zero closes at once.
         */
        public Builder stopGracePeriod(Duration grace) {
            if (grace.isNegative()) throw new IllegalArgumentException("stopGracePeriod must not be negative");
            this.stopGracePeriod = grace;
            return this;
        }

        /**
         * Serves {@code GET /metrics} with {@code metrics} (such as {@code prometheusRegistry::scrape}) and
         * {@code GET /health} with {@code health} (such as {@code zen::health}). Default: neither endpoint.
         */
        public Builder operations(Supplier<String> metrics, Supplier<HealthReport> health) {
            this.operations = new OperationsHandler(Objects.requireNonNull(metrics, "metrics"),
                    Objects.requireNonNull(health, "health"));
            return this;
        }

        /**
         * Serves {@code POST /api/v1/integrations/webhooks/{provider}} with {@code receiver} (which the caller keeps
         * and closes). Default: no webhook endpoint.
         */
        public Builder webhooks(WebhookReceiver receiver) {
            this.webhooks = Objects.requireNonNull(receiver, "receiver");
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws IllegalStateException if the port is taken
         */
        public IntegrationHttpService start() {
            UserRateLimits limits = new UserRateLimits(requestsPerMinute, Duration.ofMinutes(1), idleUserExpiry,
                    maxTrackedUsers);
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
            } catch (BindException e) {
                throw new IllegalStateException("port " + port + " on " + bindAddress.getHostAddress()
                        + " is in use; choose another port (0 picks a free one)", e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not open the HTTP server: " + e.getMessage(), e);
            }
            AtomicInteger n = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "zen-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            server.createContext("/", new IntegrationApiHandler(service, limits));
            if (operations != null) {
                server.createContext(METRICS_PATH, operations);
                server.createContext(HEALTH_PATH, operations);
            }
            if (webhooks != null) server.createContext(WEBHOOKS_PATH, new WebhookHandler(webhooks));
            server.setExecutor(workers);
            server.start();
            int graceSeconds = (int) Math.min(Integer.MAX_VALUE, stopGracePeriod.toSeconds());
            return new IntegrationHttpService(server, workers, graceSeconds);
        }
    }
}
