package dev.zen.integration.core.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The credential provider the runtime and engine use: asks its providers in priority order (highest first),
 * caches what they return for 15 minutes (Caffeine; less when the credential expires sooner), and after the
 * external system rejects a credential (AUTH_FAILED) drops it from the cache and tries exactly one refresh.
 *
 * <pre>{@code
 * CredentialResolver credentials = CredentialResolver.builder()
 *         .provider(EnvCredentialProvider.fromSystem())
 *         .provider(EncryptedFileCredentialStore.builder(storeFile).keyFile(keyFile).build())
 *         .serviceProviders(getClass().getClassLoader())      // META-INF/services registrations
 *         .build();
 * Issue issue = credentials.withCredential("jira-bot", c -> http.get(url, c.authorizationHeader()));
 * }</pre>
 *
 * <p>Only credentials found are cached, so a newly added one is seen at once. Thread-safe. Never logs a secret.
 */
public final class CredentialResolver implements CredentialProvider {
    /** The default cache time. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(CredentialResolver.class);

    private final List<CredentialProvider> providers;
    private final Clock clock;
    private final Duration expirySkew;
    private final Cache<String, Resolved> cache;
    private final ConcurrentHashMap<String, Object> refreshLocks = new ConcurrentHashMap<>();

    /** A credential and the provider it came from. */
    private record Resolved(Credential credential, CredentialProvider source) {}

