package dev.zen.integration.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeScaledSchedulerTest {
    @Test
    void aScaledWaitRunsSoonAndTheRequestedDelayIsRecorded() throws Exception {
        try (TimeScaledScheduler time = TimeScaledScheduler.withFactor(0.001)) {
            long start = System.nanoTime();
            Object result = time.schedule(() -> "done", 30, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);

            assertThat(result).isEqualTo("done");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(time.requestedDelays()).containsExactly(Duration.ofSeconds(30));
        }
    }

    @Test
    void aFactorOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> TimeScaledScheduler.withFactor(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeScaledScheduler.withFactor(2)).isInstanceOf(IllegalArgumentException.class);
    }
}
