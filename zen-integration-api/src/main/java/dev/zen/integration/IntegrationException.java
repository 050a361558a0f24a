package dev.zen.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one exception type that crosses the library's boundary. It tells you what went wrong ({@link #code()}),
 * where (provider, task), whether retrying may help, and how long to wait first.
 *
 * <pre>{@code
 * try {
 *     service.sync(List.of("task-1"), SyncDirection.BIDIRECTIONAL);
 * } catch (IntegrationException e) {
 *     if (e.code() == ErrorCode.AUTH_FAILED) { askUserForNewToken(e.provider().orElse("?")); }
 * }
 * }</pre>
 */
public final class IntegrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final @Nullable String provider;
    private final @Nullable String taskId;
    private final Instant timestamp;
    private final boolean retryable;
    private final @Nullable Duration retryAfter;
    private final Map<String, String> details;

    private IntegrationException(Builder b) {
        super(b.message, b.cause);
        this.code = b.code;
        this.provider = b.provider;
        this.taskId = b.taskId;
        this.timestamp = b.timestamp == null ? Instant.now() : b.timestamp;
        this.retryable = b.retryable == null ? b.code.retryableByDefault() : b.retryable;
        this.retryAfter = b.retryAfter;
        this.details = Map.copyOf(b.details);
    }

    /** A new exception with the given code and message, and defaults for everything else. */
    public static IntegrationException of(ErrorCode code, String message) {
        return builder(code, message).build();
    }

    /** Starts an exception with the given code and message. */
    public static Builder builder(ErrorCode code, String message) {
        return new Builder(code, message);
    }

    /** A builder that starts as a copy of this exception, for adding context such as the task id. */
    public Builder toBuilder() {
        Builder b = new Builder(code, getMessage()).cause(getCause()).timestamp(timestamp).retryable(retryable);
        b.provider = provider;
        b.taskId = taskId;
        b.retryAfter = retryAfter;
        b.details.putAll(details);
        return b;
    }

    /** What went wrong. */
    public ErrorCode code() {
        return code;
    }

    /** The provider (external system) involved, if any. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** The Zen task involved, if any. */
    public Optional<String> taskId() {
        return Optional.ofNullable(taskId);
    }

    /** When the failure happened. */
    public Instant timestamp() {
        return timestamp;
    }

    /** Whether the same call may succeed if retried later. */
    public boolean retryable() {
        return retryable;
    }

    /** How long the external system asked us to wait, when it said so (Retry-After, rate-limit reset). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Extra facts for diagnosis (HTTP status, plugin name, import name...). Never contains secrets. */
    public Map<String, String> details() {
        return details;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IntegrationException[").append(code).append("] ").append(getMessage());
        if (provider != null) sb.append(" (provider=").append(provider).append(')');
        if (taskId != null) sb.append(" (task=").append(taskId).append(')');
        if (retryAfter != null) sb.append(" (retry after ").append(retryAfter).append(')');
        return sb.toString();
    }

    /** Builds an {@link IntegrationException}. Not thread-safe. */
    public static final class Builder {
        private final ErrorCode code;
        private final String message;
        private @Nullable Throwable cause;
        private @Nullable String provider;
        private @Nullable String taskId;
        private @Nullable Instant timestamp;
        private @Nullable Boolean retryable;
        private @Nullable Duration retryAfter;
        private final Map<String, String> details = new LinkedHashMap<>();

        private Builder(ErrorCode code, String message) {
            this.code = Objects.requireNonNull(code, "code");
            this.message = Objects.requireNonNull(message, "message");
        }

        /** The underlying cause; null for none. */
        public Builder cause(@Nullable Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** The provider involved; null for none. */
        public Builder provider(@Nullable String provider) {
            this.provider = provider;
            return this;
        }

        /** The Zen task involved; null for none. */
        public Builder taskId(@Nullable String taskId) {
            this.taskId = taskId;
            return this;
        }

        /** When it happened; null (the default) means when the exception is built. */
        public Builder timestamp(@Nullable Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** Overrides the code's default retryability. */
        public Builder retryable(boolean retryable) {
            this.retryable = retryable;
            return this;
        }

        /** The wait the external system asked for (null: none); implies nothing about retryability by itself. */
        public Builder retryAfter(@Nullable Duration retryAfter) {
            if (retryAfter != null && retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /** Adds a diagnostic detail; a null value is recorded as {@code "null"}. Never put a secret here. */
        public Builder detail(String key, @Nullable String value) {
            details.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
            return this;
        }

        /** Builds the exception. */
        public IntegrationException build() {
            return new IntegrationException(this);
        }
    }
}
