package dev.zen.plugin.runtime.internal;

import dev.zen.integration.plugin.RequestGate;
import java.util.Set;

/**
 * The host's limits on one opened plugin's outbound requests.
 *
 * @param credentialOrigins  the only origins {@code http_request_auth} sends the credential to
 * @param maxRequestsPerCall how many requests one call may ask for; later ones are refused without being sent
 * @param gate               admits each request of a call after the first (the provider's rate limiter), or null
 */
public record OutboundPolicy(Set<Origin> credentialOrigins, int maxRequestsPerCall, RequestGate gate) {
    /** Copies. */
    public OutboundPolicy {
        credentialOrigins = Set.copyOf(credentialOrigins);
    }
}
