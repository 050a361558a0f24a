package dev.zen.integration.core.config;

import java.util.Locale;

/** How a provider authenticates ({@code auth_type}). The secret itself comes from {@code credentials_ref}. */
public enum AuthType {
    /** {@code Authorization: Basic} with a username (Jira Cloud: e-mail) and an API token. */
    BASIC,
    /** {@code Authorization: Bearer} with a personal access token. */
    BEARER,
    /** {@code Authorization: Bearer} with an OAuth 2.0 access token that can be refreshed. */
    OAUTH2;

    /** The YAML spelling: {@code basic}, {@code bearer}, {@code oauth2}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
