package care.neighbourhood.portal.fhir;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CareTeam.CareTeamParticipantComponent;
import org.hl7.fhir.r4.model.CareTeam.CareTeamStatus;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/** FHIR resources and search answers for the stand-in server. */
final class FhirFixtures {

    /** Monday 9 March 2026, 08:30 in London. */
    static final Clock MONDAY_MORNING = Clock.fixed(Instant.parse("2026-03-09T08:30:00Z"), ZoneId.of("Europe/London"));

    private FhirFixtures() {}

    static Patient patient(String id, String family, String given, String birthDate, String nhsNumber) {
        var patient = new Patient();
        patient.setId("Patient/" + id);
        patient.addName().setUse(NameUse.OFFICIAL).setFamily(family).addGiven(given);
        if (birthDate != null) {
            patient.setBirthDateElement(new DateType(birthDate));
        }
        if (nhsNumber != null) {
            patient.addIdentifier().setSystem(PatientFacts.NHS_NUMBER_SYSTEM).setValue(nhsNumber);
        }
        return patient;
    }

    static Task task(String id, String patient, TaskStatus status) {
        var task = new Task();
        task.setId("Task/" + id);
        task.setStatus(status);
        task.setFor(new Reference(patient));
        return task;
    }

    static Task owned(Task task, String owner, String display) {
        task.setOwner(new Reference(owner).setDisplay(display));
        return task;
    }

    static Task due(Task task, String date) {
        task.getRestriction().setPeriod(new Period().setEndElement(new DateTimeType(date)));
        return task;
    }

    static CareTeam careTeam(String id, String patient, CareTeamParticipantComponent... participants) {
        var team = new CareTeam();
        team.setId("CareTeam/" + id);
        team.setStatus(CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        for (CareTeamParticipantComponent participant : participants) {
            team.addParticipant(participant);
        }
        return team;
    }

    static CareTeamParticipantComponent participant(String member, String display, String start, String end) {
        var participant = new CareTeamParticipantComponent().setMember(new Reference(member).setDisplay(display));
        if (start != null || end != null) {
            var period = new Period();
            if (start != null) {
                period.setStartElement(new DateTimeType(start));
            }
            if (end != null) {
                period.setEndElement(new DateTimeType(end));
            }
            participant.setPeriod(period);
        }
        return participant;
    }

    static Organization organisation(String id, String name) {
        var organisation = new Organization();
        organisation.setId("Organization/" + id);
        organisation.setName(name);
        return organisation;
    }

    /** Marks a resource as brought in by {@code _include} or {@code _revinclude}. */
    static Resource include(Resource resource) {
        resource.setUserData("include", Boolean.TRUE);
        return resource;
    }

    static Bundle bundle(String baseUrl, String next, Resource... resources) {
        var bundle = new Bundle().setType(BundleType.SEARCHSET);
        for (Resource resource : resources) {
            bundle.addEntry()
                    .setFullUrl(baseUrl + "/" + ResourceIndex.referenceTo(resource))
                    .setResource(resource)
                    .getSearch()
                    .setMode(resource.getUserData("include") != null ? SearchEntryMode.INCLUDE : SearchEntryMode.MATCH);
        }
        if (next != null) {
            bundle.addLink().setRelation("next").setUrl(next);
        }
        return bundle;
    }
}
