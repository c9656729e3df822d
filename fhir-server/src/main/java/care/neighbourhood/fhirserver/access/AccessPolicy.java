package care.neighbourhood.fhirserver.access;

import care.neighbourhood.fhirserver.record.RecordElements;
import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * The access decision, in one place and apart from HTTP: for a {@link Caller} (in an
 * {@link AccessContext}) and a record, whether it is shown, withheld or hidden, whether a write is
 * allowed, and on what {@link AccessBasis}. The FHIR endpoint's hooks ask it for every record shown
 * and every write; subscription delivery, export, the portal's "why can I see this?" and the person's
 * own view ask it the same way, with a context that is not an HTTP request.
 *
 * <p>A record about a person is shown only while the caller has a care relationship with every person
 * it names, the data-sharing agreement (or the person's consent) shares its data class with the
 * caller's sector and role, no consent of the person withholds it, and it carries no restricted label
 * the caller may not see. The directory is shown to every member; governance roles see consent
 * decisions and the break-glass review queue, never care records.
 */
@Component
public class AccessPolicy {

    /** What a response wraps records in: shown, since what they contain is judged record by record. */
    private static final Set<String> ENVELOPES = Set.of("Bundle", "OperationOutcome", "Parameters");

    private final Caseloads caseloads;
    private final SharingAgreement agreement;
    private final ConsentDecisions consents;
    private final RecordElements elements;
    private final WriteRules writes;

    private final SubscriptionPolicy subscriptions;
    private final PersonalAccess personal;
    private final PersonalWrites personalWrites;

    AccessPolicy(
            Caseloads caseloads,
            SharingAgreement agreement,
            ConsentDecisions consents,
            RecordElements elements,
            WriteRules writes,
            SubscriptionPolicy subscriptions,
            PersonalAccess personal,
            PersonalWrites personalWrites) {
        this.subscriptions = subscriptions;
        this.personal = personal;
        this.personalWrites = personalWrites;
        this.caseloads = caseloads;
        this.agreement = agreement;
        this.consents = consents;
        this.elements = elements;
        this.writes = writes;
    }

    /** A fresh context for one piece of work by {@code caller} outside an HTTP request. */
    public AccessContext contextFor(Caller caller) {
        return new AccessContext(caller);
    }

    /** What the caller may learn of one record. */
    public Disclosure disclose(AccessContext context, IBaseResource resource) {
        Caller caller = context.caller();
        String type = resource.fhirType();
        if (ENVELOPES.contains(type)) {
            return Disclosure.show(AccessBasis.DIRECTORY_RECORD);
        }
        if (RecordTypes.is(type, RecordTypes.Kind.EXPORT_FILE)) {
            // Holds only what the requester's scopes and the rules allowed when the export ran.
            return ExportPolicy.mayReadFile(caller, resource)
                    ? Disclosure.show(AccessBasis.OWN_EXPORT)
                    : Disclosure.hide("an export's files are for whoever asked for the export");
        }
        if (!SmartScopes.permits(caller.scopes(), type, SmartScopes.Access.READ)) {
            return Disclosure.hide("the token's scopes leave out " + type);
        }
        if (context.answersDemographicLookup() && Demographics.isDemographicsOnly(resource)) {
            return Disclosure.show(AccessBasis.DEMOGRAPHICS_ONLY);
        }
        RecordTypes.Kind kind = RecordTypes.kindOf(type).orElse(null);
        if (kind == RecordTypes.Kind.DIRECTORY) {
            return Disclosure.show(AccessBasis.DIRECTORY_RECORD);
        }
        if (kind == RecordTypes.Kind.GOVERNANCE) {
            return caller.mayReadAuditTrail()
                    ? Disclosure.show(governanceBasis(caller, type))
                    : Disclosure.hide("only governance reads the audit trail");
        }
        if (kind == RecordTypes.Kind.SUBSCRIPTION) {
            return subscriptions.mayRead(caller, resource)
                    ? Disclosure.show(AccessBasis.OWN_SUBSCRIPTION)
                    : Disclosure.hide("a system sees only its own subscriptions");
        }
        if (kind != RecordTypes.Kind.ABOUT_A_PERSON) {
            return Disclosure.hide(type + " is not served");
        }
        if (caller.isPersonal()) {
            return personal.disclose(context, resource, elements.personIdsIn(resource), type);
        }
        if (agreement.isGovernanceOnly(caller)) {
            boolean reviewQueue = resource instanceof Task task
                    && caller.hasRole("ig-officer")
                    && BreakGlassReviewTasks.isReviewTask(task);
            return reviewQueue || agreement.governance().resourceTypes().contains(type)
                    ? Disclosure.show(governanceBasis(caller, type))
                    : Disclosure.hide("governance roles do not read " + type);
        }
        if (resource instanceof Provenance provenance) {
            List<String> people = elements.personIdsIn(provenance);
            return ProvenanceTargets.disclose(
                    provenance,
                    caller.scopes(),
                    targetType -> discloseAboutPeople(context, provenance, people, targetType));
        }
        return discloseAboutPeople(context, resource, elements.personIdsIn(resource), type);
    }

    /**
     * Gets ready to judge several records at once (a page of search results): the caller's
     * relationships with the people they are about, and those people's consents, each read in one
     * query rather than one per person.
     */
    public void beforeDisclosing(AccessContext context, List<IBaseResource> resources) {
        if (resources.size() < 2 || agreement.isGovernanceOnly(context.caller())) {
            return;
        }
        Set<String> people = new LinkedHashSet<>();
        for (IBaseResource resource : resources) {
            if (resource != null && RecordTypes.isAboutAPerson(resource.fhirType())) {
                people.addAll(elements.personIdsIn(resource));
            }
        }
        caseloads.lookUpAll(context, people);
        List<String> related = people.stream()
                .filter(person -> caseloads.with(context, person).isPresent())
                .toList();
        consents.lookUpAll(context, related);
    }

    /** A record about people, judged as a record of {@code type} (its own type, or for a Provenance its target's). */
    private Disclosure discloseAboutPeople(
            AccessContext context, IBaseResource resource, List<String> people, String type) {
        if (people.isEmpty() && TeamMeetings.isTeamMeeting(resource)) {
            return TeamMeetings.attends(context.caller(), (Appointment) resource)
                    ? Disclosure.show(AccessBasis.TEAM_MEETING_ATTENDEE)
                    : Disclosure.hide("only those attending a team meeting see it");
        }
        if (people.isEmpty()) {
            return Disclosure.hide(type + " names no person");
        }
        List<CareRelationship> relationships = new ArrayList<>();
        boolean everyoneConsents = true;
        for (String person : people) {
            Optional<CareRelationship> relationship = caseloads.with(context, person);
            if (relationship.isEmpty()) {
                return Disclosure.hide("no care relationship with the person");
            }
            relationships.add(relationship.get());
            ConsentDecisions.Effect consent = consents.effectFor(context, person, type);
            if (consent == ConsentDecisions.Effect.DENY) {
                return Disclosure.withhold(
                        Disclosure.WithheldBecause.CONSENT, "the person's consent withholds " + type);
            }
            everyoneConsents &= consent == ConsentDecisions.Effect.PERMIT;
        }
        Caller caller = context.caller();
        boolean agreed = agreement.mayRead(caller, type);
        if (!agreed && !everyoneConsents) {
            return Disclosure.withhold(
                    Disclosure.WithheldBecause.AGREEMENT,
                    "the sharing agreement does not share " + type + " with this caller");
        }
        if (isRestricted(resource) && !agreement.maySeeRestricted(caller)) {
            return Disclosure.withhold(Disclosure.WithheldBecause.RESTRICTED, "labelled restricted");
        }
        return Disclosure.show(AccessBasis.careRelationship(relationships, clauseFor(type), !agreed));
    }

    /**
     * The basis on which the caller sees or writes a record they have been allowed: the relationship
     * with each person it names, the agreement clause and any consent behind it.
     */
    public AccessBasis basisOf(AccessContext context, IBaseResource resource) {
        String type = resource.fhirType();
        if (context.answersDemographicLookup() && Demographics.isDemographicsOnly(resource)) {
            return AccessBasis.DEMOGRAPHICS_ONLY;
        }
        if (RecordTypes.is(type, RecordTypes.Kind.EXPORT_FILE)) {
            return AccessBasis.OWN_EXPORT;
        }
        if (!RecordTypes.isAboutAPerson(type)) {
            return RecordTypes.is(type, RecordTypes.Kind.GOVERNANCE)
                    ? governanceBasis(context.caller(), type)
                    : AccessBasis.DIRECTORY_RECORD;
        }
        if (agreement.isGovernanceOnly(context.caller())) {
            return governanceBasis(context.caller(), type);
        }
        if (context.caller().isPersonal()) {
            return personal.basisOf(context, type, false);
        }
        if (TeamMeetings.isTeamMeeting(resource)
                && elements.personIdsIn(resource).isEmpty()) {
            return AccessBasis.TEAM_MEETING_ATTENDEE;
        }
        List<CareRelationship> relationships = new ArrayList<>();
        for (String person : elements.personIdsIn(resource)) {
            relationships.add(
                    caseloads.with(context, person).orElse(new CareRelationship(person, List.of(), List.of(), false)));
        }
        String judgedAs = ProvenanceTargets.judgedAs(resource);
        return AccessBasis.careRelationship(
                relationships, clauseFor(judgedAs), !agreement.mayRead(context.caller(), judgedAs));
    }

    /** From now on the context answers a demographic look-up (see {@link Demographics}). */
    public void answerDemographicLookup(AccessContext context) {
        if (Demographics.refusalToLookUp(context.caller()).isPresent()) {
            throw new IllegalStateException("the caller may not look people up");
        }
        context.answerDemographicLookup();
    }

    /** Whether the caller may create the record (see {@link WriteRules}), and on what basis. */
    public WriteDecision mayCreate(AccessContext context, IBaseResource resource) {
        if (context.caller().isPersonal()) {
            return personalDecision(context, resource, personalWrites.refusalToWrite(context, null, resource));
        }
        return decision(context, resource, writes.refusalToCreate(context, resource));
    }

    /** Whether the caller may change the record from {@code previous} to {@code proposed}. */
    public WriteDecision mayUpdate(AccessContext context, IBaseResource previous, IBaseResource proposed) {
        if (context.caller().isPersonal()) {
            return personalDecision(context, proposed, personalWrites.refusalToWrite(context, previous, proposed));
        }
        return decision(context, proposed, writes.refusalToUpdate(context, previous, proposed));
    }

    public WriteDecision mayDelete(AccessContext context, IBaseResource resource) {
        if (context.caller().isPersonal()) {
            return personalDecision(context, resource, personalWrites.refusalToDelete());
        }
        return decision(context, resource, writes.refusalToDelete(context, resource));
    }

    /** A person or carer is told why a write of their own record is refused: it holds nothing of others'. */
    private WriteDecision personalDecision(AccessContext context, IBaseResource resource, Optional<String> refusal) {
        return refusal.map(WriteDecision::refuseSaying)
                .orElseGet(() -> WriteDecision.allow(personal.basisOf(context, resource.fhirType(), true)));
    }

    private WriteDecision decision(AccessContext context, IBaseResource resource, Optional<String> refusal) {
        if (RecordTypes.is(resource.fhirType(), RecordTypes.Kind.SUBSCRIPTION)) {
            // about the caller's own subscription and what it asks for: the caller is told why
            return refusal.map(WriteDecision::refuseSaying)
                    .orElseGet(() -> WriteDecision.allow(AccessBasis.OWN_SUBSCRIPTION));
        }
        return refusal.map(WriteDecision::refuse).orElseGet(() -> WriteDecision.allow(basisOf(context, resource)));
    }

    /** The caller's care relationship with one person, if any. */
    public Optional<CareRelationship> relationshipWith(AccessContext context, String personId) {
        return caseloads.with(context, personId);
    }

    /** The caller's every role is a governance role: they review access and never read care records. */
    public boolean isGovernanceOnly(Caller caller) {
        return agreement.isGovernanceOnly(caller);
    }

    /** Governance reads these types without a care relationship (consent decisions). */
    public boolean governanceReads(String resourceType) {
        return agreement.governance().resourceTypes().contains(resourceType);
    }

    boolean isRestricted(IBaseResource resource) {
        return resource.getMeta().getSecurity().stream()
                .anyMatch(label -> agreement.isRestricted(label.getSystem(), label.getCode()));
    }

    private AccessBasis governanceBasis(Caller caller, String type) {
        return AccessBasis.governance(caller.roles().stream().sorted().toList(), clauseFor(type));
    }

    private String clauseFor(String type) {
        return "agreement " + agreement.id() + " v" + agreement.version() + " "
                + agreement.dataClassOf(type).orElse("none");
    }
}
