package care.neighbourhood.portal.security;

import java.util.Set;

/**
 * The signed-in user, as the access token describes them: a member of staff, or a person the team
 * supports or one of their carers (roles {@value #PERSON} and {@value #CARER}).
 *
 * @param username the Keycloak username, e.g. {@code nina.patel}
 * @param displayName the name to show, e.g. {@code Nina Patel}
 * @param practitionerReference the {@code fhirUser} claim, e.g. {@code Practitioner/nina-patel}; for a
 *     person their Patient, for a carer their RelatedPerson; {@code null} when the token names none
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

    /** The realm role of a person the team supports, whose {@code fhirUser} is their Patient. */
    public static final String PERSON = "person";

    /** The realm role of a carer, whose {@code fhirUser} is their RelatedPerson. */
    public static final String CARER = "carer";

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

    /** A person the team supports, signed in to see and shape their own plan. */
    public boolean isPerson() {
        return hasRole(PERSON) && practitionerReference != null && practitionerReference.startsWith("Patient/");
    }

    /** A carer, signed in to see what the person they care for has shared with them. */
    public boolean isCarer() {
        return hasRole(CARER) && practitionerReference != null && practitionerReference.startsWith("RelatedPerson/");
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
