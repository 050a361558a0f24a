package dev.zen.plugin.runtime.internal;

import static dev.zen.plugin.runtime.internal.Jackson.JSON;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.OperationsListener;
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
 * The {@code http_request} and {@code http_request_auth} host functions: the per-call request limit, allow-list
 * check, credential origins, request gate, credential injection (with a throttled refresh after a 401), response
 * cap, audit log. Failures come back to the guest as an error envelope, never as an exception.
 */
final class HttpBridge {
    /** The audit logger: one line per outbound call, never with headers or bodies. */
    static final Logger AUDIT = LoggerFactory.getLogger("dev.zen.plugin.audit");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final PluginContext ctx;
    private final CredentialRefresher refresher;
    /**
     * The credential last handed to the redactor, with its Authorization header. A provider usually returns the same
     * instance on every request, and remembering it again (its encodings, a Base64 of username and secret, the set
     * under a lock) was a tenth of the bridge's own work per request, building its header another few per cent; a
     * different instance (rotated, refreshed) is remembered before it is sent.
     */
    private volatile Remembered remembered;

    private record Remembered(Credential credential, String header) {
    }

    /** A bridge for one opened plugin. */
    HttpBridge(PluginContext ctx) {
        this.ctx = ctx;
        this.refresher = ctx.credentialsRef() == null || ctx.credentials() == null ? null
                : new CredentialRefresher(ctx.plugin(), ctx.credentialsRef(), ctx.credentials(), System::nanoTime);
    }

    /** Performs a request described by the guest's JSON; returns the response or error JSON. */
    byte[] handle(byte[] requestJson, boolean withAuth) {
        JsonNode req;
        try {
            req = JSON.readTree(requestJson);
        } catch (IOException e) {
            return encode(error("INVALID_DATA", "the HTTP request is not valid JSON"), null, false);
        }
        JsonNode raw = req == null ? null : req.get("raw_body");
        if (raw != null && !raw.isBoolean()) {
            return encode(error("INVALID_DATA", "the HTTP request's \"raw_body\" must be true or false"), null, false);
        }
        boolean rawBody = raw != null && raw.booleanValue();
        byte[][] body = new byte[1][];
        ObjectNode out = perform(req, withAuth, body);
        // defence in depth: no error message the guest reads may carry a secret the host injected
        if (out.get("error") instanceof ObjectNode e && e.path("message").isTextual()) {
            e.put("message", ctx.redactor().scrubKnown(e.get("message").asText()));
        }
        return encode(out, out.has("error") ? null : body[0], rawBody);
    }

    /**
     * The answer in the format the guest asked for: the envelope with the body as a JSON string, or (raw_body, an
     * ABI v1 minor addition) a 4-byte big-endian length, the envelope without the body (plus its length and
     * whether it is well-formed JSON, so the guest need not scan it before parsing), then the body's bytes.
     */
    private byte[] encode(ObjectNode head, byte[] body, boolean rawBody) {
        byte[] bytes = body == null ? new byte[0] : scrub(body);
        try {
            if (!rawBody) {
                if (body != null) head.put("body", new String(bytes, StandardCharsets.UTF_8));
                return JSON.writeValueAsBytes(head);
            }
            if (body != null) {
                head.put("body_length", bytes.length);
                head.put("body_json", JsonSyntax.isJson(bytes));
            }
            return RawFrame.of(JSON.writeValueAsBytes(head), bytes);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode an HTTP response", e);
        }
    }

    /** The body with every injected secret masked; the exact bytes (even invalid UTF-8) when none occurs in it. */
    private byte[] scrub(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String scrubbed = ctx.redactor().scrubKnown(text);
        return scrubbed.equals(text) ? body : scrubbed.getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode perform(JsonNode req, boolean withAuth, byte[][] body) {
        CallBudget budget = CallBudget.current();
        if (budget == null) {
            // every guest task runs under a budget (Sandbox); anything else is refused rather than unbounded
            return error("PERMISSION_DENIED", "plugin " + ctx.plugin() + " may make HTTP requests only during a call");
        }
        if (budget.attempt() > ctx.outbound().maxRequestsPerCall()) return overLimit(budget);
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
        ObjectNode refused = checkTarget(method, uri, withAuth);
        if (refused != null) return refused;
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout(req));
        rb.method(method, body(req));
        try {
            copyHeaders(req, rb, withAuth);
        } catch (IllegalArgumentException e) {
            return error("INVALID_DATA", "header not allowed: " + e.getMessage());
        }
        return withAuth ? sendWithCredential(budget, rb, method, uri, body)
                : admitAndSend(budget, rb, method, uri, null, body);
    }

