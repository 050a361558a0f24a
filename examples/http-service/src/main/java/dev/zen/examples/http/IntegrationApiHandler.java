package dev.zen.examples.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.core.IntegrationJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the two endpoints, identifies the user, applies the per-user limit and turns every failure into a JSON
 * error with a fitting status. The order of checks: path (404), method (405), user (401/400), rate limit (429),
 * body (400/413), then the library call.
 */
final class IntegrationApiHandler implements HttpHandler {
    static final String SYNC_PATH = "/api/v1/integrations/sync";
    static final String STATUS_PATH = "/api/v1/integrations/status";
    static final String USER_HEADER = "X-Zen-User";
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IntegrationApiHandler.class);
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    private final TaskSyncService service;
    private final UserRateLimits limits;

    IntegrationApiHandler(TaskSyncService service, UserRateLimits limits) {
        this.service = service;
        this.limits = limits;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                send(exchange, 200, route(exchange));
            } catch (ApiException e) {
                sendError(exchange, e);
            } catch (IntegrationException e) {
                LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        e.toString());
                sendError(exchange, ApiException.of(e));
            } catch (RuntimeException e) {
                String incident = UUID.randomUUID().toString();
                LOG.error("{} {} failed unexpectedly (incident {})", exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), incident, e);
                sendError(exchange, new ApiException(500, new ApiError(ApiError.INTERNAL_ERROR, "unexpected error;"
                        + " the service log has the details under incident " + incident, false, null), null));
            }
        }
    }

    /** The JSON body of a successful response, or an exception. */
    private String route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        return switch (path) {
            case SYNC_PATH -> {
                requireMethod(method, "POST");
                String user = rateLimitedUser(exchange);
                var request = SyncRequestBody.parse(readBody(exchange));
                SyncReport report = service.sync(request);
                LOG.info("User {} synced {} task(s) {}: {}", user, request.taskIds().size(), request.direction(),
                        report.status());
                yield IntegrationJson.toJson(report);
            }
            case STATUS_PATH -> {
                requireMethod(method, "GET");
                rateLimitedUser(exchange);
                yield IntegrationJson.toJson(service.status());
            }
            default -> throw new ApiException(404, ApiError.of(ErrorCode.NOT_FOUND, "no endpoint at " + path
                    + "; use POST " + SYNC_PATH + " or GET " + STATUS_PATH), null);
        };
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiException(405, new ApiError(ApiError.METHOD_NOT_ALLOWED, method + " is not allowed here;"
                    + " use " + allowed, false, null), allowed);
        }
    }

    /** The calling user, after taking one of their permits. */
    private String rateLimitedUser(HttpExchange exchange) {
        String user = exchange.getRequestHeaders().getFirst(USER_HEADER);
        if (user == null || user.isBlank()) {
            throw new ApiException(401, new ApiError(ApiError.UNAUTHENTICATED, "name the calling user in the "
                    + USER_HEADER + " header", false, null), null);
        }
        user = user.trim();
        if (!USER.matcher(user).matches()) {
            throw ApiException.badRequest(USER_HEADER + " must be 1 to 128 letters, digits or . _ @ + -");
        }
        UserRateLimits.Decision decision = limits.tryAcquire(user);
        if (!decision.permitted()) {
            long seconds = ApiError.ceilSeconds(decision.retryAfter());
            throw new ApiException(429, new ApiError(ErrorCode.RATE_LIMITED.name(), "user '" + user + "' has used "
                    + "all requests allowed per minute; retry in " + seconds + " s", true, seconds), null);
        }
        return user;
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiException(413, new ApiError(ApiError.PAYLOAD_TOO_LARGE, "the request body exceeds "
                        + MAX_BODY_BYTES + " bytes; sync fewer tasks per request", false, null), null);
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static void sendError(HttpExchange exchange, ApiException e) throws IOException {
        if (e.allow() != null) exchange.getResponseHeaders().set("Allow", e.allow());
        if (e.status() == 401) exchange.getResponseHeaders().set("WWW-Authenticate", USER_HEADER);
        if (e.error().retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", String.valueOf(e.error().retryAfterSeconds()));
        }
        send(exchange, e.status(), e.error().toJson());
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
