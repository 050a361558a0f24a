package dev.zen.integration.core.schedule;

import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.config.SyncFrequency;
import dev.zen.integration.core.internal.io.Threads;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.TaskSyncService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Runs a sync at the configured {@code sync_frequency} for hosts that run for a long time. {@code manual} (or
 * {@code sync_enabled: false}, or {@code integration_enabled: false}) schedules nothing.
 *
 * <pre>{@code
 * SyncScheduler scheduler = SyncScheduler.forService(service, config).build();
 * scheduler.start();          // first sync one interval from now
 * ...
 * scheduler.close();
 * }</pre>
 *
 * <p>Runs never overlap: the next run is planned when one finishes, at the previous planned time plus the
 * interval, or at once if that time has passed (no burst of catch-up runs after a long pause). A run that throws is
 * logged and the schedule continues. Time comes from the given {@link Clock} and
 * {@link ScheduledExecutorService}, so tests can drive it. Thread-safe.
 */
public final class SyncScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
    /** The jitter of scope polls: each interval is 90% to 110% of poll_interval. */
    private static final double DEFAULT_SCOPE_JITTER = 0.1;

    private final Runnable sync;
    private final Optional<Duration> interval;
    private final double jitter;
    private final DoubleSupplier random;
    private final Duration initialDelay;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final boolean ownsExecutor;
    private ScheduledFuture<?> pending;
    private Instant plannedAt;
    private Instant lastRunAt;
    private boolean running;

    private SyncScheduler(Builder b) {
        this.sync = b.sync;
        this.interval = !b.enabled ? Optional.empty() : b.every != null ? Optional.of(b.every) : b.frequency.interval();
        this.jitter = b.jitter;
        this.random = b.random;
        this.initialDelay = b.initialDelay;
        this.clock = b.clock;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            this.executor = Executors.newSingleThreadScheduledExecutor(Threads.daemon("zen-sync-scheduler"));
            this.ownsExecutor = true;
        }
    }

    /** Schedules {@code sync} at {@code frequency}. */
    public static Builder builder(Runnable sync, SyncFrequency frequency) {
        return new Builder(sync, frequency);
    }

    /**
     * Schedules a bidirectional sync of every linked task ({@code service.sync(List.of(), BIDIRECTIONAL)}) as the
     * configuration says: nothing if integration or sync is disabled or the frequency is manual.
     */
    public static Builder forService(TaskSyncService service, IntegrationConfig config) {
        Objects.requireNonNull(service, "service");
        Builder b = new Builder(() -> service.sync(List.of(), SyncDirection.BIDIRECTIONAL), config.syncFrequency());
        b.enabled = config.integrationEnabled() && config.syncEnabled();
        return b;
    }

    /**
     * Polls one provider's scope ({@code zen.syncScope(provider)}) every {@code scope.poll_interval}, give or take
     * 10% of jitter so that instances and providers do not poll in step. A {@code RATE_LIMITED} failure that says
     * how long to wait ({@code Retry-After}) moves the next poll at least that far out. Nothing is scheduled when the
     * provider has no scope or is disabled. The calls go through the provider's resilience pipeline (rate limit,
     * breaker, retries) like every other call.
     */
    public static Builder forScope(ZenIntegration zen, ProviderConfig provider) {
        Objects.requireNonNull(zen, "zen");
        ScopeConfig scope = provider.scope();
        Builder b = new Builder(() -> zen.syncScope(provider.name()), SyncFrequency.MANUAL);
        b.every = scope == null ? null : scope.pollInterval();
        b.enabled = scope != null && provider.enabled();
        b.jitter = DEFAULT_SCOPE_JITTER;
        return b;
    }

    /**
     * A scope poller ({@link #forScope}) for each configured provider with a scope, none if the integration or sync
     * is disabled; start each, and close each when done.
     */
    public static List<SyncScheduler> forScopes(ZenIntegration zen, IntegrationConfig config) {
        if (!config.integrationEnabled() || !config.syncEnabled()) return List.of();
        return config.providers().values().stream().filter(p -> p.scope() != null && p.enabled())
                .map(p -> forScope(zen, p).build()).toList();
    }

    /**
     * Starts the schedule.
     *
     * @return false if nothing is scheduled (manual frequency or disabled), true otherwise
     */
    public synchronized boolean start() {
        if (interval.isEmpty()) {
            LOG.info("Scheduled sync is off (manual frequency or sync disabled)");
            return false;
        }
        if (running) return true;
        running = true;
        Duration first = initialDelay != null ? initialDelay : interval.get();
        plan(clock.instant().plus(first));
        LOG.info("Scheduled sync every {}; first run at {}", interval.get(), plannedAt);
        return true;
    }

    /** Stops the schedule; a run in progress finishes. Can be started again. */
    public synchronized void stop() {
        running = false;
        if (pending != null) pending.cancel(false);
        pending = null;
        plannedAt = null;
    }

    /** Whether the schedule is active. */
    public synchronized boolean isRunning() {
        return running;
    }

    /** When the next run is planned, if the schedule is active. */
    public synchronized Optional<Instant> nextRunAt() {
        return Optional.ofNullable(plannedAt);
    }

    /** When the last run started, if there was one. */
    public synchronized Optional<Instant> lastRunAt() {
        return Optional.ofNullable(lastRunAt);
    }

    /** Stops the schedule and, if this instance made its executor, shuts it down. */
    @Override
    public void close() {
        stop();
        if (ownsExecutor) executor.shutdownNow();
    }

    private void plan(Instant at) {
        plannedAt = at;
        long delayMs = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        pending = executor.schedule(this::runOnce, delayMs, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        Instant planned;
        synchronized (this) {
            if (!running) return;
            planned = plannedAt;
            lastRunAt = clock.instant();
        }
        Duration backOff = Duration.ZERO;
        try {
            sync.run();
        } catch (IntegrationException e) {
            if (e.code() == ErrorCode.RATE_LIMITED) backOff = e.retryAfter().orElse(Duration.ZERO);
            LOG.warn("Scheduled sync failed with {}: {}; the next run is still planned{}", e.code(), e.getMessage(),
                    backOff.isZero() ? "" : " after the " + backOff + " the provider asked for");
        } catch (RuntimeException e) {
            LOG.warn("Scheduled sync failed; the next run is still planned", e);
        }
        synchronized (this) {
            if (!running) return;
            Instant next = planned.plus(jittered(interval.orElseThrow()));
            Instant now = clock.instant();
            Instant earliest = now.plus(backOff);
            plan(next.isBefore(earliest) ? earliest : next);
        }
    }

    /** The interval stretched or shrunk by up to {@code jitter} of itself. */
    private Duration jittered(Duration base) {
        if (jitter == 0) return base;
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor)));
    }

    /** Builds a {@link SyncScheduler}. Not thread-safe. */
    public static final class Builder {
        private final Runnable sync;
        private final SyncFrequency frequency;
        private boolean enabled = true;
        private Duration every;
        private double jitter;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Duration initialDelay;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService executor;

        private Builder(Runnable sync, SyncFrequency frequency) {
            this.sync = Objects.requireNonNull(sync, "sync");
            this.frequency = Objects.requireNonNull(frequency, "frequency");
        }

        /** The wait before the first run; default one interval. */
        public Builder initialDelay(Duration initialDelay) {
            if (initialDelay.isNegative()) throw new IllegalArgumentException("initialDelay must not be negative");
            this.initialDelay = initialDelay;
            return this;
        }

        /**
         * Spreads the runs: each interval is stretched or shrunk by a random share up to {@code fraction} (0 to
         * 0.5); default 0 for {@code sync_frequency}, 0.1 for scope polls.
         */
        public Builder jitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 0.5)) throw new IllegalArgumentException("jitter must be 0 to 0.5");
            this.jitter = fraction;
            return this;
        }

        /** Where the jitter's randomness comes from (values in [0, 1)); default a thread-local random. */
        public Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The clock planned times are computed with; default UTC system clock. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** The executor that waits and runs; default a daemon thread owned by the scheduler. */
        public Builder executor(ScheduledExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Builds the scheduler; nothing runs before {@link SyncScheduler#start()}. */
        public SyncScheduler build() {
            return new SyncScheduler(this);
        }
    }
}