    /** The refusal once a call asked for more requests than the limit; audited once per call. */
    private ObjectNode overLimit(CallBudget budget) {
        int limit = ctx.outbound().maxRequestsPerCall();
        if (budget.firstLimitReport()) {
            AUDIT.warn("refused plugin={} reason=request_limit limit={}: the call's further requests are not sent",
                    ctx.plugin(), limit);
        }
        return error("RATE_LIMITED", "plugin " + ctx.plugin() + " reached the limit of " + limit + " outbound "
                + "requests per call, so this request was not sent; spread the work over more calls (the host sets "
                + "the limit with WasmPluginRegistry.Builder.maxRequestsPerCall)");
    }

    /**
     * An error when the url is not absolute http(s), when an unauthenticated request's host is not allowed, or when
     * an authenticated request's origin is not a credential origin (both audited); else null.
     */
    private ObjectNode checkTarget(String method, URI uri, boolean withAuth) {
        Origin origin = Origin.of(uri);
        if (origin == null) return error("INVALID_DATA", "the url must be an absolute http or https url");
        if (withAuth) return checkCredentialOrigin(method, uri, origin);
        String host = origin.host();
        if (!ctx.allowedHosts().contains(host)) {
            AUDIT.warn("refused plugin={} method={} host={} path={} reason=host_not_allowed", ctx.plugin(), method,
                    host, uri.getRawPath());
            return error("PERMISSION_DENIED", "host " + host + " is not allowed for plugin " + ctx.plugin()
                    + "; allowed: " + new TreeSet<>(ctx.allowedHosts()));
        }
        return null;
    }

    /** The credential goes only to an origin the host configured (scheme, host and port), never to another. */
    private ObjectNode checkCredentialOrigin(String method, URI uri, Origin origin) {
        Set<Origin> allowed = ctx.outbound().credentialOrigins();
        if (allowed.contains(origin)) return null;
        AUDIT.warn("refused plugin={} method={} origin={} path={} reason=credential_origin", ctx.plugin(), method,
                origin, uri.getRawPath());
        Set<String> names = new TreeSet<>();
        for (Origin o : allowed) names.add(o.toString());
        return error("PERMISSION_DENIED", "plugin " + ctx.plugin() + " may not send its credential to origin " + origin
                + "; credential origins: " + names + ". Only the host decides them (the origin of server_url and "
                + "PluginConfig.credentialOrigins); use http_request for hosts that need no credential");
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

    /**
     * Sends with the plugin's credential; on a 401, once more with a refreshed one if the provider has it, at most
     * once per call and as throttled by {@link CredentialRefresher}.
     */
    private ObjectNode sendWithCredential(CallBudget budget, HttpRequest.Builder rb, String method, URI uri,
                                          byte[][] body) {
        if (refresher == null) {
            return error("AUTH_FAILED", "plugin " + ctx.plugin() + " has no credentials_ref (or the host has no "
                    + "credential provider); configure one to make authenticated requests");
        }
        // the message names the reference only: the providers' descriptions (paths, variables) are the host's
        Optional<Credential> credential = ctx.credentials().resolve(ctx.credentialsRef());
        if (credential.isEmpty()) {
            return error("AUTH_FAILED", "no credential found for reference '" + ctx.credentialsRef() + "'; the host "
                    + "must add it to one of its credential providers");
        }
        ObjectNode unbound = checkBinding(credential.get(), method, uri);
        if (unbound != null) return unbound;
        ObjectNode response = admitAndSend(budget, rb, method, uri, credential.get(), body);
        if (response.path("status").asInt() == 401 && budget.takeRefresh()) {
            Optional<Credential> fresh = refresher.refresh(credential.get());
            if (fresh.isPresent() && checkBinding(fresh.get(), method, uri) == null) {
                response = admitAndSend(budget, rb, method, uri, fresh.get(), body);
            }
        }
        return response;
    }

    /**
     * A credential bound to origins ({@link Credential#origins()}) goes only to them, whatever the provider's
     * configuration says: the configuration may come from a workspace someone else wrote. Null when allowed.
     */
    private ObjectNode checkBinding(Credential credential, String method, URI uri) {
        if (credential.origins().isEmpty()) return null;
        Origin origin = Origin.of(uri);
        for (String bound : credential.origins()) {
            if (Origin.of(URI.create(bound)).equals(origin)) return null;
        }
        AUDIT.warn("refused plugin={} method={} origin={} path={} reason=credential_binding", ctx.plugin(), method,
                origin, uri.getRawPath());
        return error("PERMISSION_DENIED", "the credential '" + ctx.credentialsRef() + "' is bound to "
                + credential.origins() + " and may not be sent to " + origin + "; the configuration's server_url or "
                + "credential_origins points elsewhere: fix the configuration, or bind the credential to this origin");
    }

    /** Sends, after the request gate admitted it unless it is the call's first request. */
    private ObjectNode admitAndSend(CallBudget budget, HttpRequest.Builder rb, String method, URI uri,
                                    Credential credential, byte[][] body) {
        if (budget.anySent() && ctx.outbound().gate() != null) {
            try {
                ctx.outbound().gate().acquire(ctx.plugin(), gateWait(budget));
            } catch (IntegrationException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new ChicoryInterruptedException("interrupted while waiting for the request gate", e);
                }
                AUDIT.warn("refused plugin={} method={} host={} path={} reason=request_gate code={}", ctx.plugin(),
                        method, uri.getHost().toLowerCase(Locale.ROOT), uri.getRawPath(), e.code());
                return error(e);
            }
        }
        budget.sent();
        return send(rb, method, uri, credential, body);
    }

