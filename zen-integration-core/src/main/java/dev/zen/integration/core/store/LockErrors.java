package dev.zen.integration.core.store;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.time.Duration;

/** The errors every lock provider reports, so a lock timeout and an interrupt read the same whichever is in use. */
final class LockErrors {
    private LockErrors() {}

    static IntegrationException busy(String taskId, Duration timeout) {
        return IntegrationException.builder(ErrorCode.LOCK_TIMEOUT, "task " + taskId + " is being synced by someone "
                + "else and its lock was not free within " + timeout + "; try again later").taskId(taskId).build();
    }

    static IntegrationException interrupted(String taskId, InterruptedException e) {
        return IntegrationException.builder(ErrorCode.INTERRUPTED, "interrupted while waiting for the lock of task "
                + taskId).taskId(taskId).cause(e).build();
    }
}
