package care.neighbourhood.fhirserver.audit;

import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** An audit record as a FHIR AuditEvent shaped after IHE Basic Audit Log Patterns (see docs/audit.md). */
public final class AuditEventMapper {

    public static final String EXTENSION_BASE = "https://neighbourhood.example/fhir/StructureDefinition/";
    public static final String AGENT_ORGANISATION = EXTENSION_BASE + "agent-organisation";
    public static final String AGENT_SECTOR = EXTENSION_BASE + "agent-sector";
    public static final String REQUEST_ID = EXTENSION_BASE + "request-id";
    public static final String ROLE_SYSTEM = "https://neighbourhood.example/fhir/CodeSystem/team-role";
    static final String PURPOSE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    private AuditEventMapper() {}

    public static AuditEvent toAuditEvent(AuditRecord record) {
        AuditEvent event = new AuditEvent();
        event.setId(record.id());
        event.addExtension(REQUEST_ID, new StringType(record.requestId()));
        event.setType(
                new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        event.addSubtype(
                new Coding("http://hl7.org/fhir/restful-interaction", record.interaction(), record.interaction()));
        event.setAction(AuditEvent.AuditEventAction.fromCode(record.action()));
        event.setRecorded(Date.from(record.recorded()));
        event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(String.valueOf(record.outcome())));
        event.setOutcomeDesc(record.outcomeDescription());
        if (record.purpose() != null) {
            event.addPurposeOfEvent(
                    new CodeableConcept(new Coding(PURPOSE_SYSTEM, record.purpose(), purposeText(record.purpose()))));
        }
        event.addAgent(requestor(record));
        if (record.clientId() != null) {
            AuditEventAgentComponent client = event.addAgent();
            client.setType(new CodeableConcept(
                    new Coding("http://dicom.nema.org/resources/ontology/DCM", "110150", "Application")));
            client.setWho(new Reference()
                    .setDisplay(record.clientId())
                    .setIdentifier(new Identifier().setValue(record.clientId())));
            client.setRequestor(false);
            if (record.clientAddress() != null) {
                client.getNetwork()
                        .setAddress(record.clientAddress())
                        .setType(AuditEvent.AuditEventAgentNetworkType._2);
            }
        }
        event.getSource().setObserver(new Reference().setDisplay("fhir-server")).setSite("Neighbourhood Workspace");
        if (record.query() != null) {
            AuditEventEntityComponent query = event.addEntity();
            query.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
            query.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"));
            query.setQuery(record.query().getBytes(StandardCharsets.UTF_8));
            query.setDescription(record.query());
        }
        if (record.resource() != null) {
            AuditEventEntityComponent resource = event.addEntity();
            resource.setType(
                    new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
            resource.setWhat(new Reference().setReference(record.resource()));
        }
        for (AuditPerson person : record.people()) {
            AuditEventEntityComponent entity = event.addEntity();
            Reference what = new Reference("Patient/" + person.personId());
            if (person.nhsNumber() != null) {
                what.setIdentifier(new Identifier()
                        .setSystem(PersonIdentifiers.NHS_NUMBER_SYSTEM)
                        .setValue(person.nhsNumber()));
            }
            entity.setWhat(what);
            entity.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"));
            entity.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
            detail(entity, "access-basis", person.basis());
            detail(entity, "data-organisation", person.dataOrganisation());
            detail(entity, "data-sector", person.dataSector());
        }
        return event;
    }

    private static AuditEventAgentComponent requestor(AuditRecord record) {
        AuditEventAgentComponent agent = new AuditEventAgentComponent();
        agent.setRequestor(true);
        Reference who = new Reference();
        if (record.agentPractitioner() != null) {
            who.setReference(record.agentPractitioner());
            agent.setType(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user")));
        } else if (record.agentSubject() != null) {
            agent.setType(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/extra-security-role-type",
                    "dataprocessor",
                    "data processor")));
        }
        if (record.agentSubject() != null) {
            int bar = record.agentSubject().lastIndexOf('|');
            who.setIdentifier(new Identifier()
                    .setSystem(bar > 0 ? record.agentSubject().substring(0, bar) : null)
                    .setValue(bar > 0 ? record.agentSubject().substring(bar + 1) : record.agentSubject()));
        }
        who.setDisplay(record.agentName() == null ? "unauthenticated" : record.agentName());
        agent.setWho(who);
        if (record.agentRoles() != null && !record.agentRoles().isBlank()) {
            for (String role : record.agentRoles().split(",")) {
                agent.addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, role, role)));
            }
        }
        if (record.organisation() != null) {
            agent.addExtension(AGENT_ORGANISATION, new Reference("Organization/" + record.organisation()));
        }
        if (record.sector() != null) {
            agent.addExtension(AGENT_SECTOR, new CodeType(record.sector()));
        }
        if (record.clientAddress() != null && record.clientId() == null) {
            agent.getNetwork().setAddress(record.clientAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        return agent;
    }

    private static void detail(AuditEventEntityComponent entity, String type, String value) {
        if (value != null) {
            entity.addDetail().setType(type).setValue(new StringType(value));
        }
    }

    static String purposeText(String code) {
        return switch (code) {
            case "TREAT" -> "treatment";
            case "CAREMGT" -> "care management";
            case "BTG" -> "break the glass";
            case "HCOMPL" -> "health compliance (audit)";
            case "PATRQT" -> "requested by the person";
            case "FAMRQT" -> "requested by a carer for the person";
            default -> code;
        };
    }
}
