package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.meetings.Discussion;
import care.neighbourhood.portal.meetings.Meeting;
import care.neighbourhood.portal.meetings.MeetingChoices;
import care.neighbourhood.portal.meetings.MeetingListed;
import care.neighbourhood.portal.meetings.MeetingPlan;
import care.neighbourhood.portal.meetings.Meetings;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * Team meetings as the FHIR server keeps them, read with the user's own token (the server shows a
 * meeting only to those who attend it, and an agenda item only to those with a care relationship with
 * its person): a meeting is an Appointment of the team-meeting type naming its attendees and, in
 * {@code supportingInformation}, its agenda items; each agenda item an Appointment about one person,
 * naming the meeting; each decision a Task {@code basedOn} the agenda item. A meeting page costs three
 * calls: the meeting, its agenda items with their people, and the decisions.
 */
@Service
class FhirMeetings implements Meetings {

    static final String TYPE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/appointment-type";
    static final String TEAM_MEETING = "team-meeting";
    static final String AGENDA_ITEM = "team-meeting-discussion";
    static final String NAMED_PRACTITIONER =
            "https://neighbourhood.example/fhir/StructureDefinition/named-practitioner";

    private final FhirSearches searches;
    private final CareTeamCandidates candidates;
    private final OrganisationDirectory organisations;
    private final MeetingWrites writes;

    FhirMeetings(
            FhirSearches searches,
            CareTeamCandidates candidates,
            OrganisationDirectory organisations,
            MeetingWrites writes) {
        this.searches = searches;
        this.candidates = candidates;
        this.organisations = organisations;
        this.writes = writes;
    }

    @Override
    public List<MeetingListed> meetingsOf(CurrentUser user) {
        return searches
                .all(
                        "searching your team meetings",
                        client -> client.search()
                                .forResource(Appointment.class)
                                .where(Appointment.APPOINTMENT_TYPE.exactly().systemAndCode(TYPE_SYSTEM, TEAM_MEETING))
                                .sort()
                                .descending(Appointment.DATE)
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Appointment.class::isInstance)
                .map(Appointment.class::cast)
                .map(meeting -> new MeetingListed(
                        meeting.getIdElement().getIdPart(),
                        meeting.getDescription(),
                        zoned(meeting.getStart()),
                        meeting.getParticipant().size(),
                        meeting.getSupportingInformation().size(),
                        meeting.getStatus() == Appointment.AppointmentStatus.FULFILLED
                                || (meeting.hasEnd() && meeting.getEnd().before(new java.util.Date()))))
                .toList();
    }

    @Override
    public MeetingChoices choices(CurrentUser user) {
        CareTeamCandidates.Candidates found = candidates.current();
        List<MeetingChoices.Choice> staff = found.staff().stream()
                .map(choice -> new MeetingChoices.Choice(choice.value(), choice.label()))
                .toList();
        List<MeetingChoices.Choice> owners = new ArrayList<>();
        found.organisations().stream()
                .map(choice -> new MeetingChoices.Choice(choice.value(), choice.label() + " (for its team to take)"))
                .forEach(owners::add);
        owners.addAll(staff);
        return new MeetingChoices(staff, owners);
    }

    @Override
    public String schedule(CurrentUser user, MeetingPlan plan) {
        return writes.schedule(user, plan, candidates.current());
    }

    @Override
    public int recordOutcome(CurrentUser user, String meetingId, List<Discussion> discussions) {
        return writes.recordOutcome(user, readMeeting(meetingId), discussions, candidates.current());
    }

    @Override
    public Meeting meeting(CurrentUser user, String id) {
        Appointment meeting = readMeeting(id);
        List<String> itemIds = meeting.getSupportingInformation().stream()
                .map(ResourceIndex::referenceOf)
                .filter(reference -> reference != null && reference.startsWith("Appointment/"))
                .map(ResourceIndex::idPart)
                .toList();
        ResourceIndex found = new ResourceIndex(itemIds.isEmpty() ? List.of() : agendaOf(itemIds));
        List<Appointment> items = itemIds.stream()
                .map(item ->
                        found.find("Appointment/" + item, Appointment.class).orElse(null))
                .filter(item -> item != null && isAgendaItemOf(item, id))
                .toList();
        Map<String, List<Meeting.DecisionMade>> decisions = decisionsAbout(items);
        List<Meeting.AgendaItem> agenda = new ArrayList<>();
        for (Appointment item : items) {
            Patient person = personOf(item, found);
            agenda.add(new Meeting.AgendaItem(
                    item.getIdElement().getIdPart(),
                    item.getMeta().getVersionId(),
                    person == null ? null : person.getIdElement().getIdPart(),
                    person == null ? "Name not recorded" : PatientFacts.listName(person),
                    person == null ? null : PatientFacts.nhsNumber(person),
                    item.getStatus() == Appointment.AppointmentStatus.FULFILLED,
                    item.getComment(),
                    decisions.getOrDefault(item.getIdElement().getIdPart(), List.of())));
        }
        return new Meeting(
                id,
                meeting.getDescription(),
                zoned(meeting.getStart()),
                zoned(meeting.getEnd()),
                meeting.getParticipant().stream()
                        .map(participant -> participant.getActor().hasDisplay()
                                ? participant.getActor().getDisplay()
                                : participant.getActor().getReference())
                        .toList(),
                agenda,
                itemIds.size() - agenda.size());
    }

