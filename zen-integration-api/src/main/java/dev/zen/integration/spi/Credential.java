package dev.zen.integration.spi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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
 */
public record Credential(Type type, @Nullable String username, String secret, @Nullable String refreshToken,
                         @Nullable Instant expiresAt) {
    /** Validates the credential. */
    public Credential {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) throw new IllegalArgumentException("secret must not be empty");
        if (type == Type.BASIC && (username == null || username.isBlank())) {
            throw new IllegalArgumentException("basic credentials need a username");
        }
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
                + (refreshToken == null ? "" : ", refreshToken=***") + ", expiresAt=" + expiresAt + "]";
    }

    /** How a credential is sent. */
    public enum Type {
        /** {@code Authorization: Basic base64(username:secret)}. */
        BASIC,
        /** {@code Authorization: Bearer secret}. */
        BEARER
    }
}
