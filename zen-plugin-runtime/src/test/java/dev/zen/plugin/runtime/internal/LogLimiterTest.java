package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LogLimiter limiter = new LogLimiter(now::get);

    private int allowed(int lines, long length) {
        int n = 0;
        for (int i = 0; i < lines; i++) {
            if (limiter.acquire(length).log()) n++;
        }
        return n;
    }

    @Test
    void givenAQuietPluginWhenItLogsABurstThenTheLineBurstPassesAndTheRestIsDropped() {
        assertThat(allowed(1_000, 10)).isEqualTo((int) LogLimiter.LINE_BURST);
    }

    @Test
    void givenLongLinesWhenLoggedThenTheByteBudgetStopsThemFirst() {
        assertThat(allowed(1_000, 8_192)).isEqualTo((int) (LogLimiter.BYTE_BURST / 8_192));
    }

    @Test
    void givenAnExhaustedBudgetWhenTimePassesThenItRefillsAtTheSustainedRate() {
        allowed(1_000, 10);
        now.addAndGet(1_000_000_000L);

        assertThat(allowed(1_000, 10)).isEqualTo((int) LogLimiter.LINES_PER_SECOND);
    }

    @Test
    void givenDroppedLinesWhenTheNextLinePassesThenItCarriesTheCountOnce() {
        allowed((int) LogLimiter.LINE_BURST, 10);
        LogLimiter.Decision first = limiter.acquire(10);
        allowed(99, 10);
        now.addAndGet(100_000_000L);

        LogLimiter.Decision next = limiter.acquire(10);

        assertThat(first.log()).isFalse();
        assertThat(first.suppressedBefore()).isEqualTo(1); // the first drop is reported at once
        assertThat(next.log()).isTrue();
        assertThat(next.suppressedBefore()).isEqualTo(99);
        assertThat(limiter.acquire(10).suppressedBefore()).isZero();
    }

    @Test
    void givenAFloodThatNeverStopsWhenTheSummaryIntervalPassesThenACountIsReportedAnyway() {
        allowed(1_000, LogLimiter.BYTE_BURST); // one line takes the whole byte budget, the rest are dropped
        long reported = 0;
        for (int second = 0; second < 25; second++) {
            now.addAndGet(1_000_000_000L);
            for (int i = 0; i < 1_000; i++) reported += limiter.acquire(LogLimiter.BYTE_BURST).suppressedBefore();
        }

        assertThat(reported).isGreaterThan(20_000).isLessThanOrEqualTo(25_000);
    }
}
