package dev.zen.integration.core.credentials;

import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials held in memory, for tests and hosts that obtain secrets themselves (a login dialog, a vault
 * client). Refreshes through an {@link OAuth2RefreshFlow} registered for the reference, keeping the rotated
 * refresh token. Thread-safe. Priority {@value #DEFAULT_PRIORITY}: asked first.
 *
 * <pre>{@code
 * InMemoryCredentialProvider memory = new InMemoryCredentialProvider();
 * memory.put("jira-bot", Credential.basic("bot@acme.com", token));
 * }</pre>
 */
public final class InMemoryCredentialProvider implements CredentialProvider {
    /** The default priority. */
    public static final int DEFAULT_PRIORITY = 300;

    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<String, OAuth2RefreshFlow> flows = new ConcurrentHashMap<>();
    private final int priority;

    /** An empty provider with the default priority. */
    public InMemoryCredentialProvider() {
        this(DEFAULT_PRIORITY);
    }

    /** An empty provider with the given priority. */
    public InMemoryCredentialProvider(int priority) {
        this.priority = priority;
    }

    /** Stores or replaces a credential. */
    public InMemoryCredentialProvider put(String reference, Credential credential) {
        credentials.put(Objects.requireNonNull(reference, "reference"), Objects.requireNonNull(credential, "credential"));
        return this;
    }

    /** Removes a credential; does nothing if absent. */
    public InMemoryCredentialProvider remove(String reference) {
        credentials.remove(reference);
        return this;
    }

    /** Refreshes the reference's credential through {@code flow} after the external system rejected it. */
    public InMemoryCredentialProvider refreshWith(String reference, OAuth2RefreshFlow flow) {
        flows.put(Objects.requireNonNull(reference, "reference"), Objects.requireNonNull(flow, "flow"));
        return this;
    }

    @Override
    public Optional<Credential> resolve(String reference) {
        return Optional.ofNullable(credentials.get(reference));
    }

    @Override
    public Optional<Credential> refresh(String reference, Credential rejected) {
        OAuth2RefreshFlow flow = flows.get(reference);
        if (flow == null || rejected.refreshToken() == null) return Optional.empty();
        Credential fresh = flow.refresh(rejected);
        credentials.put(reference, fresh);
        return Optional.of(fresh);
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public String toString() {
        return "InMemoryCredentialProvider[" + credentials.size() + " credentials, priority=" + priority + "]";
    }
}
