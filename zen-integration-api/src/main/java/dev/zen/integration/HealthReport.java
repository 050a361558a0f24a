package dev.zen.integration;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether the integration can serve, for a readiness probe: one check per concern and provider.
 *
 * @param ready  true when every check passed
 * @param checks the checks, failed ones with the reason and what to do
 */
public record HealthReport(boolean ready, List<Check> checks) {
    /** Validates the report. */
    public HealthReport {
        checks = Checks.copyList(checks);
    }

    /** A report that is ready exactly when every check passed. */
    public static HealthReport of(List<Check> checks) {
        return new HealthReport(checks.stream().allMatch(Check::ok), checks);
    }

    /**
     * One check.
     *
     * @param name     what was checked: {@code plugin}, {@code credentials}, {@code breaker} or {@code outbox}
     * @param provider the provider it concerns
     * @param ok       whether it passed
     * @param message  what was found; for a failed check, why and what to do
     */
    public record Check(String name, @Nullable String provider, boolean ok, String message) {
        /** Validates the check. */
        public Check {
            Checks.requireText(name, "name");
            Objects.requireNonNull(message, "message");
        }
    }
}
