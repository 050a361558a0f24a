package dev.zen.integration.spi;

import java.util.Optional;

/**
 * Resolves credential references (the {@code credentials_ref} of a provider's configuration) to secrets.
 *
 * <p>Built-ins read environment variables, an encrypted file or memory. Register your own (a vault, the OS key
 * chain) in {@code META-INF/services/dev.zen.integration.spi.CredentialProvider}; providers are asked in priority
 * order until one knows the reference. Implementations must be thread-safe and must never log secrets.
 */
public interface CredentialProvider {

    /** The credential for a reference, if this provider knows it. */
    Optional<Credential> resolve(String reference);

    /**
     * Called once after the external system rejected {@code rejected}: return a fresh credential (for example
     * through the OAuth 2.0 refresh-token flow), or empty if there is none.
     */
    default Optional<Credential> refresh(String reference, Credential rejected) {
        return Optional.empty();
    }

    /** Providers with a higher priority are asked first. */
    default int priority() {
        return 0;
    }
}
