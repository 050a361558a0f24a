package dev.zen.integration.core.credentials;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads credentials from environment variables. For a reference such as {@code jira-bot} the variable prefix is
 * {@code ZEN_CREDENTIAL_JIRA_BOT_} (upper case, every character other than a letter or digit becomes {@code _}):
 * <ul>
 *   <li>{@code ZEN_CREDENTIAL_JIRA_BOT_TOKEN}: the API token, password or access token (required);</li>
 *   <li>{@code ZEN_CREDENTIAL_JIRA_BOT_USERNAME}: the user (the e-mail for Jira Cloud basic auth);</li>
 *   <li>{@code ZEN_CREDENTIAL_JIRA_BOT_TYPE}: {@code basic} or {@code bearer}; default basic when a username is
 *       set, bearer otherwise;</li>
 *   <li>{@code ZEN_CREDENTIAL_JIRA_BOT_REFRESH_TOKEN}: an OAuth 2.0 refresh token (optional);</li>
 *   <li>{@code ZEN_CREDENTIAL_JIRA_BOT_ORIGINS}: comma-separated origins the credential is bound to, such as
 *   {@code https://acme.atlassian.net} (optional; see {@link Credential#origins()}).</li>
 * </ul>
 *
 * <pre>{@code
 * CredentialProvider env = EnvCredentialProvider.fromSystem();
 * CredentialProvider forTests = new EnvCredentialProvider(Map.of("ZEN_CREDENTIAL_JIRA_TOKEN", "t"));
 * }</pre>
 *
 * <p>Priority {@value #DEFAULT_PRIORITY}: above the encrypted file store, below in-memory credentials.
 */
public final class EnvCredentialProvider implements CredentialProvider {
    /** The default priority. */
    public static final int DEFAULT_PRIORITY = 200;
    /** The common prefix of the variables. */
    public static final String PREFIX = "ZEN_CREDENTIAL_";

    private final Map<String, String> env;
    private final int priority;

    /** Reads the given environment, with the default priority. */
    public EnvCredentialProvider(Map<String, String> env) {
        this(env, DEFAULT_PRIORITY);
    }

    /** Reads the given environment, with the given priority. */
    public EnvCredentialProvider(Map<String, String> env, int priority) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.priority = priority;
    }

    /** Reads the process environment. */
    public static EnvCredentialProvider fromSystem() {
        return new EnvCredentialProvider(System.getenv());
    }

    /** The variable prefix for a reference: {@code jira-bot -> ZEN_CREDENTIAL_JIRA_BOT_}. */
    public static String variablePrefix(String reference) {
        StringBuilder sb = new StringBuilder(PREFIX);
        for (char c : reference.toUpperCase(Locale.ROOT).toCharArray()) {
            sb.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.append('_').toString();
    }

    /**
     * @throws IntegrationException CONFIG_ERROR if the variables are inconsistent (an unknown type, basic without a
     *                              username); the message names the variable, never its value
     */
    @Override
    public Optional<Credential> resolve(String reference) {
        String prefix = variablePrefix(reference);
        String token = nonBlank(env.get(prefix + "TOKEN"));
        if (token == null) return Optional.empty();
        String username = nonBlank(env.get(prefix + "USERNAME"));
        String typeText = nonBlank(env.get(prefix + "TYPE"));
        Credential.Type type;
        if (typeText == null) {
            type = username == null ? Credential.Type.BEARER : Credential.Type.BASIC;
        } else {
            try {
                type = Credential.Type.valueOf(typeText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, prefix + "TYPE: invalid value '"
                        + typeText + "'; accepted: basic, bearer").build();
            }
        }
        if (type == Credential.Type.BASIC && username == null) {
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, prefix + "TYPE is basic but " + prefix
                    + "USERNAME is not set; set it (the account e-mail for Jira Cloud) or use type bearer").build();
        }
        try {
            return Optional.of(new Credential(type, username, token, nonBlank(env.get(prefix + "REFRESH_TOKEN")),
                    null, origins(prefix)));
        } catch (IllegalArgumentException e) {
            // the only check left to fail is an origin's; its message quotes the origin, never the token
            throw IntegrationException.builder(ErrorCode.CONFIG_ERROR, prefix + "ORIGINS: " + e.getMessage()).build();
        }
    }

    @Override
    public int priority() {
        return priority;
    }

    /** {@code <prefix>ORIGINS}: comma-separated origins the credential is bound to; none when unset. */
    private List<String> origins(String prefix) {
        String text = nonBlank(env.get(prefix + "ORIGINS"));
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String o : text.split(",")) {
            if (!o.isBlank()) out.add(o.trim());
        }
        return out;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "EnvCredentialProvider[variables " + PREFIX + "<REF>_TOKEN, _USERNAME, _TYPE; priority=" + priority + "]";
    }
}
