package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One opened plugin refreshes its credential at most once per interval, whatever its calls provoke. */
class CredentialRefresherTest {
    static final Credential STALE = Credential.bearer("stale-token");
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicInteger refreshes = new AtomicInteger();

    private CredentialProvider provider(String... results) {
        return new CredentialProvider() {
            @Override
            public Optional<Credential> resolve(String reference) {
                return Optional.of(STALE);
            }

            @Override
            public Optional<Credential> refresh(String reference, Credential rejected) {
                int n = refreshes.getAndIncrement();
                return Optional.of(Credential.bearer(results[Math.min(n, results.length - 1)]));
            }
        };
    }

    private CredentialRefresher refresher(CredentialProvider p) {
        return new CredentialRefresher("jira", "jira-bot", p, now::get);
    }

    @Test
    void givenARefreshWithinTheIntervalWhenAskedAgainThenItsResultIsReusedWithoutCallingTheProvider() {
        CredentialRefresher r = refresher(provider("fresh-1", "fresh-2"));

        Optional<Credential> first = r.refresh(STALE);
        now.addAndGet(CredentialRefresher.MIN_INTERVAL.toNanos() - 1);
        Optional<Credential> second = r.refresh(STALE);

        assertThat(first).contains(Credential.bearer("fresh-1"));
        assertThat(second).contains(Credential.bearer("fresh-1"));
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void givenTheRefreshedCredentialIsRejectedTooWithinTheIntervalWhenAskedThenThereIsNoCredentialToTry() {
        CredentialRefresher r = refresher(provider("fresh-1"));
        r.refresh(STALE);

        assertThat(r.refresh(Credential.bearer("fresh-1"))).isEmpty();
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void givenTheIntervalHasPassedWhenAskedThenTheProviderRefreshesAgain() {
        CredentialRefresher r = refresher(provider("fresh-1", "fresh-2"));
        r.refresh(STALE);
        now.addAndGet(CredentialRefresher.MIN_INTERVAL.toNanos());

        assertThat(r.refresh(Credential.bearer("fresh-1"))).contains(Credential.bearer("fresh-2"));
        assertThat(refreshes).hasValue(2);
    }

    @Test
    void givenAProviderWhoseRefreshFailsWhenAskedThenThereIsNoCredentialAndTheFailureCountsAsTheIntervalsRefresh() {
        CredentialProvider failing = new CredentialProvider() {
            @Override
            public Optional<Credential> resolve(String reference) {
                return Optional.of(STALE);
            }

            @Override
            public Optional<Credential> refresh(String reference, Credential rejected) {
                refreshes.incrementAndGet();
                throw IntegrationException.of(ErrorCode.NETWORK_ERROR, "token endpoint unreachable");
            }
        };
        CredentialRefresher r = refresher(failing);

        assertThat(r.refresh(STALE)).isEmpty();
        assertThat(r.refresh(STALE)).isEmpty();
        assertThat(refreshes).hasValue(1);
    }
}
