package dev.zen.integration.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A secret the host injects into a plugin's authenticated requests. It never enters plugin memory, and its
 * {@link #toString()} never shows the secret.
 *
 * @param type         how it is sent
 * @param username     the user (an email for Jira basic auth); null for bearer tokens
 * @param secret       the API token, password or access token
 * @param refreshToken an OAuth 2.0 refresh token
 * @param expiresAt    when an access token expires; null when not known
 * @param origins      where this credential may be sent, as {@code scheme://host[:port]}; empty (the default) means
 *                     wherever the provider's configuration points ({@code server_url}, {@code credential_origins}).
 *                     A bound credential goes only to an origin in both lists, so a configuration that someone else
 *                     can edit (a workspace's {@code .zen/config.yaml}) cannot send it elsewhere
 */
public record Credential(Type type, @Nullable String username, String secret, @Nullable String refreshToken,
                         @Nullable Instant expiresAt, List<String> origins) {
    /** Validates the credential. */
    public Credential {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) throw new IllegalArgumentException("secret must not be empty");
        if (type == Type.BASIC && (username == null || username.isBlank())) {
            throw new IllegalArgumentException("basic credentials need a username");
        }
        origins = origins == null ? List.of() : origins.stream().map(Credential::checkOrigin).toList();
    }

    /** A credential that may go wherever the provider's configuration points. */
    public Credential(Type type, @Nullable String username, String secret, @Nullable String refreshToken,
                      @Nullable Instant expiresAt) {
        this(type, username, secret, refreshToken, expiresAt, List.of());
    }

    /**
     * This credential, bound to the given origins: it is sent only to them (and only when the provider's
     * configuration allows them too).
     *
     * @param origins {@code scheme://host[:port]}, such as {@code https://acme.atlassian.net}
     * @throws IllegalArgumentException if one is not an http or https origin without user info, path or query
     */
    public Credential boundTo(String... origins) {
        return new Credential(type, username, secret, refreshToken, expiresAt, List.of(origins));
    }

    private static String checkOrigin(String origin) {
        Objects.requireNonNull(origin, "origin");
        try {
            URI u = new URI(origin.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = u.getRawUserInfo() == null && u.getRawQuery() == null && u.getRawFragment() == null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"));
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && bare) {
                String host = u.getHost().toLowerCase(Locale.ROOT);
                return scheme + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        String shown = origin.replaceFirst("(?<=://)[^/?#]*@", "***@"); // never echo user info
        throw new IllegalArgumentException("credential origin '" + shown + "' is not an origin; write "
                + "scheme://host[:port] with scheme http or https, such as https://acme.atlassian.net");
    }

    /** Basic auth (Jira Cloud: email and API token). */
    public static Credential basic(String username, String secret) {
        return new Credential(Type.BASIC, username, secret, null, null);
    }

    /** A bearer token (OAuth 2.0 access token or personal access token). */
    public static Credential bearer(String token) {
        return new Credential(Type.BEARER, null, token, null, null);
    }

    /** The HTTP Authorization header value. */
    public String authorizationHeader() {
        return switch (type) {
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + secret).getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + secret;
        };
    }

    @Override
    public String toString() {
        return "Credential[type=" + type + ", username=" + username + ", secret=***"
                + (refreshToken == null ? "" : ", refreshToken=***") + ", expiresAt=" + expiresAt
                + (origins.isEmpty() ? "" : ", origins=" + origins) + "]";
    }

    /** How a credential is sent. */
    public enum Type {
        /** {@code Authorization: Basic base64(username:secret)}. */
        BASIC,
        /** {@code Authorization: Bearer secret}. */
        BEARER
    }
}