    /** The meeting, if the server shows it and it is a team meeting. */
    Appointment readMeeting(String id) {
        Appointment meeting =
                searches.read("reading the team meeting", Appointment.class, id).resource();
        boolean teamMeeting = meeting.getAppointmentType().getCoding().stream()
                .anyMatch(coding -> TYPE_SYSTEM.equals(coding.getSystem()) && TEAM_MEETING.equals(coding.getCode()));
        if (!teamMeeting) {
            throw new FhirServiceException(
                    FhirServiceException.Reason.NOT_FOUND, 404, "Appointment/" + id + " is not a team meeting", null);
        }
        return meeting;
    }

    private List<Resource> agendaOf(List<String> itemIds) {
        return searches.all(
                "reading the meeting's agenda",
                client -> client.search()
                        .forResource(Appointment.class)
                        .where(Appointment.RES_ID.exactly().codes(itemIds))
                        .include(Appointment.INCLUDE_PATIENT)
                        .returnBundle(Bundle.class));
    }

    private Map<String, List<Meeting.DecisionMade>> decisionsAbout(List<Appointment> items) {
        List<String> discussed = items.stream()
                .filter(item -> item.getStatus() == Appointment.AppointmentStatus.FULFILLED)
                .map(item -> "Appointment/" + item.getIdElement().getIdPart())
                .toList();
        if (discussed.isEmpty()) {
            return Map.of();
        }
        List<Task> tasks = searches
                .all(
                        "reading the meeting's decisions",
                        client -> client.search()
                                .forResource(Task.class)
                                .where(Task.BASED_ON.hasAnyOfIds(discussed))
                                .sort()
                                .ascending("_id")
                                .returnBundle(Bundle.class))
                .stream()
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .toList();
        Map<String, String> names = organisations.namesOf(tasks.stream()
                .map(task -> ResourceIndex.referenceOf(task.getOwner()))
                .filter(owner -> owner != null && owner.startsWith("Organization/"))
                .map(ResourceIndex::idPart)
                .distinct()
                .toList());
        Map<String, List<Meeting.DecisionMade>> byItem = new LinkedHashMap<>();
        for (Task task : tasks) {
            for (Reference basis : task.getBasedOn()) {
                String item = ResourceIndex.referenceOf(basis);
                if (item != null && discussed.contains(item)) {
                    byItem.computeIfAbsent(ResourceIndex.idPart(item), key -> new ArrayList<>())
                            .add(decision(task, names));
                }
            }
        }
        return byItem;
    }

    private static Meeting.DecisionMade decision(Task task, Map<String, String> names) {
        String owner = ResourceIndex.referenceOf(task.getOwner());
        String ownerName = owner == null ? "Nobody yet" : names.getOrDefault(ResourceIndex.idPart(owner), owner);
        var named = task.getExtensionByUrl(NAMED_PRACTITIONER);
        if (named != null && named.getValue() instanceof Reference practitioner && practitioner.hasDisplay()) {
            ownerName = practitioner.getDisplay() + ", " + ownerName;
        }
        return new Meeting.DecisionMade(
                task.getIdElement().getIdPart(),
                task.getDescription(),
                ownerName,
                FhirDates.lastDay(task.getRestriction().getPeriod().getEndElement()),
                task.hasPriority() ? task.getPriority().toCode() : "routine",
                task.hasStatus() ? task.getStatus().toCode() : null);
    }

    private static boolean isAgendaItemOf(Appointment item, String meetingId) {
        return item.getSupportingInformation().stream()
                .anyMatch(reference -> ("Appointment/" + meetingId).equals(ResourceIndex.referenceOf(reference)));
    }

    private static Patient personOf(Appointment item, ResourceIndex found) {
        return item.getParticipant().stream()
                .map(participant -> ResourceIndex.referenceOf(participant.getActor()))
                .filter(reference -> reference != null && reference.startsWith("Patient/"))
                .findFirst()
                .flatMap(reference -> found.find(reference, Patient.class))
                .orElse(null);
    }

    private static ZonedDateTime zoned(java.util.Date date) {
        return date == null ? null : date.toInstant().atZone(FhirDates.LONDON);
    }
}
