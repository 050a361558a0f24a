package dev.zen.integration.core.schedule;

import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.IntegrationConfig;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.core.config.ScopeConfig;
import dev.zen.integration.core.config.SyncFrequency;

import dev.zen.integration.ConflictRecord;
import dev.zen.integration.ConflictResolution;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.IntegrationStatus;
import dev.zen.integration.PendingChange;
import dev.zen.integration.ScopeReport;
import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.SyncRequest;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.TaskSyncService;
import dev.zen.integration.ZenTask;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class SyncSchedulerTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Records what is scheduled; the test runs it. */
    private static final class ManualExecutor extends ScheduledThreadPoolExecutor {
        record Task(Runnable runnable, Duration delay, FakeFuture future) {}

        final Deque<Task> tasks = new ArrayDeque<>();
        final List<Duration> delays = new ArrayList<>();

        ManualExecutor() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            FakeFuture f = new FakeFuture();
            Duration d = Duration.ofNanos(unit.toNanos(delay));
            delays.add(d);
            tasks.add(new Task(command, d, f));
            return f;
        }

        /** Runs the next scheduled task unless it was cancelled; returns whether one ran. */
        boolean runNext() {
            Task t = tasks.poll();
            if (t == null || t.future().isCancelled()) return false;
            t.runnable().run();
            return true;
        }
    }

    private static final class FakeFuture implements ScheduledFuture<Object> {
        private volatile boolean cancelled;

        @Override public long getDelay(TimeUnit unit) { return 0; }
        @Override public int compareTo(Delayed o) { return 0; }
        @Override public boolean cancel(boolean mayInterrupt) { cancelled = true; return true; }
        @Override public boolean isCancelled() { return cancelled; }
        @Override public boolean isDone() { return cancelled; }
        @Override public Object get() { return null; }
        @Override public Object get(long timeout, TimeUnit unit) { return null; }
    }

    private final MutableClock clock = new MutableClock();
    private final ManualExecutor executor = new ManualExecutor();
    private final AtomicInteger runs = new AtomicInteger();

    private SyncScheduler scheduler(SyncFrequency frequency) {
        return SyncScheduler.builder(runs::incrementAndGet, frequency).clock(clock).executor(executor).build();
    }

    @Test
    void hourlyRunsFirstAfterOneHourAndThenEveryHour() {
        SyncScheduler s = scheduler(SyncFrequency.HOURLY);

        assertThat(s.start()).isTrue();
        assertThat(executor.delays).containsExactly(Duration.ofHours(1));

        clock.now = START.plus(Duration.ofHours(1));
        executor.runNext();

        assertThat(runs).hasValue(1);
        assertThat(s.lastRunAt()).contains(START.plus(Duration.ofHours(1)));
        assertThat(s.nextRunAt()).contains(START.plus(Duration.ofHours(2)));
        assertThat(executor.delays).last().isEqualTo(Duration.ofHours(1));
    }

    @Test
    void dailyWaitsADay() {
        scheduler(SyncFrequency.DAILY).start();

        assertThat(executor.delays).containsExactly(Duration.ofDays(1));
    }

    @Test
    void manualSchedulesNothing() {
        SyncScheduler s = scheduler(SyncFrequency.MANUAL);

        assertThat(s.start()).isFalse();
        assertThat(executor.tasks).isEmpty();
        assertThat(s.isRunning()).isFalse();
    }

    @Test
    void disabledSyncInTheConfigurationSchedulesNothing() {
        IntegrationConfig config = IntegrationConfig.builder().syncFrequency(SyncFrequency.HOURLY)
                .syncEnabled(false).build();
        SyncScheduler s = SyncScheduler.forService(new NoopService(), config).clock(clock).executor(executor).build();

        assertThat(s.start()).isFalse();
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void aServiceScheduleSyncsEveryLinkedTaskBothWays() {
        NoopService service = new NoopService();
        SyncScheduler s = SyncScheduler.forService(service, IntegrationConfig.defaults()).clock(clock)
                .executor(executor).build();
        s.start();

        executor.runNext();

        assertThat(service.requests).singleElement().satisfies(r -> {
            assertThat(r).isEqualTo(SyncRequest.of(List.of(),
                    SyncDirection.BIDIRECTIONAL));
        });
    }

    @Test
    void aLongRunKeepsTheRhythmWithoutOverlapOrBurst() {
        SyncScheduler s = scheduler(SyncFrequency.HOURLY);
        s.start();

        clock.now = START.plus(Duration.ofMinutes(60 + 150)); // the run starts 2.5 h late (host was asleep)
        executor.runNext();

        assertThat(s.nextRunAt()).contains(clock.now); // one catch-up run now, not three
        assertThat(executor.delays).last().isEqualTo(Duration.ZERO);
        executor.runNext();
        assertThat(s.nextRunAt()).contains(clock.now.plus(Duration.ofHours(1)));
    }

    @Test
    void aFailingRunDoesNotStopTheSchedule() {
        SyncScheduler s = SyncScheduler.builder(() -> {
            runs.incrementAndGet();
            throw IntegrationException.of(ErrorCode.NETWORK_ERROR, "jira down");
        }, SyncFrequency.HOURLY).clock(clock).executor(executor).build();
        s.start();

        executor.runNext();

        assertThat(runs).hasValue(1);
        assertThat(executor.tasks).hasSize(1);
        assertThat(s.isRunning()).isTrue();
    }

    /** A ZenIntegration whose syncScope calls {@code onScope}; nothing else is called by the scheduler. */
    private static ZenIntegration scopeOnly(Function<String, ScopeReport> onScope) {
        return (ZenIntegration) Proxy.newProxyInstance(SyncSchedulerTest.class.getClassLoader(),
                new Class<?>[] {ZenIntegration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("syncScope")) return onScope.apply((String) args[0]);
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ProviderConfig scoped(Duration pollInterval) {
        return ProviderConfig.builder("jira").scope(ScopeConfig.builder().pollInterval(pollInterval).build()).build();
    }

    @Test
    void givenAScopeWhenScheduledThenItPollsThatProviderEveryPollIntervalWithJitter() {
        List<String> polled = new ArrayList<>();
        double[] random = {0.5};
        SyncScheduler s = SyncScheduler.forScope(scopeOnly(p -> {
            polled.add(p);
            return null;
        }), scoped(Duration.ofMinutes(10))).random(() -> random[0]).clock(clock).executor(executor).build();

        s.start();
        clock.now = START.plus(Duration.ofMinutes(10));
        executor.runNext();
        random[0] = 0.999_999; // the longest stretch: +10%
        clock.now = START.plus(Duration.ofMinutes(20));
        executor.runNext();

        assertThat(polled).containsExactly("jira", "jira");
        assertThat(executor.delays).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofMinutes(11));
    }

    @Test
    void givenRateLimitedWithRetryAfterWhenAPollFailsThenTheNextWaitsAtLeastThatLong() {
        SyncScheduler s = SyncScheduler.forScope(scopeOnly(p -> {
            throw IntegrationException.builder(ErrorCode.RATE_LIMITED, "slow down").retryAfter(Duration.ofMinutes(30))
                    .build();
        }), scoped(Duration.ofMinutes(5))).jitter(0).clock(clock).executor(executor).build();
        s.start();
        clock.now = START.plus(Duration.ofMinutes(5));

        executor.runNext();

        assertThat(s.nextRunAt()).contains(clock.now.plus(Duration.ofMinutes(30)));
        assertThat(s.isRunning()).isTrue();
    }

    @Test
    void givenProvidersWithAndWithoutScopeWhenSchedulersAreMadeThenOnlyScopedOnesPoll() {
        IntegrationConfig config = IntegrationConfig.builder().provider(scoped(Duration.ofMinutes(5)))
                .provider(ProviderConfig.builder("github").build()).build();

        List<SyncScheduler> schedulers = SyncScheduler.forScopes(scopeOnly(p -> null), config);

        assertThat(schedulers).hasSize(1);
        assertThat(SyncScheduler.forScope(scopeOnly(p -> null), ProviderConfig.builder("github").build()).build()
                .start()).isFalse();
    }

    @Test
    void stopCancelsThePlannedRun() {
        SyncScheduler s = scheduler(SyncFrequency.HOURLY);
        s.start();

        s.stop();

        assertThat(executor.runNext()).isFalse();
        assertThat(runs).hasValue(0);
        assertThat(s.nextRunAt()).isEmpty();
    }

    @Test
    void anInitialDelayOverridesTheFirstWait() {
        SyncScheduler.builder(runs::incrementAndGet, SyncFrequency.DAILY).initialDelay(Duration.ofSeconds(5))
                .clock(clock).executor(executor).build().start();

        assertThat(executor.delays).containsExactly(Duration.ofSeconds(5));
    }

    /** A TaskSyncService that records sync requests; anything else must never be called. */
    private static final class NoopService implements TaskSyncService {
        final List<SyncRequest> requests = new ArrayList<>();

        @Override public SyncReport sync(SyncRequest request) {
            requests.add(request);
            return null;
        }
        @Override public CompletableFuture<SyncReport> syncAsync(SyncRequest request) {
            throw new AssertionError();
        }
        @Override public ZenTask importItem(String provider, String externalId) { throw new AssertionError(); }
        @Override public TaskSyncRecord link(String taskId, String provider, String externalId) { throw new AssertionError(); }
        @Override public void unlink(String taskId) { throw new AssertionError(); }
        @Override public List<PendingChange> discardPending(String taskId) { throw new AssertionError(); }
        @Override public TaskSyncRecord publish(String taskId, String provider) { throw new AssertionError(); }
        @Override public List<ConflictRecord> conflicts() { throw new AssertionError(); }
        @Override public TaskSyncResult resolve(String conflictId, ConflictResolution resolution) {
            throw new AssertionError();
        }
        @Override public SyncReport flushPending() { throw new AssertionError(); }
        @Override public IntegrationStatus status() { throw new AssertionError(); }
    }
}
