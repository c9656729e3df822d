package care.neighbourhood.portal.security;

import java.util.Set;

/**
 * The signed-in member of staff, as the access token describes them.
 *
 * @param username the Keycloak username, e.g. {@code nina.patel}
 * @param displayName the name to show, e.g. {@code Nina Patel}
 * @param practitionerReference the {@code fhirUser} claim, e.g. {@code Practitioner/nina-patel}, or
 *     {@code null} for a user who is not a practitioner
 * @param organisationCode the {@code organisation} claim, which is also the Organization's id
 * @param sector {@code health}, {@code social-care} or {@code voluntary}
 * @param roles the realm roles, e.g. {@code community-nurse}
 */
public record CurrentUser(
        String username,
        String displayName,
        String practitionerReference,
        String organisationCode,
        String sector,
        Set<String> roles) {

    /** The realm role of information-governance officers, who read the audit trail and nothing clinical. */
    public static final String IG_OFFICER = "ig-officer";

    /** The realm role of workspace administrators, who look after the directory, not people's records. */
    public static final String WORKSPACE_ADMIN = "workspace-admin";

    /** Realm roles whose holders work with people's records, and so have a caseload. */
    static final Set<String> CASELOAD_ROLES = Set.of(
            "gp",
            "community-nurse",
            "mental-health-practitioner",
            "social-worker",
            "care-coordinator",
            "support-worker");

    public CurrentUser {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** {@code Organization/<code>}, or {@code null} when the token names no organisation. */
    public String organisationReference() {
        return organisationCode == null ? null : "Organization/" + organisationCode;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether the user may open the information-governance audit reports. */
    public boolean isIgOfficer() {
        return hasRole(IG_OFFICER);
    }

    /** Whether the user looks after the workspace's directory of organisations and staff. */
    public boolean isWorkspaceAdmin() {
        return hasRole(WORKSPACE_ADMIN);
    }

    /**
     * Whether the user has a role that comes with a caseload; an officer with only {@code ig-officer}
     * and an administrator with only {@code workspace-admin} have none.
     */
    public boolean hasCaseload() {
        return roles.stream().anyMatch(CASELOAD_ROLES::contains);
    }
}