    /** Half of what remains of the call's execution timeout: the plugin must still have time to handle a refusal. */
    private Duration gateWait(CallBudget budget) {
        Duration left = ctx.executionTimeout().minus(budget.elapsed());
        return left.isNegative() ? Duration.ZERO : left.dividedBy(2);
    }

    /** Sends; the response's status and headers come back, its body goes to {@code body[0]} (scrubbed later). */
    private ObjectNode send(HttpRequest.Builder rb, String method, URI uri, Credential credential, byte[][] body) {
        if (credential != null) {
            Remembered r = remembered;
            if (r == null || r.credential() != credential) {
                ctx.redactor().remember(credential);
                r = new Remembered(credential, credential.authorizationHeader());
                remembered = r;
            }
            try {
                rb.setHeader("Authorization", r.header());
            } catch (IllegalArgumentException e) {
                // the client's message would quote the header value, that is the secret
                return error("AUTH_FAILED", "the credential for reference '" + ctx.credentialsRef() + "' cannot be "
                        + "sent: it contains characters an HTTP header does not allow; the host must fix the stored "
                        + "secret");
            }
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
            body[0] = bytes;
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
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        AUDIT.info("plugin={} method={} host={} path={} status={} duration_ms={}", ctx.plugin(), method, host,
                uri.getRawPath(), status, took.toMillis());
        for (OperationsListener l : ctx.listeners()) {
            try {
                l.onHttpRequest(ctx.plugin(), method, host, status, took);
            } catch (RuntimeException e) {
                AUDIT.warn("operations listener {} failed on an HTTP request of plugin {}", l.getClass().getName(),
                        ctx.plugin(), e);
            }
        }
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("code", code);
        e.put("message", message);
        return n;
    }

    /** The host's refusal as the guest sees it: code, message, retryability and retry-after. */
    private static ObjectNode error(IntegrationException ex) {
        ObjectNode n = error(ex.code().name(), String.valueOf(ex.getMessage()));
        ObjectNode e = (ObjectNode) n.get("error");
        e.put("retryable", ex.retryable());
        ex.retryAfter().ifPresent(d -> e.put("retry_after_ms", d.toMillis()));
        return n;
    }
}
