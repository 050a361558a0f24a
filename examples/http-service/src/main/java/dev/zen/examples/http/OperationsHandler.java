package dev.zen.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.zen.integration.HealthReport;
import dev.zen.integration.core.IntegrationJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus text) and {@code GET /health} (200 when ready, 503 when not, the
 * {@link HealthReport} as JSON). For scrapers and probes: no user header and no rate limit.
 */
final class OperationsHandler implements HttpHandler {
    static final String METRICS_PATH = "/metrics";
    static final String HEALTH_PATH = "/health";

    private static final Logger LOG = LoggerFactory.getLogger(OperationsHandler.class);

    private final Supplier<String> metrics;
    private final Supplier<HealthReport> health;

    OperationsHandler(Supplier<String> metrics, Supplier<HealthReport> health) {
        this.metrics = metrics;
        this.health = health;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(METRICS_PATH) && !path.equals(HEALTH_PATH)) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "use GET");
            } else if (path.equals(METRICS_PATH)) {
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
            } else {
                sendHealth(exchange);
            }
        }
    }

    private void sendHealth(HttpExchange exchange) throws IOException {
        HealthReport report;
        try {
            report = health.get();
        } catch (RuntimeException e) {
            LOG.warn("health check failed", e);
            report = HealthReport.of(List.of(new HealthReport.Check("service", null, false,
                    "the health check itself failed: " + e.getMessage())));
        }
        send(exchange, report.ready() ? 200 : 503, "application/json; charset=utf-8", IntegrationJson.toJson(report));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
