package dev.zen.integration.testkit.jira;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A user of the fake Jira. Users are identified by {@code accountId} only, as in Jira Cloud; the time zone
 * decides the offset of every timestamp this user reads and how the user's JQL dates are interpreted.
 *
 * @param accountId    the account id; never blank
 * @param displayName  the display name; never blank
 * @param emailAddress the e-mail address used for basic auth; may be null (then the user cannot use basic auth)
 * @param timeZone     the profile time zone
 * @param active       whether the account is active (inactive users are not assignable)
 * @param permission   what the user may do
 */
public record JiraUser(String accountId, String displayName, String emailAddress, ZoneId timeZone, boolean active,
                       Permission permission) {

    /** What a user may do in the fake Jira. */
    public enum Permission {
        /** Read and write everything. */
        FULL,
        /** Read everything; every write (create, edit, transition, property, remote link) gets 403. */
        READ_ONLY,
        /** Authenticated but allowed nothing: every REST call except {@code /myself} gets 403. */
        NONE
    }

    /** Validates the user. */
    public JiraUser {
        if (accountId == null || accountId.isBlank()) throw new IllegalArgumentException("accountId must not be blank");
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("displayName must not be blank");
        }
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(permission, "permission");
    }

    /** An active user with full permission in UTC and no e-mail address. */
    public static JiraUser of(String accountId, String displayName) {
        return new JiraUser(accountId, displayName, null, ZoneId.of("UTC"), true, Permission.FULL);
    }

    /** This user with another e-mail address. */
    public JiraUser withEmail(String email) {
        return new JiraUser(accountId, displayName, email, timeZone, active, permission);
    }

    /** This user with another profile time zone. */
    public JiraUser withTimeZone(ZoneId zone) {
        return new JiraUser(accountId, displayName, emailAddress, zone, active, permission);
    }

    /** This user with other permissions. */
    public JiraUser withPermission(Permission newPermission) {
        return new JiraUser(accountId, displayName, emailAddress, timeZone, active, newPermission);
    }

    /** This user, deactivated. */
    public JiraUser inactive() {
        return new JiraUser(accountId, displayName, emailAddress, timeZone, false, permission);
    }
}
