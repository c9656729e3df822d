package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.meetings.Discussion;
import care.neighbourhood.portal.meetings.MeetingNotSavedException;
import care.neighbourhood.portal.meetings.MeetingPlan;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * What scheduling a meeting and recording its outcome write, each as one FHIR transaction with the
 * user's own token: the meeting with an agenda item per person; and the discussed agenda items (each
 * updated only from the version the user saw) with a Task for every decision. All of it is stored, or
 * none.
 */
@Component
class MeetingWrites {

    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

    private final FhirSearches searches;
    private final IGenericClient client;
    private final Clock clock;

    MeetingWrites(FhirSearches searches, IGenericClient client, Clock clock) {
        this.searches = searches;
        this.client = client;
        this.clock = clock;
    }

    String schedule(CurrentUser user, MeetingPlan plan, CareTeamCandidates.Candidates directory) {
        Map<String, Patient> people = peopleOnCaseload(plan.nhsNumbers());
        List<String> missing = plan.nhsNumbers().stream()
                .filter(number -> !people.containsKey(number))
                .map(number -> number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6))
                .toList();
        if (!missing.isEmpty()) {
            throw new MeetingNotSavedException("Nobody on your caseload has the NHS number "
                    + String.join(", ", missing)
                    + ". You can put on the agenda only people whose records you may see.");
        }
        Date start = Date.from(plan.start().atZone(FhirDates.LONDON).toInstant());
        Date end = Date.from(plan.start()
                .plusMinutes(plan.minutes())
                .atZone(FhirDates.LONDON)
                .toInstant());
        String meetingUrn = "urn:uuid:" + UUID.randomUUID();
        Appointment meeting = new Appointment()
                .setStatus(Appointment.AppointmentStatus.BOOKED)
                .setDescription(plan.title())
                .setStart(start)
                .setEnd(end)
                .setMinutesDuration(plan.minutes())
                .setCreated(Date.from(clock.instant()));
        meeting.getAppointmentType()
                .addCoding(new Coding(FhirMeetings.TYPE_SYSTEM, FhirMeetings.TEAM_MEETING, "Team meeting"));
        attend(meeting, user.practitionerReference(), user.displayName());
        for (String attendee : plan.attendees()) {
            directory.role(attendee).ifPresent(role -> attend(meeting, practitionerOf(role), nameOf(role, directory)));
        }
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        post(transaction, meetingUrn, meeting);
        for (String number : plan.nhsNumbers()) {
            String itemUrn = "urn:uuid:" + UUID.randomUUID();
            Appointment item = new Appointment()
                    .setStatus(Appointment.AppointmentStatus.BOOKED)
                    .setDescription("Discussion at " + plan.title())
                    .setStart(start)
                    .setEnd(end);
            item.getAppointmentType()
                    .addCoding(new Coding(
                            FhirMeetings.TYPE_SYSTEM, FhirMeetings.AGENDA_ITEM, "Discussed at a team meeting"));
            item.addParticipant()
                    .setActor(new Reference(
                            "Patient/" + people.get(number).getIdElement().getIdPart()))
                    .setRequired(Appointment.ParticipantRequired.INFORMATIONONLY)
                    .setStatus(Appointment.ParticipationStatus.NEEDSACTION);
            item.addSupportingInformation(new Reference(meetingUrn));
            meeting.addSupportingInformation(new Reference(itemUrn));
            post(transaction, itemUrn, item);
        }
        Bundle response = send(transaction, "scheduling the team meeting");
        return new IdType(response.getEntryFirstRep().getResponse().getLocation()).getIdPart();
    }

    int recordOutcome(
            CurrentUser user,
            Appointment meeting,
            List<Discussion> discussions,
            CareTeamCandidates.Candidates directory) {
        Map<String, Appointment> items = currentItems(discussions);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        int tasks = 0;
        for (Discussion discussion : discussions) {
            Appointment item = items.get(discussion.itemId());
            if (item == null
                    || !discussion.itemVersion().equals(item.getMeta().getVersionId())
                    || item.getStatus() == Appointment.AppointmentStatus.FULFILLED) {
                throw new MeetingNotSavedException("Someone recorded the discussion of a person on the agenda while you"
                        + " were writing. Nothing was saved: the agenda below is as it now is, and what you wrote is"
                        + " still in the form.");
            }
            String person = item.getParticipant().stream()
                    .map(participant -> ResourceIndex.referenceOf(participant.getActor()))
                    .filter(reference -> reference != null && reference.startsWith("Patient/"))
                    .findFirst()
                    .orElseThrow(() -> new MeetingNotSavedException("An agenda item names no person."));
            item.setComment(discussion.summary()).setStatus(Appointment.AppointmentStatus.FULFILLED);
            put(transaction, item, discussion.itemVersion());
            for (Discussion.Decision decision : discussion.decisions()) {
                post(
                        transaction,
                        "urn:uuid:" + UUID.randomUUID(),
                        task(user, meeting, item, person, decision, directory));
                tasks++;
            }
        }
        send(transaction, "recording the meeting's decisions");
        return tasks;
    }

    private Task task(
            CurrentUser user,
            Appointment meeting,
            Appointment item,
            String person,
            Discussion.Decision decision,
            CareTeamCandidates.Candidates directory) {
        Task task = new Task()
                .setStatus(Task.TaskStatus.REQUESTED)
                .setIntent(Task.TaskIntent.ORDER)
                .setPriority(Task.TaskPriority.fromCode(decision.priority()))
                .setFor(new Reference(person))
                .setRequester(new Reference(user.practitionerReference()))
                .setDescription(decision.what())
                .setAuthoredOn(Date.from(clock.instant()));
        task.addBasedOn(new Reference("Appointment/" + item.getIdElement().getIdPart()));
        task.getReasonCode()
                .setText("Decided at " + meeting.getDescription() + " on "
                        + FhirDates.forDisplay(meeting.getStartElement()));
        task.getRestriction()
                .setPeriod(new Period()
                        .setEndElement(new DateTimeType(decision.due().toString())));
        if (decision.owner().startsWith("PractitionerRole/")) {
            PractitionerRole role = directory
                    .role(decision.owner())
                    .orElseThrow(
                            () -> new MeetingNotSavedException("That member of staff is no longer in the directory."));
            task.setOwner(new Reference(ResourceIndex.referenceOf(role.getOrganization())));
            task.addExtension(
                    FhirMeetings.NAMED_PRACTITIONER,
                    new Reference(practitionerOf(role))
                            .setDisplay(directory.names().nameOf(role.getPractitioner())));
        } else {
            task.setOwner(new Reference(decision.owner()));
        }
        return task;
    }

    private Map<String, Patient> peopleOnCaseload(List<String> nhsNumbers) {
        List<Resource> found = searches.all(
                "finding the people to discuss",
                c -> c.search()
                        .forResource(Patient.class)
                        .where(Patient.IDENTIFIER.exactly().systemAndValues(NHS_NUMBER, nhsNumbers))
                        .returnBundle(Bundle.class));
        Map<String, Patient> byNumber = new LinkedHashMap<>();
        for (Resource resource : found) {
            if (resource instanceof Patient patient && PatientFacts.nhsNumber(patient) != null) {
                byNumber.putIfAbsent(PatientFacts.nhsNumber(patient), patient);
            }
        }
        return byNumber;
    }

    private Map<String, Appointment> currentItems(List<Discussion> discussions) {
        List<String> ids = discussions.stream().map(Discussion::itemId).toList();
        Map<String, Appointment> items = new LinkedHashMap<>();
        searches
                .all(
                        "reading the agenda items",
                        c -> c.search()
                                .forResource(Appointment.class)
                                .where(Appointment.RES_ID.exactly().codes(ids))
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Appointment.class::isInstance)
                .map(Appointment.class::cast)
                .forEach(item -> items.put(item.getIdElement().getIdPart(), item));
        return items;
    }

    private static void attend(Appointment meeting, String practitioner, String name) {
        boolean already = meeting.getParticipant().stream()
                .anyMatch(participant -> practitioner.equals(ResourceIndex.referenceOf(participant.getActor())));
        if (!already) {
            meeting.addParticipant()
                    .setActor(new Reference(practitioner).setDisplay(name))
                    .setRequired(Appointment.ParticipantRequired.REQUIRED)
                    .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        }
    }

    private static String practitionerOf(PractitionerRole role) {
        return ResourceIndex.referenceOf(role.getPractitioner());
    }

    private static String nameOf(PractitionerRole role, CareTeamCandidates.Candidates directory) {
        return directory.names().nameOf(role.getPractitioner()) + ", "
                + directory.names().nameOf(role.getOrganization());
    }

    private static void post(Bundle transaction, String fullUrl, Resource resource) {
        transaction
                .addEntry()
                .setFullUrl(fullUrl)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType());
    }

    private static void put(Bundle transaction, Resource resource, String seenVersion) {
        String id = resource.getIdElement().getIdPart();
        resource.setId(new IdType(resource.fhirType(), id));
        resource.getMeta().setVersionId(null);
        transaction
                .addEntry()
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(resource.fhirType() + "/" + id)
                .setIfMatch("W/\"" + seenVersion + "\"");
    }

    private Bundle send(Bundle transaction, String action) {
        try {
            return client.transaction().withBundle(transaction).execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            FhirServiceException failure = FhirFailures.translate(action, e);
            throw switch (failure.statusCode()) {
                case 409, 412 ->
                    new MeetingNotSavedException("Someone changed the meeting's agenda while you were"
                            + " writing. Nothing was saved: the agenda below is as it now is.");
                case 403 ->
                    new MeetingNotSavedException(
                            "The shared care record did not let you do this. Nothing" + " was saved.");
                default ->
                    failure.reason() == FhirServiceException.Reason.REJECTED
                            ? new MeetingNotSavedException(
                                    "The shared care record could not take this. Nothing was saved.")
                            : failure;
            };
        }
    }
}
