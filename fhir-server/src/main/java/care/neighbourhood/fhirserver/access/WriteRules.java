package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.fhirserver.record.RecordElements;
import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Component;

/**
 * Writes: a caller may create or change only records of people on their caseload (every person the
 * record names; a new person may be registered, with their care team, in one transaction), may never
 * put another organisation or practitioner down as the author, requester or recorder, may add or
 * remove a restricted label only if they may see records that carry it, and may give a Task only to
 * an organisation, themselves, a colleague or its requester ({@link TaskOwners}), and may change a care
 * team only in a role the agreement names for it; a team meeting, which names no person, is written by
 * care staff who attend it ({@link TeamMeetings}). The directory is changed by workspace administrators only; the audit trail and the
 * server's internal records are never written through the API.
 */
@Component
class WriteRules {

    static final String ADMIN_ROLE = "workspace-admin";

    private final Caseloads caseloads;
    private final SharingAgreement agreement;
    private final ConsentDecisions consents;
    private final RecordElements elements;
    private final DaoRegistry daos;
    private final TaskOwners taskOwners;
    private final SubscriptionPolicy subscriptions;

    WriteRules(
            Caseloads caseloads,
            SharingAgreement agreement,
            ConsentDecisions consents,
            RecordElements elements,
            DaoRegistry daos,
            TaskOwners taskOwners,
            SubscriptionPolicy subscriptions) {
        this.subscriptions = subscriptions;
        this.caseloads = caseloads;
        this.agreement = agreement;
        this.consents = consents;
        this.elements = elements;
        this.daos = daos;
        this.taskOwners = taskOwners;
    }

    /** Why the caller may not create the record; empty if they may. */
    Optional<String> refusalToCreate(AccessContext context, IBaseResource resource) {
        Caller caller = context.caller();
        if (isSubscription(resource)) {
            return firstRefusal(
                    () -> scope(caller, resource, SmartScopes.Access.CREATE),
                    () -> subscriptions.refusalToWrite(caller, null, resource));
        }
        return firstRefusal(
                () -> scope(caller, resource, SmartScopes.Access.CREATE),
                () -> type(caller, resource),
                () -> careTeam(context, resource, true),
                () -> labels(caller, null, resource),
                () -> "Patient".equals(resource.fhirType()) ? null : people(context, resource),
                () -> attribution(caller, null, resource),
                () -> taskOwners.refusalToAssign(caller, null, resource));
    }

    /** Why the caller may not change the record from {@code previous} to {@code proposed}; empty if they may. */
    Optional<String> refusalToUpdate(AccessContext context, IBaseResource previous, IBaseResource proposed) {
        Caller caller = context.caller();
        if (isSubscription(previous) || isSubscription(proposed)) {
            return firstRefusal(
                    () -> scope(caller, proposed, SmartScopes.Access.UPDATE),
                    () -> subscriptions.refusalToWrite(caller, previous, proposed));
        }
        return firstRefusal(
                () -> scope(caller, proposed, SmartScopes.Access.UPDATE),
                () -> type(caller, previous),
                () -> type(caller, proposed),
                () -> careTeam(context, proposed, false),
                () -> labels(caller, previous, proposed),
                () -> people(context, previous),
                () -> people(context, proposed),
                () -> attribution(caller, previous, proposed),
                () -> taskOwners.refusalToAssign(caller, previous, proposed));
    }

    /** Why the caller may not delete the record; empty if they may. */
    Optional<String> refusalToDelete(AccessContext context, IBaseResource resource) {
        Caller caller = context.caller();
        if (isSubscription(resource)) {
            return firstRefusal(
                    () -> scope(caller, resource, SmartScopes.Access.DELETE),
                    () -> subscriptions.refusalToDelete(caller, resource));
        }
        return firstRefusal(
                () -> scope(caller, resource, SmartScopes.Access.DELETE),
                () -> type(caller, resource),
                () -> careTeam(context, resource, false),
                () -> people(context, resource));
    }

    private static boolean isSubscription(IBaseResource resource) {
        return RecordTypes.is(resource.fhirType(), RecordTypes.Kind.SUBSCRIPTION);
    }

