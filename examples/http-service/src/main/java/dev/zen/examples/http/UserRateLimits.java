package dev.zen.examples.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.failsafe.RateLimiter;
import java.time.Duration;
import java.util.Objects;

/**
 * One Failsafe bursty {@link RateLimiter} per user (N requests per period, the whole allowance available at once),
 * kept in a Caffeine cache that forgets users after an idle time of at least one period. Forgetting is safe: a user
 * idle for a whole period would have a full allowance again anyway. Thread-safe.
 */
final class UserRateLimits {
    private final int requestsPerPeriod;
    private final Duration period;
    private final Cache<String, UserLimiter> limiters;

    /** A user's limiter and when its first window started (Failsafe's bursty windows start at creation). */
    private record UserLimiter(RateLimiter<Object> limiter, long windowStartNanos) {}

    /**
     * What the limiter decided for one request.
     *
     * @param permitted  whether the request may proceed
     * @param retryAfter when not permitted, how long until the user's next window starts; zero when permitted
     */
    record Decision(boolean permitted, Duration retryAfter) {
        static final Decision PERMITTED = new Decision(true, Duration.ZERO);
    }

    UserRateLimits(int requestsPerPeriod, Duration period, Duration idleExpiry, long maxUsers) {
        if (requestsPerPeriod < 1) throw new IllegalArgumentException("requestsPerPeriod must be at least 1");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period must be positive");
        if (idleExpiry.compareTo(period) < 0) {
            throw new IllegalArgumentException("idleExpiry " + idleExpiry + " must be at least the period " + period
                    + ", or an idle user would get a fresh allowance early");
        }
        this.requestsPerPeriod = requestsPerPeriod;
        this.period = period;
        this.limiters = Caffeine.newBuilder().expireAfterAccess(idleExpiry).maximumSize(maxUsers).build();
    }

    /** Takes a permit for {@code user} if one is left in the current window. */
    Decision tryAcquire(String user) {
        Objects.requireNonNull(user, "user");
        UserLimiter entry = limiters.get(user, u -> {
            RateLimiter<Object> limiter = RateLimiter.burstyBuilder(requestsPerPeriod, period).build();
            return new UserLimiter(limiter, System.nanoTime()); // read after build: never before Failsafe's start
        });
        if (entry.limiter().tryAcquirePermit()) return Decision.PERMITTED;
        return new Decision(false, untilNextWindow(entry));
    }

    /** The number of users currently tracked. */
    long trackedUsers() {
        limiters.cleanUp();
        return limiters.estimatedSize();
    }

    private Duration untilNextWindow(UserLimiter entry) {
        long periodNanos = period.toNanos();
        long elapsed = System.nanoTime() - entry.windowStartNanos();
        return Duration.ofNanos(periodNanos - Math.floorMod(elapsed, periodNanos));
    }
}
