package care.neighbourhood.fhirserver.access;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Why a caller may see or write a record: the rule that allows it and what is behind the rule. Shown
 * to the caller ({@code X-Access-Basis}), recorded in the audit trail for every person concerned,
 * and explained to the person in their own view.
 *
 * @param ground the rule
 * @param relationships for {@link Ground#CARE_RELATIONSHIP}: one per person the record names
 * @param agreementClause {@code agreement <id> v<version> <data class>}; null for the directory
 * @param consentPermit the person's consent shares a data class the agreement alone would not
 * @param governanceRoles for {@link Ground#GOVERNANCE}: the caller's roles
 */
public record AccessBasis(
        Ground ground,
        List<CareRelationship> relationships,
        String agreementClause,
        boolean consentPermit,
        List<String> governanceRoles) {

    public enum Ground {
        /** Who works where: open to every member. */
        DIRECTORY,
        /** Information governance: consent decisions, the review queue, the audit trail. */
        GOVERNANCE,
        /** A care relationship with every person the record names. */
        CARE_RELATIONSHIP,
        /**
         * The demographic look-up: that a person exists, with their name, date of birth and NHS number
         * and nothing else, shown to a member of staff looking for someone not on their caseload.
         */
        DEMOGRAPHIC_LOOKUP,
        /** A meeting of the team, naming no person, seen by those who attend it ({@link TeamMeetings}). */
        TEAM_MEETING,
        /** A system's own subscription ({@link SubscriptionPolicy}). */
        OWN_SUBSCRIPTION,
        /** A file of an export the caller asked for ({@link ExportPolicy}). */
        OWN_EXPORT,
        /** The person's own record, read or written by the person ({@link PersonalAccess}). */
        OWN_RECORD,
        /** A carer, by the person's consent ({@link PersonalAccess}); the relationship names the Consent. */
        CARER_BY_CONSENT
    }

    public AccessBasis {
        relationships = List.copyOf(relationships);
        governanceRoles = List.copyOf(governanceRoles);
    }

    public static final AccessBasis DIRECTORY_RECORD =
            new AccessBasis(Ground.DIRECTORY, List.of(), null, false, List.of());

    public static final AccessBasis DEMOGRAPHICS_ONLY =
            new AccessBasis(Ground.DEMOGRAPHIC_LOOKUP, List.of(), null, false, List.of());

    public static final AccessBasis TEAM_MEETING_ATTENDEE =
            new AccessBasis(Ground.TEAM_MEETING, List.of(), null, false, List.of());

    public static final AccessBasis OWN_SUBSCRIPTION =
            new AccessBasis(Ground.OWN_SUBSCRIPTION, List.of(), null, false, List.of());

    public static final AccessBasis OWN_EXPORT = new AccessBasis(Ground.OWN_EXPORT, List.of(), null, false, List.of());

    /** The person's own record, under the agreement's clause for people and carers. */
    public static AccessBasis ownRecord(String personId, String agreementClause) {
        return new AccessBasis(
                Ground.OWN_RECORD,
                List.of(new CareRelationship(personId, List.of("Patient/" + personId), List.of(), false)),
                agreementClause,
                false,
                List.of());
    }

    /** A carer's access to the person's record, resting on the person's consents ({@code Consent/<id>}). */
    public static AccessBasis carerByConsent(String personId, List<String> consents, String agreementClause) {
        return new AccessBasis(
                Ground.CARER_BY_CONSENT,
                List.of(new CareRelationship(personId, consents, List.of(), false)),
                agreementClause,
                true,
                List.of());
    }

    public static AccessBasis governance(List<String> roles, String agreementClause) {
        return new AccessBasis(Ground.GOVERNANCE, List.of(), agreementClause, false, roles);
    }

    public static AccessBasis careRelationship(
            List<CareRelationship> relationships, String agreementClause, boolean consentPermit) {
        return new AccessBasis(Ground.CARE_RELATIONSHIP, relationships, agreementClause, consentPermit, List.of());
    }

    /** Emergency access is part of the basis: the access is recorded with purpose of use BTG. */
    public boolean usesBreakGlass() {
        return relationships.stream().anyMatch(CareRelationship::usesBreakGlass);
    }

    /** The basis as it concerns one of the people a record names. */
    public AccessBasis forPerson(String personId) {
        if (relationships.size() <= 1) {
            return this;
        }
        return new AccessBasis(
                ground,
                relationships.stream()
                        .filter(r -> r.personId().equals(personId))
                        .toList(),
                agreementClause,
                consentPermit,
                governanceRoles);
    }

    /**
     * As the caller and the auditor read it, e.g. {@code relationship CareTeam/12; agreement
     * northbank-neighbourhood v1 coordination}, {@code directory}.
     */
    @Override
    public String toString() {
        return switch (ground) {
            case DIRECTORY -> "directory";
            case TEAM_MEETING -> "attends the team meeting";
            case OWN_SUBSCRIPTION -> "its own subscription";
            case OWN_EXPORT -> "a file of the export it asked for";
            case DEMOGRAPHIC_LOOKUP -> "demographic look-up: name, date of birth and NHS number only";
            case GOVERNANCE -> "governance " + String.join(",", governanceRoles) + "; " + agreementClause;
            case OWN_RECORD -> "own record; " + agreementClause;
            case CARER_BY_CONSENT -> "carer by " + describeRelationships() + "; " + agreementClause;
            case CARE_RELATIONSHIP ->
                "relationship " + describeRelationships() + "; " + agreementClause
                        + (consentPermit ? "; consent permit" : "");
        };
    }

    private String describeRelationships() {
        if (relationships.size() == 1) {
            return relationships.get(0).describe();
        }
        return relationships.stream()
                .map(r -> "Patient/" + r.personId() + " " + r.describe())
                .collect(Collectors.joining(" + "));
    }
}
