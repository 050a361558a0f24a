package dev.zen.integration.testkit;

import dev.failsafe.spi.Scheduler;
import dev.zen.integration.testkit.internal.Threads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Failsafe {@link Scheduler} that waits {@code factor} times the requested delays and records what was asked,
 * so a test of 1 s, 2 s, 4 s, 8 s backoff or a 30 s Retry-After runs in milliseconds and can still check the
 * requested waits. With factor 1.0 it behaves like a normal scheduler.
 *
 * <pre>{@code
 * try (TimeScaledScheduler time = TimeScaledScheduler.withFactor(0.001)) {
 *     ResilientProviderCalls calls = ResilientProviderCalls.builder().scheduler(time).build();
 *     ...
 *     assertThat(time.requestedDelays()).contains(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Every wait is scaled, the overall timeout included: give scaled tests a long {@code timeout} (an hour scales
 * to 3.6 s). Failsafe measures the circuit breaker's open time and hands out rate-limit permits by the real clock;
 * configure short durations for those in tests, and use factor 1.0 to measure the rate limiter. Thread-safe.
 * ({@code ResilientProviderCalls} is {@code dev.zen.integration.core.resilience.ResilientProviderCalls}.)
 */
public final class TimeScaledScheduler implements Scheduler, AutoCloseable {
    private final double factor;
    private final ExecutorService executor;
    private final Scheduler delegate;
    private final List<Duration> requested = new ArrayList<>();

    private TimeScaledScheduler(double factor) {
        if (!(factor > 0 && factor <= 1.0)) throw new IllegalArgumentException("factor must be in (0, 1]: " + factor);
        this.factor = factor;
        this.executor = Executors.newCachedThreadPool(Threads.daemon("zen-scaled-scheduler"));
        this.delegate = Scheduler.of(executor);
    }

    /** A scheduler that waits {@code factor} (0 exclusive to 1 inclusive) times each requested delay. */
    public static TimeScaledScheduler withFactor(double factor) {
        return new TimeScaledScheduler(factor);
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        long nanos = unit.toNanos(delay);
        if (nanos > 0) {
            synchronized (requested) {
                requested.add(Duration.ofNanos(nanos));
            }
        }
        return delegate.schedule(callable, (long) (nanos * factor), TimeUnit.NANOSECONDS);
    }

    /** The non-zero delays requested so far, unscaled, in order. */
    public List<Duration> requestedDelays() {
        synchronized (requested) {
            return List.copyOf(requested);
        }
    }

    /** Stops the threads. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
