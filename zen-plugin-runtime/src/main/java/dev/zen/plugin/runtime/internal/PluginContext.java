package dev.zen.plugin.runtime.internal;

import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.spi.OperationsListener;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the host functions of one opened plugin work with.
 *
 * @param plugin               the plugin name
 * @param settings             the validated configuration
 * @param allowedHosts         lower-case host names the plugin may call without the credential
 * @param credentialsRef       the credential reference, or null
 * @param credentials          resolves the reference, or null
 * @param http                 the HTTP client (redirects are never followed), created on first use
 * @param clock                the wall clock
 * @param executionTimeout     the per-call limit, which also bounds each HTTP request
 * @param maxHttpResponseBytes the response body cap
 * @param maxGuestBufferBytes  the cap on a buffer the guest hands to the host
 * @param redactor             scrubs the credential from what the plugin sees and logs
 * @param outbound             where the credential may go, and the per-call request limits
 */
public record PluginContext(String plugin, Map<String, Object> settings, Set<String> allowedHosts,
                            String credentialsRef, CredentialProvider credentials, Supplier<HttpClient> http, Clock clock,
                            Duration executionTimeout, long maxHttpResponseBytes, long maxGuestBufferBytes,
                            Redactor redactor, OutboundPolicy outbound, List<OperationsListener> listeners) {
}