    private CredentialResolver(Builder b) {
        List<CredentialProvider> sorted = new ArrayList<>(b.providers);
        sorted.sort(Comparator.comparingInt(CredentialProvider::priority).reversed()); // stable: ties keep order
        this.providers = List.copyOf(sorted);
        this.clock = b.clock;
        this.expirySkew = b.expirySkew;
        long ttlNanos = b.ttl.toNanos();
        this.cache = Caffeine.newBuilder()
                .ticker(b.ticker)
                .expireAfter(new Expiry<String, Resolved>() {
                    @Override
                    public long expireAfterCreate(String key, Resolved value, long currentTime) {
                        return lifetime(value, ttlNanos);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Resolved value, long currentTime, long currentDuration) {
                        return lifetime(value, ttlNanos);
                    }

                    @Override
                    public long expireAfterRead(String key, Resolved value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** Starts a resolver with no providers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The providers in the order they are asked. */
    public List<CredentialProvider> providers() {
        return providers;
    }

    /** The credential for a reference: from the cache, else from the first provider that knows it. */
    @Override
    public Optional<Credential> resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        Resolved r = cache.get(reference, this::lookup);
        return r == null ? Optional.empty() : Optional.of(r.credential());
    }

    /**
     * The credential for a reference.
     *
     * @throws IntegrationException AUTH_FAILED naming the reference and where it can be provided, if none knows it
     */
    public Credential require(String reference) {
        return resolve(reference).orElseThrow(() -> IntegrationException.builder(ErrorCode.AUTH_FAILED,
                        "no credential for reference '" + reference + "': set "
                                + EnvCredentialProvider.variablePrefix(reference) + "TOKEN (and _USERNAME for basic"
                                + " auth), or store it in the encrypted credential store; asked: "
                                + providers.stream().map(Object::toString).collect(Collectors.joining(", ")))
                .detail("credentials_ref", reference).build());
    }

    /**
     * Handles a rejection (AUTH_FAILED) of {@code rejected}: drops it from the cache and asks the provider that
     * supplied it for one refresh (the OAuth 2.0 refresh-token flow where configured); failing that, looks the
     * reference up again in case the stored secret was changed. If another thread already replaced the rejected
     * credential, that replacement is returned without a second refresh.
     *
     * @return a different credential to try once, or empty if there is none
     */
    @Override
    public Optional<Credential> refresh(String reference, Credential rejected) {
        Objects.requireNonNull(rejected, "rejected");
        synchronized (refreshLocks.computeIfAbsent(reference, k -> new Object())) {
            Resolved current = cache.getIfPresent(reference);
            if (current != null && !current.credential().equals(rejected)) {
                return Optional.of(current.credential());
            }
            cache.invalidate(reference);
            Resolved source = current != null ? current : lookupWithoutRefresh(reference);
            if (source != null) {
                Optional<Credential> fresh = source.source().refresh(reference, rejected);
                if (fresh.isPresent()) {
                    LOG.info("Credential '{}' refreshed by {}", reference, source.source());
                    cache.put(reference, new Resolved(fresh.get(), source.source()));
                    return fresh;
                }
            }
            Resolved again = lookupWithoutRefresh(reference);
            if (again != null && !again.credential().equals(rejected)) {
                LOG.info("Credential '{}' was replaced in {}; using the new one", reference, again.source());
                cache.put(reference, again);
                return Optional.of(again.credential());
            }
            LOG.warn("Credential '{}' was rejected and no refreshed credential is available", reference);
            return Optional.empty();
        }
    }

    /**
     * Runs {@code call} with the reference's credential; if it fails with AUTH_FAILED, refreshes once and runs it
     * once more with the new credential.
     *
     * @throws IntegrationException AUTH_FAILED if no credential is found, or the (refreshed) credential is rejected
     */
    public <T> T withCredential(String reference, Function<Credential, T> call) {
        Credential credential = require(reference);
        try {
            return call.apply(credential);
        } catch (IntegrationException e) {
            if (e.code() != ErrorCode.AUTH_FAILED) throw e;
            Optional<Credential> fresh = refresh(reference, credential);
            if (fresh.isEmpty()) {
                throw e.toBuilder().detail("credentials_ref", reference).detail("refresh", "none available").build();
            }
            try {
                return call.apply(fresh.get());
            } catch (IntegrationException again) {
                if (again.code() == ErrorCode.AUTH_FAILED) cache.invalidate(reference);
                throw again;
            }
        }
    }

    /** Drops a reference from the cache. */
    public void invalidate(String reference) {
        cache.invalidate(reference);
    }

    /** Drops every cached credential. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    private Resolved lookup(String reference) {
        Resolved r = lookupWithoutRefresh(reference);
        if (r == null || !expired(r.credential()) || r.credential().refreshToken() == null) return r;
        try {
            Optional<Credential> fresh = r.source().refresh(reference, r.credential());
            if (fresh.isPresent()) {
                LOG.info("Credential '{}' had expired and was refreshed by {}", reference, r.source());
                return new Resolved(fresh.get(), r.source());
            }
        } catch (IntegrationException e) {
            LOG.warn("Credential '{}' has expired and could not be refreshed: {}", reference, e.code());
        }
        return r;
    }

    private Resolved lookupWithoutRefresh(String reference) {
        for (CredentialProvider p : providers) {
            Optional<Credential> c = p.resolve(reference);
            if (c.isPresent()) {
                LOG.debug("Credential '{}' resolved by {}", reference, p);
                return new Resolved(c.get(), p);
            }
        }
        return null;
    }

    private boolean expired(Credential c) {
        return c.expiresAt() != null && !c.expiresAt().isAfter(clock.instant().plus(expirySkew));
    }

    private long lifetime(Resolved value, long ttlNanos) {
        Instant expiresAt = value.credential().expiresAt();
        if (expiresAt == null) return ttlNanos;
        long untilExpiry = Duration.between(clock.instant(), expiresAt.minus(expirySkew)).toNanos();
        return Math.max(0, Math.min(ttlNanos, untilExpiry));
    }

    @Override
    public String toString() {
        return "CredentialResolver" + providers;
    }

    /** Builds a {@link CredentialResolver}. Not thread-safe. */
    public static final class Builder {
        private final List<CredentialProvider> providers = new ArrayList<>();
        private Duration ttl = DEFAULT_TTL;
        private Ticker ticker = Ticker.systemTicker();
        private Clock clock = Clock.systemUTC();
        private Duration expirySkew = Duration.ofSeconds(60);

        private Builder() {}

        /** Adds a provider; it is asked according to its {@link CredentialProvider#priority()}. */
        public Builder provider(CredentialProvider provider) {
            providers.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Adds every {@code META-INF/services/dev.zen.integration.spi.CredentialProvider} registration. */
        public Builder serviceProviders(ClassLoader loader) {
            ServiceLoader.load(CredentialProvider.class, loader).forEach(this::provider);
            return this;
        }

        /** How long a credential is cached; default 15 minutes. */
        public Builder ttl(Duration ttl) {
            if (ttl.isNegative()) throw new IllegalArgumentException("ttl must not be negative");
            this.ttl = ttl;
            return this;
        }

        /** The cache's time source; inject a fake in tests. */
        public Builder ticker(Ticker ticker) { this.ticker = Objects.requireNonNull(ticker, "ticker"); return this; }

        /** The wall clock compared with {@link Credential#expiresAt()}. */
        public Builder clock(Clock clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }

        /** How long before its expiry a credential counts as expired; default 60 s. */
        public Builder expirySkew(Duration skew) { this.expirySkew = Objects.requireNonNull(skew, "skew"); return this; }

        /** Builds the resolver. */
        public CredentialResolver build() {
            return new CredentialResolver(this);
        }
    }
}
