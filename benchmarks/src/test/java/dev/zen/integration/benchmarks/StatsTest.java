package dev.zen.integration.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void givenOneToTwentyWhenSummarisedThenPercentilesAreNearestRankSamples() {
        double[] samples = new double[20];
        for (int i = 0; i < 20; i++) samples[i] = 20 - i; // unsorted on purpose

        Stats s = Stats.ofMillis(samples);

        assertThat(s.count()).isEqualTo(20);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.p50()).isEqualTo(10); // ceil(0.50 * 20) = 10th value
        assertThat(s.p95()).isEqualTo(19); // ceil(0.95 * 20) = 19th value
        assertThat(s.p99()).isEqualTo(20); // ceil(0.99 * 20) = 20th value
        assertThat(s.max()).isEqualTo(20);
        assertThat(s.mean()).isEqualTo(10.5);
    }

    @Test
    void givenASingleSampleWhenSummarisedThenEveryPercentileIsThatSample() {
        Stats s = Stats.ofMillis(new double[] {7.5});

        assertThat(s.p50()).isEqualTo(7.5);
        assertThat(s.p95()).isEqualTo(7.5);
        assertThat(s.p99()).isEqualTo(7.5);
    }

    @Test
    void givenOneSlowOutlierInAHundredWhenSummarisedThenP95IgnoresItAndP99DoesNot() {
        double[] samples = new double[100];
        Arrays.fill(samples, 2.0);
        samples[42] = 500.0;

        Stats s = Stats.ofMillis(samples);

        assertThat(s.p95()).isEqualTo(2.0);
        assertThat(s.p99()).isEqualTo(2.0); // the 99th of 100 values is still 2.0
        assertThat(s.max()).isEqualTo(500.0);
    }

    @Test
    void givenNanosecondsWhenSummarisedThenFiguresAreMilliseconds() {
        Stats s = Stats.ofNanos(new long[] {1_000_000L, 3_000_000L});

        assertThat(s.p50()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(3.0);
    }

    @Test
    void givenTheBoundariesWhenAPercentileIsAskedThenZeroIsTheMinimumAndHundredTheMaximum() {
        double[] sorted = {1, 2, 3, 4};

        assertThat(Stats.percentile(sorted, 0)).isEqualTo(1);
        assertThat(Stats.percentile(sorted, 25)).isEqualTo(1);
        assertThat(Stats.percentile(sorted, 26)).isEqualTo(2);
        assertThat(Stats.percentile(sorted, 100)).isEqualTo(4);
    }

    @Test
    void givenNoSamplesOrABadPercentileWhenAskedThenTheErrorSaysWhatIsWrong() {
        assertThatThrownBy(() -> Stats.ofMillis(new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no samples");
        assertThatThrownBy(() -> Stats.percentile(new double[] {1}, 101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 100");
    }

    @Test
    void givenDurationsWhenFormattedThenPrecisionFollowsTheirSize() {
        assertThat(Stats.ms(1.234)).isEqualTo("1.23 ms");
        assertThat(Stats.ms(12.34)).isEqualTo("12.3 ms");
        assertThat(Stats.ms(123.4)).isEqualTo("123 ms");
        assertThat(Stats.ofMillis(new double[] {1, 2}).p50p95()).isEqualTo("P50 1.00 ms, P95 2.00 ms");
    }
}
