package dev.zen.integration.testkit.contract;

import static dev.zen.integration.testkit.contract.ContractAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.LockProvider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@link LockProvider} contract: a held lock excludes everyone else ({@code LOCK_TIMEOUT} after the timeout),
 * may be released from any thread, closes idempotently and is not reentrant. Extend it and return a provider with
 * no locks held.
 */
public abstract class LockProviderContract {

    /** A provider with no locks held. */
    protected abstract LockProvider newLockProvider();

    @Test
    void lockProviderExcludesOthersUntilReleasedFromAnyThread() throws Exception {
        LockProvider locks = newLockProvider();
        LockProvider.Lock held = locks.acquire("t1", Duration.ofSeconds(1));

        IntegrationException other = CompletableFuture.supplyAsync(() -> {
            try {
                locks.acquire("t1", Duration.ofMillis(50)).close();
                return null;
            } catch (IntegrationException e) {
                return e;
            }
        }).get(5, TimeUnit.SECONDS);
        assertThat(other).isNotNull().extracting(IntegrationException::code).isEqualTo(ErrorCode.LOCK_TIMEOUT);
        CompletableFuture.runAsync(held::close).get(5, TimeUnit.SECONDS); // released by another thread
        held.close(); // a second close does nothing
        LockProvider.Lock again = locks.acquire("t1", Duration.ofSeconds(1));
        assertCode(() -> locks.acquire("t1", Duration.ofMillis(50)), ErrorCode.LOCK_TIMEOUT); // not reentrant
        LockProvider.Lock otherTask = locks.acquire("t2", Duration.ofMillis(50)); // locks are per task
        otherTask.close();
        again.close();
    }
}
