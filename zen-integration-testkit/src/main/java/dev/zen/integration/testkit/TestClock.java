package dev.zen.integration.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so that timestamps, retries and JQL date windows are
 * deterministic. Thread-safe.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at("2025-09-20T10:30:00Z");
 * FakeJira jira = FakeJira.builder().clock(clock).start();
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private TestClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at the given instant, in UTC. */
    public static TestClock at(Instant instant) {
        return new TestClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
    }

    /** A clock standing at an ISO-8601 instant such as {@code 2025-09-20T10:30:00Z}. */
    public static TestClock at(String isoInstant) {
        return at(Instant.parse(isoInstant));
    }

    /** Moves the clock forward (or backward, for a negative duration) and returns the new time. */
    public Instant advance(Duration by) {
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Sets the clock. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new TestClock(now, newZone); // shares the time with this clock
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
