package dev.zen.integration.core.config;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.internal.io.SafeText;

import java.time.Duration;

/** Builds CONFIG_ERROR exceptions that name the key and what it accepts. Not API. */
final class ConfigErrors {
    private static final String ROOT = "integrations.";

    private ConfigErrors() {}

    /** The value is quoted with any URL user info masked ({@code https://***@host}) and control characters escaped. */
    static IntegrationException invalid(String key, Object value, String accepted) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR,
                        key + ": invalid value '" + SafeText.quote(value) + "'; accepted: " + accepted)
                .detail("key", key)
                .build();
    }

    static IntegrationException error(String key, String message) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR, key + ": " + message).detail("key", key).build();
    }

    /**
     * The error with its key made absolute under {@code prefix} (such as {@code integrations.providers.jira.}) in
     * both the message and the {@code key} detail. A key that is already absolute ({@code integrations.}...) is kept
     * as it is, so a key is never named twice ({@code integrations.providers.jira.integrations.providers.jira...}).
     */
    static IntegrationException under(String prefix, IntegrationException e) {
        String key = e.details().get("key");
        if (key == null || key.startsWith(ROOT) || key.startsWith(prefix)) return e;
        String message = e.getMessage();
        String rest = message.startsWith(key + ": ") ? message.substring(key.length() + 2) : message;
        String full = prefix + key;
        IntegrationException.Builder b = IntegrationException.builder(ErrorCode.CONFIG_ERROR, full + ": " + rest)
                .cause(e.getCause()).timestamp(e.timestamp());
        e.details().forEach(b::detail);
        return b.detail("key", full).build();
    }

    /**
     * The error with a key under {@code from} (such as {@code integrations.providers.jira}) renamed to the same key
     * under {@code to} ({@code integrations.jira}), in the message and the {@code key} detail: a provider written in
     * the specification's layout is validated by the same records, whose errors must name the key as written.
     */
    static IntegrationException relocated(String from, String to, IntegrationException e) {
        String key = e.details().get("key");
        if (from.equals(to) || key == null || !(key.equals(from) || key.startsWith(from + "."))) return e;
        String full = to + key.substring(from.length());
        String message = e.getMessage().startsWith(key) ? full + e.getMessage().substring(key.length()) : e.getMessage();
        IntegrationException.Builder b = IntegrationException.builder(e.code(), message)
                .cause(e.getCause()).timestamp(e.timestamp());
        e.details().forEach(b::detail);
        return b.detail("key", full).build();
    }

    static int requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(key, value, "an integer from " + min + " to " + max);
        }
        return value;
    }

    static Duration requirePositive(String key, Duration value) {
        if (value == null) throw error(key, "is required; accepted: a positive duration such as 500ms, 30s, 5m");
        if (value.isZero() || value.isNegative()) {
            throw invalid(key, Durations.format(value), "a positive duration such as 500ms, 30s, 5m");
        }
        return value;
    }

    static Duration requireNonNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(key, value == null ? null : Durations.format(value),
                    "a duration of 0 or more such as 0s, 500ms, 30s");
        }
        return value;
    }
}
