package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.BreakGlassReviewTasks;
import care.neighbourhood.fhirserver.access.PersonalAccess;
import care.neighbourhood.fhirserver.access.SubscriptionPolicy;
import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Narrows every search, inside the database query, to the records of the people the caller has a
 * care relationship with, so that pages stay full and totals right: by a subquery over the care access
 * table that the database joins on ({@link CaseloadCondition}, ADR 0002), the same for a caseload of
 * fifty people as for fifty thousand. A worklist
 * (open Tasks owned by the caller or their organisation) is within the caseload by construction and
 * gets no list ({@link OwnedOpenTasks}). Governance
 * searches consent decisions across the neighbourhood and the break-glass review queue, nothing else. A
 * search for team meetings, which name no person, keeps to those the caller attends
 * ({@link AttendedTeamMeetings}).
 * What the narrowing lets through is still judged record by record as it is shown.
 */
@Component
public class SearchNarrowing {

    private final AccessContexts contexts;
    private final AccessPolicy policy;
    private final FhirContext fhirContext;
    private final PersonalAccess personal;

    public SearchNarrowing(
            AccessContexts contexts, AccessPolicy policy, FhirContext fhirContext, PersonalAccess personal) {
        this.personal = personal;
        this.contexts = contexts;
        this.policy = policy;
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
    public void narrowSearch(ICachedSearchDetails search, RequestDetails request, SearchParameterMap parameters) {
        Optional<AccessContext> found = contexts.of(request);
        if (found.isEmpty()) {
            return;
        }
        AccessContext context = found.get();
        String type = search.getResourceType();
        if (RecordTypes.isDirectory(type)) {
            return;
        }
        if (RecordTypes.is(type, RecordTypes.Kind.SUBSCRIPTION)) {
            // a system's own subscriptions, by the owner the server recorded on each
            String client = context.caller().isSystem() ? context.caller().clientId() : null;
            if (client == null) {
                throw AccessDenied.because("subscriptions are searched by the systems that own them");
            }
            parameters.add("_tag", new TokenParam(SubscriptionPolicy.OWNER_CLIENT, client));
            return;
        }
        RecordTypes.RecordType recordType = RecordTypes.of(type)
                .filter(t -> t.kind() == RecordTypes.Kind.ABOUT_A_PERSON)
                .orElseThrow(() -> AccessDenied.because("searching " + type + " is not allowed"));
        if (context.caller().isPersonal()) {
            String person = personal.searchablePerson(context)
                    .orElseThrow(
                            () -> AccessDenied.because("no consent of the person lets this carer see their record"));
            narrowToPerson(recordType, person, parameters);
            return;
        }
        if (policy.isGovernanceOnly(context.caller())) {
            narrowForGovernance(type, parameters);
            return;
        }
        List<String> references = context.caller().relationshipReferences();
        if (references.isEmpty()) {
            throw AccessDenied.because("caller has no practitioner or organisation");
        }
        if ("Appointment".equals(type) && AttendedTeamMeetings.asked(parameters)) {
            AttendedTeamMeetings.narrowToAttendedBy(context.caller().practitioner(), parameters);
        } else if ("Task".equals(type) && OwnedOpenTasks.within(parameters, references)) {
            OwnedOpenTasks.leaveOutReviewTasks(parameters); // within the caseload already
        } else {
            narrowToCaseloadOf(recordType, references, parameters);
        }
    }

    private void narrowForGovernance(String type, SearchParameterMap parameters) {
        if (policy.governanceReads(type)) {
            return; // governance reads these across the neighbourhood, without a care relationship
        }
        if ("Task".equals(type)) {
            // the break-glass review queue, and no other Task
            if (!asksOnlyForReviewTasks(parameters)) {
                parameters.add("code", new TokenParam(BreakGlassReviewTasks.CODE_SYSTEM, BreakGlassReviewTasks.CODE));
            }
            return;
        }
        throw AccessDenied.because("governance roles do not read " + type);
    }

    /** The search already has {@code code=<review task code>} as one of its conditions. */
    private static boolean asksOnlyForReviewTasks(SearchParameterMap parameters) {
        List<List<IQueryParameterType>> codes = parameters.get("code");
        return codes != null
                && codes.stream()
                        .anyMatch(or -> or.size() == 1
                                && or.get(0) instanceof TokenParam token
                                && BreakGlassReviewTasks.CODE_SYSTEM.equals(token.getSystem())
                                && BreakGlassReviewTasks.CODE.equals(token.getValue())
                                && token.getModifier() == null);
    }

    /**
     * A person's or carer's search: the records of the one person, by {@code _id} or the person
     * parameter; left as it is when the search already asks for exactly that person.
     */
    private static void narrowToPerson(
            RecordTypes.RecordType recordType, String person, SearchParameterMap parameters) {
        boolean patient = "Patient".equals(recordType.name());
        String name = patient ? "_id" : recordType.personParameter();
        List<List<IQueryParameterType>> asked = parameters.get(name);
        if (asked != null && asked.stream().anyMatch(anyOf -> anyOf.size() == 1 && isExactly(anyOf.get(0), person))) {
            return;
        }
        parameters.add(name, patient ? new TokenParam(person) : new ReferenceParam("Patient/" + person));
    }

    private static boolean isExactly(IQueryParameterType asked, String person) {
        if (asked.getMissing() != null || asked.getQueryParameterQualifier() != null) {
            return false;
        }
        if (asked instanceof TokenParam token) {
            return token.getSystem() == null && person.equals(token.getValue());
        }
        return asked instanceof ReferenceParam reference
                && reference.getChain() == null
                && (reference.getResourceType() == null || "Patient".equals(reference.getResourceType()))
                && person.equals(reference.getIdPart());
    }

    /**
     * {@code _id} for Patient, {@code patient:Patient._id} for the rest (the search parameter that names the
     * person, chained to the Patient's id), each with the {@link CaseloadCondition}.
     */
    private void narrowToCaseloadOf(
            RecordTypes.RecordType recordType, List<String> grantees, SearchParameterMap parameters) {
        if ("Patient".equals(recordType.name())) {
            parameters.add("_id", CaseloadCondition.token(grantees));
        } else {
            ReferenceParam onCaseload = new ReferenceParam();
            onCaseload.setValueAsQueryToken(
                    fhirContext, recordType.personParameter(), ":Patient._id", CaseloadCondition.value(grantees));
            parameters.add(recordType.personParameter(), onCaseload);
        }
    }
}
