package dev.zen.integration.spi;

import java.util.Optional;

/**
 * The host's directory of people: translates a Zen user to the external system's account id and back, for the
 * value maps that ask it ({@code value_maps.<field>.user_directory: true}, usually {@code assignee}). Optional:
 * without one, user values follow their value map alone. Register it with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.zen.integration.spi.UserDirectory}, or a {@link ServiceFactory} of kind
 * {@link ServiceKind#USER_DIRECTORY}) or give it to the builder.
 *
 * <pre>{@code
 * public final class LdapUsers implements UserDirectory {
 *     public Optional<String> externalAccount(String provider, String zenUser) {
 *         return ldap.email(zenUser).flatMap(email -> jiraAccounts.byEmail(email));
 *     }
 *     public Optional<String> zenUser(String provider, String externalAccount) {
 *         return jiraAccounts.email(externalAccount).flatMap(ldap::userByEmail);
 *     }
 * }
 * }</pre>
 *
 * <p>Called from sync threads, possibly at once; an implementation must be thread-safe and should cache. A value it
 * does not know (empty) follows the value map's unmapped policy; an exception fails that task's sync.
 */
public interface UserDirectory {
    /** The external account id (such as a Jira accountId) of a Zen user, if known. */
    Optional<String> externalAccount(String provider, String zenUser);

    /** The Zen user of an external account id, if known. */
    Optional<String> zenUser(String provider, String externalAccount);
}
