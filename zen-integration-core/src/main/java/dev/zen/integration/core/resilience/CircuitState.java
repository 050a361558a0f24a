package dev.zen.integration.core.resilience;

/** The state of a provider's circuit breaker. */
public enum CircuitState {
    /** Calls go through. */
    CLOSED,
    /** Calls are refused with PROVIDER_UNAVAILABLE until the open duration has passed. */
    OPEN,
    /** A trial call is let through; its outcome closes or re-opens the breaker. */
    HALF_OPEN
}
