package dev.zen.integration.core.credentials;

import dev.zen.integration.core.internal.io.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;

import java.time.Instant;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The OAuth 2.0 refresh-token grant (RFC 6749 section 6): trades a credential's refresh token for a new access
 * token at the authorization server's token endpoint. Rotating refresh tokens (Atlassian's {@code offline_access})
 * are supported: the new refresh token replaces the old one in the returned credential, so the caller must store
 * it.
 *
 * <pre>{@code
 * OAuth2RefreshFlow atlassian = OAuth2RefreshFlow.builder(URI.create("https://auth.atlassian.com/oauth/token"))
 *         .clientId(clientId).clientSecret(clientSecret)
 *         .jsonBody(true)                    // Atlassian takes JSON; the RFC default is a form body
 *         .build();
 * Credential fresh = atlassian.refresh(rejected);
 * }</pre>
 *
 * <p>Errors: {@link ErrorCode#AUTH_FAILED} when the server rejects the refresh token (re-authorize),
 * {@link ErrorCode#NETWORK_ERROR} when it cannot be reached or fails. Messages carry the server's {@code error}
 * and {@code error_description}, never a token or the client secret. Thread-safe.
 */
public final class OAuth2RefreshFlow {
    private static final ObjectMapper JSON = Jackson.abi();

    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final boolean jsonBody;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;

    private OAuth2RefreshFlow(Builder b) {
        this.tokenEndpoint = b.tokenEndpoint;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.jsonBody = b.jsonBody;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
    }

    /** Starts a flow against the given token endpoint ({@code https}, or {@code http} on loopback for tests). */
    public static Builder builder(URI tokenEndpoint) {
        return new Builder(tokenEndpoint);
    }

    /**
     * Exchanges {@code rejected.refreshToken()} for a new bearer credential.
     *
     * @throws IntegrationException AUTH_FAILED if there is no refresh token or the server rejects it,
     *                              NETWORK_ERROR if the server cannot be reached or answers with an error
     */
    public Credential refresh(Credential rejected) {
        if (rejected.refreshToken() == null) {
            throw IntegrationException.of(ErrorCode.AUTH_FAILED,
                    "the credential has no refresh token; re-authorize to get a new one");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        params.put("refresh_token", rejected.refreshToken());
        if (clientId != null) params.put("client_id", clientId);
        if (clientSecret != null) params.put("client_secret", clientSecret);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Content-Type", jsonBody ? "application/json" : "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody ? json(params) : form(params)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw IntegrationException.builder(ErrorCode.NETWORK_ERROR, "token endpoint " + tokenEndpoint
                    + " could not be reached: " + e.getClass().getSimpleName()).cause(e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IntegrationException.builder(ErrorCode.INTERRUPTED, "token refresh was interrupted")
                    .retryable(false).cause(e).build();
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            throw IntegrationException.builder(ErrorCode.AUTH_FAILED, "token endpoint " + tokenEndpoint
                            + " rejected the refresh token (" + describeError(body) + "); re-authorize the application")
                    .detail("http_status", String.valueOf(status)).build();
        }
        if (status / 100 != 2 || body == null || !body.path("access_token").isTextual()) {
            throw IntegrationException.builder(ErrorCode.NETWORK_ERROR, "token endpoint " + tokenEndpoint
                            + " answered HTTP " + status + " without an access token (" + describeError(body) + ")")
                    .retryable(status >= 500).detail("http_status", String.valueOf(status)).build();
        }
        String refreshToken = body.path("refresh_token").isTextual()
                ? body.get("refresh_token").asText() : rejected.refreshToken();
        Instant expiresAt = body.path("expires_in").canConvertToLong()
                ? clock.instant().plusSeconds(body.get("expires_in").asLong()) : null;
        // a refreshed token keeps the binding of the one it replaces: refreshing must not widen where it may go
        return new Credential(Credential.Type.BEARER, null, body.get("access_token").asText(), refreshToken,
                expiresAt, rejected.origins());
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String describeError(JsonNode body) {
        if (body == null || !body.path("error").isTextual()) return "no OAuth error in the response";
        String d = body.path("error_description").isTextual() ? ": " + body.get("error_description").asText() : "";
        return body.get("error").asText() + d;
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String json(Map<String, String> params) {
        ObjectNode node = JSON.createObjectNode();
        params.forEach(node::put);
        return node.toString();
    }

    @Override
    public String toString() {
        return "OAuth2RefreshFlow[" + tokenEndpoint + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret == null ? "none" : "***") + "]";
    }

    /** Builds an {@link OAuth2RefreshFlow}. Not thread-safe. */
    public static final class Builder {
        private final URI tokenEndpoint;
        private String clientId;
        private String clientSecret;
        private boolean jsonBody;
        private HttpClient http;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder(URI tokenEndpoint) {
            this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
            String scheme = String.valueOf(tokenEndpoint.getScheme());
            String host = String.valueOf(tokenEndpoint.getHost());
            boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
            if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
                throw IntegrationException.of(ErrorCode.CONFIG_ERROR, "token endpoint " + tokenEndpoint
                        + " must use https (http is accepted only on loopback, for tests)");
            }
        }

        /** The OAuth client id. */
        public Builder clientId(String clientId) { this.clientId = clientId; return this; }
        /** The OAuth client secret; never logged or shown. */
        public Builder clientSecret(String clientSecret) { this.clientSecret = clientSecret; return this; }
        /** Send a JSON body (Atlassian) instead of the RFC's form body; default false. */
        public Builder jsonBody(boolean jsonBody) { this.jsonBody = jsonBody; return this; }
        /** The HTTP client; default a new one with a 10 s connect timeout. */
        public Builder httpClient(HttpClient http) { this.http = Objects.requireNonNull(http, "http"); return this; }
        /** The timeout of the token request; default 30 s. */
        public Builder requestTimeout(Duration t) { this.requestTimeout = Objects.requireNonNull(t, "t"); return this; }
        /** The clock for {@code expires_in}; default UTC system clock. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** Builds the flow. */
        public OAuth2RefreshFlow build() {
            return new OAuth2RefreshFlow(this);
        }
    }
}
