package dev.zen.integration.core.credentials;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialResolverTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A provider that counts lookups and hands out "token-N" on each refresh. */
    private static final class CountingProvider implements CredentialProvider {
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger refreshes = new AtomicInteger();
        volatile Credential current;
        final boolean canRefresh;

        CountingProvider(Credential initial, boolean canRefresh) {
            this.current = initial;
            this.canRefresh = canRefresh;
        }

        @Override
        public Optional<Credential> resolve(String reference) {
            lookups.incrementAndGet();
            return Optional.ofNullable(current);
        }

        @Override
        public Optional<Credential> refresh(String reference, Credential rejected) {
            if (!canRefresh) return Optional.empty();
            current = Credential.bearer("token-" + refreshes.incrementAndGet());
            return Optional.of(current);
        }
    }

    private CredentialResolver resolver(CredentialProvider... providers) {
        CredentialResolver.Builder b = CredentialResolver.builder().ticker(ticker).clock(clock);
        for (CredentialProvider p : providers) b.provider(p);
        return b.build();
    }

    private static IntegrationException authFailed() {
        return IntegrationException.of(ErrorCode.AUTH_FAILED, "401 from Jira");
    }

    @Test
    void providersAreAskedInPriorityOrder() {
        EnvCredentialProvider env = new EnvCredentialProvider(Map.of("ZEN_CREDENTIAL_JIRA_TOKEN", "from-env"));
        InMemoryCredentialProvider memory = new InMemoryCredentialProvider().put("jira", Credential.bearer("from-memory"));

        CredentialResolver resolver = resolver(env, memory);

        assertThat(resolver.resolve("jira")).contains(Credential.bearer("from-memory"));
        assertThat(resolver.providers()).containsExactly(memory, env);
    }

    @Test
    void aResolvedCredentialIsCachedForFifteenMinutes() {
        CountingProvider p = new CountingProvider(Credential.bearer("t"), false);
        CredentialResolver resolver = resolver(p);

        resolver.resolve("jira");
        nanos.addAndGet(Duration.ofMinutes(14).toNanos());
        resolver.resolve("jira");
        assertThat(p.lookups).hasValue(1);

        nanos.addAndGet(Duration.ofMinutes(2).toNanos());
        resolver.resolve("jira");
        assertThat(p.lookups).hasValue(2);
    }

    @Test
    void aCredentialExpiringSoonerIsCachedOnlyUntilShortlyBeforeItsExpiry() {
        CountingProvider p = new CountingProvider(
                new Credential(Credential.Type.BEARER, null, "t", null, NOW.plus(Duration.ofMinutes(5))), false);
        CredentialResolver resolver = resolver(p);

        resolver.resolve("jira");
        nanos.addAndGet(Duration.ofMinutes(4).plusSeconds(1).toNanos());
        resolver.resolve("jira");

        assertThat(p.lookups).hasValue(2);
    }

    @Test
    void anUnknownReferenceIsNotCachedSoALaterAdditionIsSeen() {
        InMemoryCredentialProvider memory = new InMemoryCredentialProvider();
        CredentialResolver resolver = resolver(memory);
        assertThat(resolver.resolve("jira")).isEmpty();

        memory.put("jira", Credential.bearer("now-here"));

        assertThat(resolver.resolve("jira")).contains(Credential.bearer("now-here"));
    }

    @Test
    void requireNamesTheEnvironmentVariableToSet() {
        assertThatThrownBy(() -> resolver(new InMemoryCredentialProvider()).require("jira-bot"))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED))
                .hasMessageContaining("ZEN_CREDENTIAL_JIRA_BOT_TOKEN");
    }

    @Test
    void anAuthFailureRefreshesOnceAndRetriesWithTheNewCredential() {
        CountingProvider p = new CountingProvider(Credential.bearer("stale"), true);
        List<String> used = new ArrayList<>();

        String result = resolver(p).withCredential("jira", c -> {
            used.add(c.secret());
            if (c.secret().equals("stale")) throw authFailed();
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(used).containsExactly("stale", "token-1");
        assertThat(p.refreshes).hasValue(1);
    }

    @Test
    void aRefreshedCredentialThatIsAlsoRejectedIsNotRefreshedAgain() {
        CountingProvider p = new CountingProvider(Credential.bearer("stale"), true);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> resolver(p).withCredential("jira", c -> {
            calls.incrementAndGet();
            throw authFailed();
        })).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));

        assertThat(calls).hasValue(2);
        assertThat(p.refreshes).hasValue(1);
    }

    @Test
    void withoutARefreshTheOriginalFailureIsRethrownAfterOneCall() {
        CountingProvider p = new CountingProvider(Credential.bearer("stale"), false);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> resolver(p).withCredential("jira", c -> {
            calls.incrementAndGet();
            throw authFailed();
        })).hasMessageContaining("401 from Jira");

        assertThat(calls).hasValue(1);
    }

    @Test
    void aCredentialChangedInItsStoreIsPickedUpAfterARejection() {
        InMemoryCredentialProvider memory = new InMemoryCredentialProvider().put("jira", Credential.bearer("old"));
        CredentialResolver resolver = resolver(memory);
        Credential rejected = resolver.require("jira");
        memory.put("jira", Credential.bearer("rotated-by-user"));

        assertThat(resolver.refresh("jira", rejected)).contains(Credential.bearer("rotated-by-user"));
    }

    @Test
    void aSecondRejectionOfTheSameStaleCredentialReusesTheFirstRefresh() {
        CountingProvider p = new CountingProvider(Credential.bearer("stale"), true);
        CredentialResolver resolver = resolver(p);
        Credential stale = resolver.require("jira");

        Optional<Credential> first = resolver.refresh("jira", stale);
        Optional<Credential> second = resolver.refresh("jira", stale);

        assertThat(first).contains(Credential.bearer("token-1"));
        assertThat(second).isEqualTo(first);
        assertThat(p.refreshes).hasValue(1);
    }

    @Test
    void anExpiredCredentialWithARefreshTokenIsRefreshedBeforeUse() {
        CountingProvider p = new CountingProvider(
                new Credential(Credential.Type.BEARER, null, "expired", "r", NOW.minusSeconds(1)), true);

        assertThat(resolver(p).require("jira").secret()).isEqualTo("token-1");
    }
}
