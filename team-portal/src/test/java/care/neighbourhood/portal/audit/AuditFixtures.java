package care.neighbourhood.portal.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/** FHIR answers shaped as docs/audit.md describes them, for the stand-in server. */
final class AuditFixtures {

    static final String TEAM_ROLE = "https://neighbourhood.example/fhir/CodeSystem/team-role";
    static final String AGENT_ORGANISATION =
            "https://neighbourhood.example/fhir/StructureDefinition/agent-organisation";

    private AuditFixtures() {}

    /** A read of a person's record by a member of staff, allowed on a care-team basis. */
    static AuditEvent read(String id, String recorded, String login, String organisation, String role, String basis) {
        AuditEvent event = new AuditEvent();
        event.setId(id);
        event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", null));
        event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", "read", null));
        event.setAction(AuditEvent.AuditEventAction.R);
        event.setRecorded(Date.from(Instant.parse(recorded)));
        event.setOutcome(AuditEventOutcome._0);
        event.setOutcomeDesc("200 OK");
        event.addPurposeOfEvent(
                new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null)));
        AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        agent.setWho(new Reference("Practitioner/" + login.replace('.', '-')).setDisplay(login));
        agent.addRole(new CodeableConcept(new Coding(TEAM_ROLE, role, null)));
        agent.addExtension(AGENT_ORGANISATION, new Reference("Organization/" + organisation));
        event.addEntity()
                .setWhat(new Reference("Patient/p-ellis"))
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", null));
        var person = event.addEntity()
                .setWhat(new Reference("Patient/p-ellis"))
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", null))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", null));
        person.addDetail().setType("access-basis").setValue(new StringType(basis));
        person.addDetail().setType("data-organisation").setValue(new StringType("Organization/riverside-practice"));
        return event;
    }

    /** A search refused with 403. */
    static AuditEvent deniedSearch(String id, String recorded, String login, String organisation, String query) {
        AuditEvent event = new AuditEvent();
        event.setId(id);
        event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", "search-type", null));
        event.setRecorded(Date.from(Instant.parse(recorded)));
        event.setOutcome(AuditEventOutcome._4);
        event.setOutcomeDesc("403 Access denied");
        AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        agent.setWho(new Reference("Practitioner/" + login.replace('.', '-')).setDisplay(login));
        agent.addRole(new CodeableConcept(new Coding(TEAM_ROLE, "support-worker", null)));
        agent.addExtension(AGENT_ORGANISATION, new Reference("Organization/" + organisation));
        event.addEntity()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", null))
                .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", null))
                .setQuery(query.getBytes(StandardCharsets.UTF_8))
                .setDescription(query);
        return event;
    }

    /** An audit event with nothing in it but its id. */
    static AuditEvent bare(String id) {
        AuditEvent event = new AuditEvent();
        event.setId(id);
        return event;
    }

    static Bundle searchset(Integer total, String nextUrl, Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        if (total != null) {
            bundle.setTotal(total);
        }
        if (nextUrl != null) {
            bundle.addLink().setRelation("next").setUrl(nextUrl);
        }
        for (Resource resource : resources) {
            bundle.addEntry()
                    .setFullUrl("http://fhir.test/fhir/" + resource.fhirType() + "/"
                            + resource.getIdElement().getIdPart())
                    .setResource(resource)
                    .getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    static Bundle organisations() {
        return searchset(
                null,
                null,
                organisation("northbank-community", "Northbank Community Health Trust"),
                organisation("riverside-practice", "Riverside Medical Practice"),
                organisation("city-council-asc", "City Council Adult Social Care"),
                organisation("age-well", "Age Well Northbank"));
    }

    static Organization organisation(String code, String name) {
        Organization organisation = new Organization().setName(name);
        organisation.setId(code);
        return organisation;
    }

    static Parameters crossBoundary(List<Object[]> rows) {
        Parameters result = new Parameters();
        result.addParameter().setName("period").setValue(new StringType("week"));
        for (Object[] row : rows) {
            ParametersParameterComponent parameter = result.addParameter().setName("row");
            parameter.addPart().setName("period").setValue(new DateType((String) row[0]));
            parameter.addPart().setName("accessingOrganisation").setValue(new StringType((String) row[1]));
            parameter.addPart().setName("accessingSector").setValue(new StringType((String) row[2]));
            parameter.addPart().setName("dataOrganisation").setValue(new StringType((String) row[3]));
            parameter.addPart().setName("dataSector").setValue(new StringType((String) row[4]));
            parameter.addPart().setName("count").setValue(new IntegerType((Integer) row[5]));
        }
        return result;
    }

    static Task breakGlassReview(String id, String person, String requester, String authoredOn, String reason) {
        Task task = new Task();
        task.setId(id);
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(
                new Coding("https://neighbourhood.example/fhir/CodeSystem/task-code", "break-glass-review", null)));
        task.setDescription("Review emergency access: " + reason);
        task.setFor(new Reference(person));
        task.setRequester(new Reference(requester));
        if (authoredOn != null) {
            task.setAuthoredOn(Date.from(Instant.parse(authoredOn)));
        }
        if (reason != null) {
            task.setReasonCode(new CodeableConcept().setText(reason));
        }
        return task;
    }

    static Parameters agreement(String document) {
        Parameters result = new Parameters();
        result.addParameter().setName("id").setValue(new StringType("northbank-neighbourhood"));
        result.addParameter().setName("version").setValue(new IntegerType(3));
        result.addParameter()
                .setName("title")
                .setValue(new StringType("Northbank integrated neighbourhood team – data-sharing agreement"));
        result.addParameter().setName("effective").setValue(new StringType("2026-11-01"));
        result.addParameter().setName("document").setValue(new StringType(document));
        return result;
    }

    static CodeType code(String value) {
        return new CodeType(value);
    }
}
