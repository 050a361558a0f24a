package dev.zen.plugin.runtime.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles the credential refreshes one opened plugin can cause: a plugin provoking 401s must not run the OAuth
 * refresh flow (a token-endpoint call) once per request. At most one refresh per {@link #MIN_INTERVAL}; a caller
 * within the interval gets the credential that refresh produced, if it differs from the one it saw rejected, and
 * concurrent callers wait for one refresh and share its result. The once-per-call bound is the caller's
 * ({@link CallBudget#takeRefresh()}). Thread-safe.
 */
final class CredentialRefresher {
    /** The shortest time between two refreshes of one opened plugin's credential. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(CredentialRefresher.class);

    private final String plugin;
    private final String reference;
    private final CredentialProvider credentials;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean refreshed;
    private long lastRefreshNanos;
    private Credential lastResult;

    CredentialRefresher(String plugin, String reference, CredentialProvider credentials, LongSupplier nanoTime) {
        this.plugin = plugin;
        this.reference = reference;
        this.credentials = credentials;
        this.nanoTime = nanoTime;
    }

    /**
     * A credential to try instead of {@code rejected}: a fresh one from the provider, or the result of a refresh
     * made less than {@link #MIN_INTERVAL} ago; empty if there is none.
     *
     * @throws ChicoryInterruptedException if interrupted while another call refreshes
     */
    Optional<Credential> refresh(Credential rejected) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("interrupted while waiting for a credential refresh", e);
        }
        try {
            long now = nanoTime.getAsLong();
            if (refreshed && now - lastRefreshNanos < MIN_INTERVAL.toNanos()) {
                return lastResult != null && !lastResult.equals(rejected) ? Optional.of(lastResult) : Optional.empty();
            }
            refreshed = true;
            lastRefreshNanos = now;
            lastResult = null;
            try {
                lastResult = credentials.refresh(reference, rejected).orElse(null);
            } catch (IntegrationException e) {
                LOG.warn("plugin {}: refreshing credential '{}' failed with {}", plugin, reference, e.code());
            }
            return Optional.ofNullable(lastResult);
        } finally {
            lock.unlock();
        }
    }
}
