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
}
