/**
 * The resilience pipeline around every plugin call, per provider: rate limiter, bulkhead, circuit breaker, retry
 * honouring Retry-After, and an overall timeout, built on Failsafe. Start with
 * {@link dev.zen.integration.core.resilience.ResilientProviderCalls}; read health with
 * {@link dev.zen.integration.core.resilience.ResilientProviderCalls#health(String)}.
 */
package dev.zen.integration.core.resilience;
