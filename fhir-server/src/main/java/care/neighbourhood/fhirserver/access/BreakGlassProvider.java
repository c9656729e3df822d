package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.neighbourhood.fhirserver.access.index.BreakGlassGrants;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Emergency access, in two steps. {@code Patient/$demographic-lookup} finds a person who is not on
 * the caller's caseload and tells no more than that they exist, their name, date of birth and NHS
 * number ({@link DemographicLookup}). {@code POST Patient/[id]/$break-glass} with a {@code reason}
 * then gives the calling practitioner emergency access to that person. It lasts
 * {@link BreakGlassProperties#duration()} (four hours by default), is recorded with purpose of use BTG,
 * and creates a review Task for the information-governance officers.
 */
@Component
public class BreakGlassProvider {

    private final CallerResolver callers;
    private final BreakGlassGrants grants;
    private final DaoRegistry daos;
    private final BreakGlassProperties properties;
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final Clock clock = Clock.systemUTC();

    private final DemographicLookup lookup;

    public BreakGlassProvider(
            CallerResolver callers,
            BreakGlassGrants grants,
            DaoRegistry daos,
            BreakGlassProperties properties,
            DemographicLookup lookup) {
        this.lookup = lookup;
        this.callers = callers;
        this.grants = grants;
        this.daos = daos;
        this.properties = properties;
    }

    /**
     * {@code GET} or {@code POST Patient/$demographic-lookup?identifier=https://fhir.nhs.uk/Id/nhs-number|<n>}
     * or {@code ?family=<name>&birthdate=<YYYY-MM-DD>[&given=<name>]}: a searchset of at most
     * {@value DemographicLookup#MOST_PEOPLE} Patients holding only their names, date of birth and NHS
     * number, each entry saying whether the person is on the caller's caseload.
     */
    @Operation(name = "$demographic-lookup", idempotent = true, type = org.hl7.fhir.r4.model.Patient.class)
    public Bundle demographicLookup(
            @OperationParam(name = "identifier", max = 1) StringType identifier,
            @OperationParam(name = "family", max = 1) StringType family,
            @OperationParam(name = "given", max = 1) StringType given,
            @OperationParam(name = "birthdate", max = 1) StringType birthdate,
            RequestDetails request) {
        Map<String, String[]> asked = new HashMap<>();
        put(asked, "identifier", identifier);
        put(asked, "family", family);
        put(asked, "given", given);
        put(asked, "birthdate", birthdate);
        // The URL as sent (a parameter given twice stays twice), and any other part of a posted body,
        // so that the query refuses what it does not take.
        asked.putAll(request.getParameters());
        if (request.getResource() instanceof Parameters body) {
            body.getParameter().forEach(part -> asked.putIfAbsent(part.getName(), new String[] {"?"}));
        }
        return lookup.lookUp(request, DemographicQuery.from(asked, LocalDate.now(LONDON)));
    }

    private static void put(Map<String, String[]> asked, String name, StringType value) {
        if (value != null) {
            asked.put(name, new String[] {value.getValue()});
        }
    }

    @Operation(name = "$break-glass", idempotent = false, type = org.hl7.fhir.r4.model.Patient.class)
    public Parameters breakGlass(
            @IdParam IdType patient,
            @OperationParam(name = "reason", min = 1, max = 1) StringType reason,
            RequestDetails request) {
        Caller caller = callers.callerOf(request).orElseThrow(() -> AccessDenied.because("break-glass needs a caller"));
        if (caller.practitioner() == null) {
            throw AccessDenied.because("only a member of staff may assert emergency access");
        }
        if (reason == null || reason.getValue() == null || reason.getValue().isBlank()) {
            throw new InvalidRequestException("Give the reason for emergency access in the parameter 'reason'.");
        }
        String personId = patient.getIdPart();
        org.hl7.fhir.r4.model.Patient person = requireExists(personId);

        Instant expires = clock.instant().plus(properties.duration());
        IIdType grant =
                grants.grant(personId, caller.practitioner(), reason.getValue().strip(), expires);
        IIdType review = createReviewTask(person, caller, reason.getValue().strip(), grant, expires);

        Parameters result = new Parameters();
        result.addParameter().setName("expires").setValue(new InstantType(Date.from(expires)));
        result.addParameter().setName("grant").setValue(new Reference(grant.getValue()));
        result.addParameter().setName("reviewTask").setValue(new Reference(review.getValue()));
        return result;
    }

    private IIdType createReviewTask(
            org.hl7.fhir.r4.model.Patient person, Caller caller, String reason, IIdType grant, Instant expires) {
        String personId = person.getIdElement().getIdPart();
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.ROUTINE);
        task.setCode(new CodeableConcept(new Coding(
                BreakGlassReviewTasks.CODE_SYSTEM,
                BreakGlassReviewTasks.CODE,
                "Review an emergency (break-glass) access")));
        task.setDescription("Review emergency access by " + caller.username() + ": " + reason);
        // Named on the Task itself, so the reviewers see whose record it was without reading it.
        task.setFor(new Reference("Patient/" + personId).setDisplay(displayOf(person)));
        task.setFocus(new Reference(grant.getValue()));
        task.setRequester(new Reference(caller.practitioner()).setDisplay(caller.username()));
        task.setOwner(new Reference("Organization/" + properties.reviewOrganisation()));
        task.addPerformerType(new CodeableConcept(
                new Coding("https://neighbourhood.example/fhir/CodeSystem/team-role", "ig-officer", "IG officer")));
        task.setAuthoredOn(Date.from(clock.instant()));
        task.setReasonCode(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "BTG", "break the glass"))
                .setText(reason));
        task.setRestriction(new Task.TaskRestrictionComponent()
                .setPeriod(new Period().setEnd(Date.from(expires.plus(java.time.Duration.ofDays(7))))));
        return daos.getResourceDao("Task")
                .create(task, new SystemRequestDetails())
                .getId()
                .toUnqualifiedVersionless();
    }

    private org.hl7.fhir.r4.model.Patient requireExists(String personId) {
        try {
            return (org.hl7.fhir.r4.model.Patient)
                    daos.getResourceDao("Patient").read(new IdType("Patient", personId), new SystemRequestDetails());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            throw new ResourceNotFoundException(new IdType("Patient", personId));
        }
    }

    private static String displayOf(org.hl7.fhir.r4.model.Patient person) {
        String name = person.getName().isEmpty() ? "" : person.getNameFirstRep().getNameAsSingleString();
        String nhsNumber = person.getIdentifier().stream()
                .filter(identifier -> "https://fhir.nhs.uk/Id/nhs-number".equals(identifier.getSystem()))
                .map(org.hl7.fhir.r4.model.Identifier::getValue)
                .findFirst()
                .orElse(null);
        return nhsNumber == null ? name : (name + " (NHS " + nhsNumber + ")").strip();
    }
}
