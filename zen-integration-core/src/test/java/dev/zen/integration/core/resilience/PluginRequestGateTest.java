package dev.zen.integration.core.resilience;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.config.ResilienceConfig;
import dev.zen.integration.plugin.RequestGate;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A plugin's further requests inside one call take permits from the provider's own rate limiter, so a call that
 * loops over requests cannot exceed {@code rate_limit.requests_per_minute}.
 */
class PluginRequestGateTest {
    private static ResilientProviderCalls calls(int perMinute, Duration maxWait) {
        return ResilientProviderCalls.builder().provider("jira", ResilienceConfig.builder()
                .rateLimit(new ResilienceConfig.RateLimit(perMinute, maxWait)).timeout(Duration.ofMinutes(1)).build())
                .build();
    }

    @Test
    void givenAPluginRequestingMoreInsideACallThanTheProvidersRateAllowsWhenTheGateIsAskedThenItRefusesWithRateLimited() {
        try (ResilientProviderCalls calls = calls(1, Duration.ZERO)) {
            RequestGate gate = calls.requestGate("jira").orElseThrow();

            // the call takes the one permit of this minute; it covers the plugin's first request
            String out = calls.call("jira", "search_tasks", true, () -> {
                assertThatThrownBy(() -> gate.acquire("jira", Duration.ofSeconds(10)))
                        .isInstanceOfSatisfying(IntegrationException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                            assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
                            assertThat(e.getMessage()).contains("provider 'jira'", "1 requests per minute",
                                    "every request plugin jira makes within a call",
                                    "resilience.rate_limit.requests_per_minute");
                        });
                return "done";
            });

            assertThat(out).isEqualTo("done");
        }
    }

    @Test
    void givenARateWithRoomWhenThePluginsFurtherRequestsAskTheGateThenTheyAreAdmitted() {
        try (ResilientProviderCalls calls = calls(1_000_000, Duration.ofSeconds(1))) {
            RequestGate gate = calls.requestGate("jira").orElseThrow();

            for (int i = 0; i < 5; i++) gate.acquire("jira", Duration.ofSeconds(10));
        }
    }

    @Test
    void givenTheRuntimeAllowsLessThanMaxWaitWhenNoPermitComesThenTheGateWaitsOnlyThatLong() {
        try (ResilientProviderCalls calls = calls(1, Duration.ofSeconds(30))) {
            RequestGate gate = calls.requestGate("jira").orElseThrow();
            gate.acquire("jira", Duration.ZERO); // this minute's permit
            long start = System.nanoTime();

            assertThatThrownBy(() -> gate.acquire("jira", Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(IntegrationException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                        assertThat(e.getMessage()).contains("within 200ms");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void givenTheGateOfAProviderNeverCalledWhenTakenThenHealthStillListsOnlyCalledProviders() {
        try (ResilientProviderCalls calls = calls(100, Duration.ZERO)) {
            calls.requestGate("github");

            assertThat(calls.health()).isEmpty();
        }
    }

    @Test
    void givenCallsWithoutAnyPolicyWhenAskedForAGateThenThereIsNone() {
        assertThat(ProviderCalls.direct().requestGate("jira")).isEmpty();
    }
}
