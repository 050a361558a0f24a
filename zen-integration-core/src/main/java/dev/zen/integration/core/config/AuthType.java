package dev.zen.integration.core.config;

import java.util.Locale;

/** How a provider authenticates ({@code auth_type}). The secret itself comes from {@code credentials_ref}. */
public enum AuthType {
    /** {@code Authorization: Basic} with a username (Jira Cloud: e-mail) and an API token. */
    BASIC,
    /** {@code Authorization: Bearer} with a personal access token. */
    BEARER,
    /** {@code Authorization: Bearer} with an OAuth 2.0 access token that can be refreshed. */
    OAUTH2,
    /**
     * An API token or personal access token, the spec's {@code auth_type: token}. The credential decides the
     * header: Basic when it has a username (Jira Cloud: account e-mail plus API token), Bearer when it has none
     * (Jira Data Center personal access token, GitHub token); see {@code docs/security.md}.
     */
    TOKEN;

    /** The YAML spelling: {@code basic}, {@code bearer}, {@code oauth2}, {@code token}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
