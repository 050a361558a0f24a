package dev.zen.plugin.runtime.internal;

import static dev.zen.plugin.runtime.internal.Jackson.JSON;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.spi.Credential;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code http_request} and {@code http_request_auth} host functions: allow-list check, credential injection,
 * response cap, audit log. Failures come back to the guest as an error envelope, never as an exception.
 */
final class HttpBridge {
    /** The audit logger: one line per outbound call, never with headers or bodies. */
    static final Logger AUDIT = LoggerFactory.getLogger("dev.zen.plugin.audit");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final PluginContext ctx;

    /** A bridge for one opened plugin. */
    HttpBridge(PluginContext ctx) {
        this.ctx = ctx;
    }

    /** Performs a request described by the guest's JSON; returns the response or error JSON. */
    byte[] handle(byte[] requestJson, boolean withAuth) {
        try {
            return JSON.writeValueAsBytes(perform(requestJson, withAuth));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode an HTTP response", e);
        }
    }

    private ObjectNode perform(byte[] requestJson, boolean withAuth) {
        JsonNode req;
        try {
            req = JSON.readTree(requestJson);
        } catch (IOException e) {
            return error("INVALID_DATA", "the HTTP request is not valid JSON");
        }
        if (req == null || !req.isObject() || !req.path("url").isTextual()) {
            return error("INVALID_DATA", "the HTTP request needs a string \"url\"");
        }
        String method = req.path("method").asText("GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) return error("INVALID_DATA", "unsupported HTTP method " + method);
        URI uri;
        try {
            uri = new URI(req.get("url").asText());
        } catch (URISyntaxException e) {
            return error("INVALID_DATA", "malformed url: " + e.getReason());
        }
        ObjectNode refused = checkTarget(method, uri);
        if (refused != null) return refused;
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout(req));
        rb.method(method, body(req));
        try {
            copyHeaders(req, rb, withAuth);
        } catch (IllegalArgumentException e) {
            return error("INVALID_DATA", "header not allowed: " + e.getMessage());
        }
        return withAuth ? sendWithCredential(rb, method, uri) : send(rb, method, uri, null);
    }

    /** An error when the url is not absolute http(s) or its host is not allowed (audited), else null. */
    private ObjectNode checkTarget(String method, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return error("INVALID_DATA", "the url must be an absolute http or https url");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!ctx.allowedHosts().contains(host)) {
            AUDIT.warn("refused plugin={} method={} host={} path={} reason=host_not_allowed", ctx.plugin(), method,
                    host, uri.getRawPath());
            return error("PERMISSION_DENIED", "host " + host + " is not allowed for plugin " + ctx.plugin()
                    + "; allowed: " + new TreeSet<>(ctx.allowedHosts()));
        }
        return null;
    }

    /** The request's {@code timeout_ms}, default 30 s, at most the execution timeout. */
    private Duration timeout(JsonNode req) {
        Duration timeout = DEFAULT_TIMEOUT;
        if (req.path("timeout_ms").canConvertToLong() && req.get("timeout_ms").asLong() > 0) {
            timeout = Duration.ofMillis(req.get("timeout_ms").asLong());
        }
        if (timeout.compareTo(ctx.executionTimeout()) > 0) timeout = ctx.executionTimeout();
        return timeout;
    }

    private static HttpRequest.BodyPublisher body(JsonNode req) {
        JsonNode body = req.get("body");
        String bodyText = body == null || body.isNull() ? null : body.isTextual() ? body.asText() : body.toString();
        return bodyText == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(bodyText, StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException for a header the HTTP client refuses */
    private static void copyHeaders(JsonNode req, HttpRequest.Builder rb, boolean withAuth) {
        for (Map.Entry<String, JsonNode> h : req.path("headers").properties()) {
            if (withAuth && h.getKey().equalsIgnoreCase("authorization")) continue;
            rb.header(h.getKey(), h.getValue().asText());
        }
    }

    /** Sends with the plugin's credential; on a 401, once more with a refreshed one if the provider has it. */
    private ObjectNode sendWithCredential(HttpRequest.Builder rb, String method, URI uri) {
        if (ctx.credentialsRef() == null || ctx.credentials() == null) {
            return error("AUTH_FAILED", "plugin " + ctx.plugin() + " has no credentials_ref (or the host has no "
                    + "credential provider); configure one to make authenticated requests");
        }
        Optional<Credential> credential = ctx.credentials().resolve(ctx.credentialsRef());
        if (credential.isEmpty()) {
            return error("AUTH_FAILED", "no credential found for reference '" + ctx.credentialsRef() + "'; asked "
                    + ctx.credentials() + ": add it to one of them");
        }
        ObjectNode response = send(rb, method, uri, credential.get());
        if (response.path("status").asInt() == 401) {
            Optional<Credential> fresh = ctx.credentials().refresh(ctx.credentialsRef(), credential.get());
            if (fresh.isPresent()) response = send(rb, method, uri, fresh.get());
        }
        return response;
    }

    private ObjectNode send(HttpRequest.Builder rb, String method, URI uri, Credential credential) {
        if (credential != null) {
            ctx.redactor().remember(credential);
            rb.setHeader("Authorization", credential.authorizationHeader());
        }
        long start = System.nanoTime();
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        try {
            HttpResponse<InputStream> resp = ctx.http().get().send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = resp.body()) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, ctx.maxHttpResponseBytes() + 1));
            }
            audit(method, host, uri, String.valueOf(resp.statusCode()), start);
            if (bytes.length > ctx.maxHttpResponseBytes()) {
                return error("INVALID_DATA", "the response body of " + method + " " + host + uri.getRawPath()
                        + " is larger than the cap of " + ctx.maxHttpResponseBytes() + " bytes");
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("status", resp.statusCode());
            ObjectNode headers = out.putObject("headers");
            Map<String, String> sorted = new TreeMap<>();
            for (Map.Entry<String, List<String>> h : resp.headers().map().entrySet()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.startsWith(":")) continue;
                sorted.merge(name, String.join(", ", h.getValue()), (a, b) -> a + ", " + b);
            }
            sorted.forEach((k, v) -> headers.put(k, ctx.redactor().scrubKnown(v)));
            out.put("body", ctx.redactor().scrubKnown(new String(bytes, StandardCharsets.UTF_8)));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            audit(method, host, uri, "interrupted", start);
            throw new ChicoryInterruptedException("interrupted during an HTTP request", e);
        } catch (HttpTimeoutException e) {
            audit(method, host, uri, "timeout", start);
            return error("NETWORK_ERROR", method + " " + host + uri.getRawPath() + " timed out");
        } catch (IOException e) {
            audit(method, host, uri, "network_error", start);
            return error("NETWORK_ERROR", method + " " + host + uri.getRawPath() + " failed: " + e);
        } catch (IllegalArgumentException e) {
            return error("INVALID_DATA", "invalid request: " + e.getMessage());
        }
    }

    private void audit(String method, String host, URI uri, String status, long startNanos) {
        AUDIT.info("plugin={} method={} host={} path={} status={} duration_ms={}", ctx.plugin(), method, host,
                uri.getRawPath(), status, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("code", code);
        e.put("message", message);
        return n;
    }
}
