package dev.zen.integration.plugin;

import java.time.Duration;

/**
 * Admits the outbound HTTP requests a plugin makes within one call against a host-side budget, typically the
 * provider's client-side rate limiter, so a plugin looping over requests inside one call cannot exceed it.
 *
 * <p>Contract: the runtime calls {@link #acquire(String, Duration)} on the plugin's worker thread before every outbound
 * request of a call <em>except the first</em>. The host is expected to have taken one permit for the call itself
 * (the core's resilience pipeline takes a rate-limit permit for every attempt), and that permit covers the call's
 * first request. A request the host itself repeats (after refreshing a rejected credential) goes through the gate
 * too. Requests the runtime refuses before sending (host not allowed, per-call request limit) do not.
 *
 * <pre>{@code
 * PluginConfig jira = PluginConfig.builder("jira")
 *         .setting("server_url", "https://acme.atlassian.net")
 *         .requestGate((plugin, maxWait) -> {
 *             if (!limiter.tryAcquire(maxWait)) {
 *                 throw IntegrationException.builder(ErrorCode.RATE_LIMITED, "no permit for " + plugin)
 *                         .retryAfter(Duration.ofSeconds(1)).build();
 *             }
 *         })
 *         .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe (calls of one plugin run concurrently) and may block for at most
 * {@code maxWait}: the runtime passes half of what remains of the call's {@code execution_timeout}, so the plugin
 * still has time to handle a refusal. If the call times out anyway, the worker thread is interrupted.
 */
@FunctionalInterface
public interface RequestGate {

    /**
     * Takes one permit for one more outbound request of {@code plugin}, waiting at most {@code maxWait}.
     *
     * @param plugin  the plugin name
     * @param maxWait the longest this request may wait for a permit; zero or more
     * @throws dev.zen.integration.IntegrationException to refuse the request, for example
     *         {@link dev.zen.integration.ErrorCode#RATE_LIMITED} with a retry-after: the request is not sent, and the
     *         plugin receives the error's code, message and retry-after as the request's error envelope. When
     *         interrupted, restore the thread's interrupt flag and throw one with
     *         {@link dev.zen.integration.ErrorCode#INTERRUPTED}: the runtime then stops the call.
     */
    void acquire(String plugin, Duration maxWait);
}