    /** The first reason to refuse that the checks, asked in order, give. */
    @SafeVarargs
    private static Optional<String> firstRefusal(Supplier<String>... checks) {
        for (Supplier<String> check : checks) {
            String refusal = check.get();
            if (refusal != null) {
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    private static String scope(Caller caller, IBaseResource resource, SmartScopes.Access access) {
        return SmartScopes.permits(caller.scopes(), resource.fhirType(), access)
                ? null
                : "the token's scopes do not allow " + access + " of " + resource.fhirType();
    }

    private String type(Caller caller, IBaseResource resource) {
        String type = resource.fhirType();
        if (RecordTypes.isDirectory(type)) {
            return caller.hasRole(ADMIN_ROLE) ? null : "only workspace administrators change the directory";
        }
        if (!RecordTypes.isAboutAPerson(type)) {
            return type + " is not written through the API";
        }
        if ("Provenance".equals(type)) {
            return "Provenance is recorded by the server for every write, never written through the API";
        }
        if (agreement.isGovernanceOnly(caller) || !agreement.mayWrite(caller, type)) {
            return "the sharing agreement does not let this caller write " + type;
        }
        if (isRestricted(resource) && !agreement.maySeeRestricted(caller)) {
            return "restricted records are written by the roles that may see them";
        }
        return null;
    }

    /**
     * A care team decides who may see the person's record, so only the roles the agreement names
     * ({@code careTeamChanges}) create, change or delete one; a new person's first team, registered
     * with them in the same transaction, is part of registering them.
     */
    private String careTeam(AccessContext context, IBaseResource resource, boolean created) {
        if (!"CareTeam".equals(resource.fhirType()) || agreement.mayChangeCareTeams(context.caller())) {
            return null;
        }
        if (created && namesOnlyPeopleRegisteredNow(context, resource)) {
            return null;
        }
        return "the sharing agreement does not let this caller change care teams";
    }

    private boolean namesOnlyPeopleRegisteredNow(AccessContext context, IBaseResource resource) {
        List<IIdType> references = elements.personReferencesIn(resource);
        return !references.isEmpty()
                && references.stream()
                        .allMatch(reference -> reference.getValue().startsWith("urn:")
                                && context.resolve(reference.getValue()) instanceof PersonPlaceholder.NewPerson);
    }

    /** Adding or removing a restricted label is for those who may see what it restricts. */
    private String labels(Caller caller, IBaseResource previous, IBaseResource proposed) {
        Set<String> before = restrictedLabels(previous);
        Set<String> after = restrictedLabels(proposed);
        if (before.equals(after) || agreement.maySeeRestricted(caller)) {
            return null;
        }
        Set<String> changed = new HashSet<>(before);
        changed.addAll(after);
        changed.removeIf(label -> before.contains(label) && after.contains(label));
        return "only the roles that may see restricted records add or remove the labels " + changed;
    }

    private Set<String> restrictedLabels(IBaseResource resource) {
        Set<String> labels = new HashSet<>();
        if (resource != null) {
            for (IBaseCoding label : resource.getMeta().getSecurity()) {
                if (agreement.isRestricted(label.getSystem(), label.getCode())) {
                    labels.add(label.getSystem() + "|" + label.getCode());
                }
            }
        }
        return labels;
    }

    private boolean isRestricted(IBaseResource resource) {
        return !restrictedLabels(resource).isEmpty();
    }

    /** Every person the record names is on the caller's caseload (or registered in the same work). */
    private String people(AccessContext context, IBaseResource resource) {
        if (!RecordTypes.isAboutAPerson(resource.fhirType())) {
            return null;
        }
        List<String> people = new ArrayList<>();
        boolean registersSomeone = false;
        for (IIdType reference : elements.personReferencesIn(resource)) {
            if (!reference.getValue().startsWith("urn:")) {
                people.add(reference.getIdPart());
                continue;
            }
            PersonPlaceholder resolved = context.resolve(reference.getValue());
            if (resolved instanceof PersonPlaceholder.ExistingPerson existing) {
                people.add(existing.id());
            } else if (resolved instanceof PersonPlaceholder.NewPerson) {
                registersSomeone = true; // registered in this very transaction
            } else if (resolved instanceof PersonPlaceholder.Unresolved) {
                return "cannot tell which person " + reference.getValue() + " is";
            }
        }
        if (people.isEmpty() && !registersSomeone) {
            return TeamMeetings.isTeamMeeting(resource)
                    ? TeamMeetings.refusalToWrite(context.caller(), resource)
                    : resource.fhirType() + " names no person";
        }
        for (String person : people) {
            if (caseloads.with(context, person).isEmpty()) {
                return "no care relationship with the person";
            }
            if (consents.effectFor(context, person, resource.fhirType()) == ConsentDecisions.Effect.DENY) {
                // What the person has withheld from the caller, the caller does not write either.
                return "the person's consent withholds " + resource.fhirType() + " from this caller";
            }
        }
        return null;
    }

    /** The record names no one but the caller, their role or their organisation as having acted. */
    private String attribution(Caller caller, IBaseResource previous, IBaseResource proposed) {
        Set<String> before = previous == null ? Set.of() : elements.authorsIn(previous);
        for (String reference : elements.authorsIn(proposed)) {
            if (!before.contains(reference) && !actsFor(caller, reference)) {
                return "acting as " + reference;
            }
        }
        return null;
    }

    private boolean actsFor(Caller caller, String reference) {
        String type = reference.substring(0, reference.indexOf('/'));
        return switch (type) {
            case "Patient", "RelatedPerson" -> true;
            case "Practitioner" -> reference.equals(caller.practitioner());
            case "Organization" -> reference.equals(caller.organisationReference());
            case "PractitionerRole" -> roleBelongsTo(caller, reference);
            default -> false;
        };
    }

    private boolean roleBelongsTo(Caller caller, String reference) {
        try {
            PractitionerRole role = (PractitionerRole)
                    daos.getResourceDao("PractitionerRole").read(new IdType(reference), new SystemRequestDetails());
            String practitioner = role.getPractitioner().getReference();
            String organisation = role.getOrganization().getReference();
            return caller.practitioner() != null
                    ? Objects.equals(caller.practitioner(), practitioner)
                    : Objects.equals(caller.organisationReference(), organisation);
        } catch (BaseServerResponseException e) {
            return false;
        }
    }
}
