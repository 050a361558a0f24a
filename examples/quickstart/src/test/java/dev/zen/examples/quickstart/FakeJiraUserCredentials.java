package dev.zen.examples.quickstart;

import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.testkit.jira.FakeJira;
import java.util.Optional;

/**
 * Knows the reference {@value #REFERENCE} as FakeJira's default user. Registered with ServiceLoader (test
 * resources), the way a host plugs in its own credential store, so the "real Jira" path can run against a fake.
 */
public final class FakeJiraUserCredentials implements CredentialProvider {
    /** The reference this provider resolves. */
    static final String REFERENCE = "quickstart-test-user";

    @Override
    public Optional<Credential> resolve(String reference) {
        return REFERENCE.equals(reference)
                ? Optional.of(Credential.basic(FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN))
                : Optional.empty();
    }
}
