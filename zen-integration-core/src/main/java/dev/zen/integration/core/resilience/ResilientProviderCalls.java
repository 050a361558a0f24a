package dev.zen.integration.core.resilience;

import dev.failsafe.spi.Scheduler;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.core.internal.io.Threads;
import dev.zen.integration.plugin.RequestGate;
import dev.zen.integration.spi.SharedProviderBudget;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The Failsafe implementation of {@link ProviderCalls}: per provider, an overall timeout, retries with exponential
 * backoff and jitter honouring Retry-After (idempotent calls only), a client-side rate limiter, a bulkhead and a
 * circuit breaker, all configured by the provider's {@link ResilienceConfig}.
 *
 * <pre>{@code
 * ResilientProviderCalls calls = ResilientProviderCalls.builder()
 *         .providers(integrationConfig)               // each provider's resilience settings
 *         .build();
 * ExternalItem item = calls.call("jira", "get_task_data", true, () -> plugin.getTask("SYNC-7"));
 * ProviderHealth health = calls.health("jira").toProviderHealth(outbox.pendingCount("jira"));
 * }</pre>
 *
 * <p>What a caller sees: the action's result; the last attempt's {@link IntegrationException} once retries are
 * exhausted or the failure is not retryable; {@link ErrorCode#PROVIDER_UNAVAILABLE} (with retryAfter) while the
 * breaker is open; {@link ErrorCode#RATE_LIMITED} when no rate-limit permit or bulkhead slot came in time; the
 * provider's own error, at once, when it asked for a wait longer than {@code max_retry_after};
 * {@link ErrorCode#NETWORK_ERROR} on the overall
 * timeout. Attempts run on a pool thread (the caller waits), which the timeout interrupts.
 *
 * <p>All waiting (backoff, Retry-After, rate-limit waits, timeouts) goes through the Failsafe {@link Scheduler}
 * given to the builder, so tests can replace it with a {@code TimeScaledScheduler} (testkit) and run in milliseconds.
 * Thread-safe. Close it to stop its threads.
 */
public final class ResilientProviderCalls implements ProviderCalls, AutoCloseable {
    private final Map<String, ResilienceConfig> configs;
    private final ResilienceConfig defaults;
    private final Scheduler scheduler;
    private final ExecutorService ownedExecutor;
    private final Clock clock;
    private final ProviderCallListener listener;
    private final SharedProviderBudget shared;
    private final ConcurrentHashMap<String, ProviderPipeline> pipelines = new ConcurrentHashMap<>();

    private ResilientProviderCalls(Builder b) {
        this.configs = Map.copyOf(b.configs);
        this.defaults = b.defaults;
        this.clock = b.clock;
        this.listener = b.listener;
        this.shared = b.shared;
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = Executors.newCachedThreadPool(Threads.daemon("zen-provider-call"));
            this.scheduler = Scheduler.of(ownedExecutor);
        }
    }

    /** Starts a builder with the spec's defaults for every provider. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public <T> T call(String provider, String operation, boolean idempotent, Supplier<T> action) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(action, "action");
        ProviderPipeline pipeline = pipeline(provider);
        CompletableFuture<Object> future = pipeline.executor(operation, idempotent)
                .getAsync(() -> pipeline.attempt(action));
        try {
            @SuppressWarnings("unchecked")
            T result = (T) future.get();
            return result;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            throw Failures.toCallerException(cause, provider, operation, pipeline.config(), pipeline.remainingOpen());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted(provider, operation, e);
        } catch (CancellationException e) {
            throw interrupted(provider, operation, e);
        }
    }

    /** The health of one provider as seen by its pipeline; a provider never called is CLOSED with no outcomes. */
    public ProviderCallHealth health(String provider) {
        return pipeline(provider).health();
    }

    @Override
    public Optional<ProviderCallHealth> callHealth(String provider) {
        return Optional.of(health(provider));
    }

    /** The health of every provider called so far, by name. */
    public Map<String, ProviderCallHealth> health() {
        Map<String, ProviderCallHealth> out = new LinkedHashMap<>();
        pipelines.keySet().stream().sorted().forEach(p -> out.put(p, pipelines.get(p).health()));
        return out;
    }

    /**
     * A gate taking one permit of the provider's rate limiter per further request a plugin makes inside a call,
     * waiting at most {@code resilience.rate_limit.max_wait} (and at most what the runtime allows); refused with
     * {@link ErrorCode#RATE_LIMITED}.
     */
    @Override
    public Optional<RequestGate> requestGate(String provider) {
        Objects.requireNonNull(provider, "provider");
        // the pipeline is looked up per request, so asking for a gate does not start one (health lists called ones)
        return Optional.of((plugin, maxWait) -> pipeline(provider).acquireRequestPermit(plugin, maxWait));
    }

    /** The resilience settings used for a provider. */
    public ResilienceConfig configFor(String provider) {
        return configs.getOrDefault(provider, defaults);
    }

    /** Stops the pool threads this instance started (none if a scheduler was given). In-flight calls may fail. */
    @Override
    public void close() {
        if (ownedExecutor != null) ownedExecutor.shutdownNow();
    }

    private ProviderPipeline pipeline(String provider) {
        return pipelines.computeIfAbsent(provider,
                p -> new ProviderPipeline(p, configFor(p), scheduler, clock, listener, shared));
    }

    private static IntegrationException interrupted(String provider, String operation, Exception e) {
        return IntegrationException.builder(ErrorCode.INTERRUPTED, "call '" + operation + "' to provider '"
                        + provider + "' was interrupted before it completed; it may or may not have taken effect")
                .provider(provider).retryable(false).detail("operation", operation).cause(e).build();
    }

    /** Builds {@link ResilientProviderCalls}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ResilienceConfig> configs = new LinkedHashMap<>();
        private ResilienceConfig defaults = ResilienceConfig.defaults();
        private Scheduler scheduler;
        private Clock clock = Clock.systemUTC();
        private ProviderCallListener listener = new ProviderCallListener() {};
        private SharedProviderBudget shared;

        private Builder() {}

        /**
         * A rate budget and breaker shared with the other instances of the service (such as the PostgreSQL
         * module's); each attempt and each further plugin request also takes a shared permit, and refuses while
         * the shared breaker is open. Default: none, budgets are per process.
         */
        public Builder sharedBudget(SharedProviderBudget budget) {
            this.shared = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /** Settings for providers without their own; default {@link ResilienceConfig#defaults()}. */
        public Builder defaults(ResilienceConfig defaults) {
            this.defaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /** Settings for one provider. */
        public Builder provider(String provider, ResilienceConfig config) {
            configs.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(config, "config"));
            return this;
        }

        /** Every configured provider's {@code resilience} settings. */
        public Builder providers(IntegrationConfig config) {
            for (ProviderConfig p : config.providers().values()) provider(p.name(), p.resilience());
            return this;
        }

        /**
         * The Failsafe scheduler that runs attempts and every wait. Default: a pool of daemon threads owned (and
         * closed) by this instance. Pass the testkit's {@code TimeScaledScheduler} in tests.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The clock for health timestamps; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Hears retries and breaker changes. */
        public Builder listener(ProviderCallListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds; pipelines are created on a provider's first call. */
        public ResilientProviderCalls build() {
            return new ResilientProviderCalls(this);
        }
    }
}
