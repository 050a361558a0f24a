package dev.zen.examples.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.zen.integration.core.webhook.WebhookReceiver;
import dev.zen.integration.core.webhook.WebhookResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/integrations/webhooks/{provider}}: hands the raw body and the headers to a
 * {@link WebhookReceiver} and answers with its status (202 accepted, 200 duplicate or ignored, 400, 401, 404, 413,
 * 503 with {@code Retry-After}) and a small JSON body. No {@code X-Zen-User} and no per-user limit: the sender proves
 * itself with the signature. At most {@link WebhookReceiver#maxBodyBytes()} + 1 bytes are read.
 */
final class WebhookHandler implements HttpHandler {
    static final String PATH = "/api/v1/integrations/webhooks/";
    private static final Pattern PROVIDER = Pattern.compile(Pattern.quote(PATH) + "([A-Za-z0-9._-]{1,64})");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    /** The answer body: what became of the delivery. */
    record Body(String outcome, String deliveryId, List<String> items, String reason) {}

    private final WebhookReceiver receiver;

    WebhookHandler(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PROVIDER.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                send(exchange, 404, new ApiError("NOT_FOUND", "no webhook endpoint here; use POST " + PATH
                        + "{provider}", false, null).toJson());
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, 405, new ApiError(ApiError.METHOD_NOT_ALLOWED, exchange.getRequestMethod()
                        + " is not allowed here; use POST", false, null).toJson());
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(receiver.maxBodyBytes() + 1);
            }
            if (body.length > receiver.maxBodyBytes()) {
                // the rest of the body is not read: the connection cannot carry another request
                exchange.getResponseHeaders().set("Connection", "close");
            }
            WebhookResult result = receiver.receive(m.group(1), body, exchange.getRequestHeaders());
            if (result.retryAfter() != null) {
                long seconds = ApiError.ceilSeconds(result.retryAfter());
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(seconds));
            }
            send(exchange, result.httpStatus(), JSON.writeValueAsString(new Body(
                    result.outcome().tag(), result.deliveryId(), result.externalIds(),
                    result.reason())));
        }
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
