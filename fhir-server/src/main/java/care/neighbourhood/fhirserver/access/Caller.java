package care.neighbourhood.fhirserver.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, as the access token says and nothing else: a member of staff (with a Practitioner),
 * an external system acting for its organisation, a person the team supports (with their Patient) or
 * one of their carers (with a RelatedPerson).
 *
 * @param subject {@code iss|sub} of the token
 * @param username the staff member's login name, or the client id of a system
 * @param practitioner {@code Practitioner/<id>} for staff, {@code null} for systems
 * @param organisation the organisation code (also the Organization's resource id)
 * @param sector health, social-care or voluntary
 * @param roles realm roles
 * @param scopes the token's scopes
 * @param clientId the client the token was issued to
 * @param self {@code Patient/<id>} for a person, {@code RelatedPerson/<id>} for a carer, else {@code null}
 */
public record Caller(
        Kind kind,
        String subject,
        String username,
        String practitioner,
        String organisation,
        String sector,
        Set<String> roles,
        Set<String> scopes,
        String clientId,
        String self) {

    /** The roles of people who care for someone, as opposed to governance and administration. */
    public static final Set<String> CARE_ROLES = Set.of(
            "gp",
            "community-nurse",
            "mental-health-practitioner",
            "social-worker",
            "care-coordinator",
            "support-worker");

    public enum Kind {
        STAFF,
        SYSTEM,
        /** A person the team supports, reading and shaping their own plan. */
        PERSON,
        /** A carer of a person (a RelatedPerson), with what the person's consent lets them see. */
        CARER
    }

    /** A member of staff or a system: the {@code self} of a person or carer is left out. */
    public Caller(
            Kind kind,
            String subject,
            String username,
            String practitioner,
            String organisation,
            String sector,
            Set<String> roles,
            Set<String> scopes,
            String clientId) {
        this(kind, subject, username, practitioner, organisation, sector, roles, scopes, clientId, null);
    }

    /** The references a care relationship can name for this caller: the practitioner and the organisation. */
    public List<String> relationshipReferences() {
        List<String> references = new ArrayList<>(2);
        if (practitioner != null) {
            references.add(practitioner);
        }
        if (organisation != null) {
            references.add(organisationReference());
        }
        return references;
    }

    public String organisationReference() {
        return organisation == null ? null : "Organization/" + organisation;
    }

    public boolean isSystem() {
        return kind == Kind.SYSTEM;
    }

    /** A person or one of their carers: they see one person's record, as {@code PersonalAccess} decides. */
    public boolean isPersonal() {
        return kind == Kind.PERSON || kind == Kind.CARER;
    }

    /** The FHIR resource the user is: their Practitioner, Patient or RelatedPerson; null for a system. */
    public String fhirUser() {
        return practitioner != null ? practitioner : self;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** A member of staff (a practitioner) who holds at least one role of those who care for people. */
    public boolean isCareStaff() {
        return !isSystem() && practitioner != null && roles.stream().anyMatch(CARE_ROLES::contains);
    }

    /** Information-governance officers, and systems granted {@code system/AuditEvent.read}. */
    public boolean mayReadAuditTrail() {
        return hasRole("ig-officer")
                || (isSystem()
                        && (scopes.contains("system/AuditEvent.read") || scopes.contains("system/AuditEvent.rs")));
    }
}
