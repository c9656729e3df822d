package care.neighbourhood.fhirserver.provenance;

import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.record.RecordElements;
import care.neighbourhood.fhirserver.record.RecordTypes;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;

/**
 * What one transaction's Provenance says: who wrote (agents), what (each record's version), when, and
 * what was done; the people the records are about (an extension the access rules and the
 * {@code person} search parameter read) and the records' security labels.
 */
public final class ProvenanceContent {

    static final String PERSON_EXTENSION = RecordTypes.PROVENANCE_PERSON_EXTENSION;

    static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    static final String AGENT_TYPE = "https://neighbourhood.example/fhir/CodeSystem/provenance-agent-type";
    static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    static final String STAFF = "https://neighbourhood.example/fhir/sid/staff";
    static final String ORGANISATION = "https://neighbourhood.example/fhir/sid/organisation";
    static final String CLIENT = "https://neighbourhood.example/fhir/sid/client";

    private ProvenanceContent() {}

    /** Whether writes of this type are given Provenance: the records the API serves, not Provenance itself. */
    static boolean isRecordedFor(String resourceType) {
        return !"Provenance".equals(resourceType)
                && (RecordTypes.isAboutAPerson(resourceType) || RecordTypes.isDirectory(resourceType));
    }

    static Provenance of(Caller caller, List<WrittenRecord> written, Instant when, RecordElements elements) {
        Provenance provenance = new Provenance();
        Set<String> people = new LinkedHashSet<>();
        Map<String, IBaseCoding> labels = new LinkedHashMap<>();
        for (WrittenRecord record : written) {
            provenance.addTarget(new Reference(versioned(record.resource())));
            people.addAll(elements.personIdsIn(record.resource()));
            for (IBaseCoding label : record.resource().getMeta().getSecurity()) {
                labels.putIfAbsent(label.getSystem() + "|" + label.getCode(), label);
            }
        }
        people.forEach(person -> provenance.addExtension(PERSON_EXTENSION, new Reference("Patient/" + person)));
        labels.values()
                .forEach(label -> provenance
                        .getMeta()
                        .addSecurity(new Coding(label.getSystem(), label.getCode(), label.getDisplay())));
        provenance.setRecorded(Date.from(when));
        provenance.setOccurred(new DateTimeType(Date.from(when)));
        provenance.setActivity(activity(written));
        addAgents(provenance, caller);
        return provenance;
    }

    /** {@code Type/id/_history/version} of the record as written. */
    private static String versioned(IBaseResource resource) {
        IIdType id = resource.getIdElement();
        String version = id.hasVersionIdPart()
                ? id.getVersionIdPart()
                : resource.getMeta().getVersionId();
        return id.toUnqualifiedVersionless().withVersion(version).getValue();
    }

    private static CodeableConcept activity(List<WrittenRecord> written) {
        Set<WrittenRecord.Action> actions =
                written.stream().map(WrittenRecord::action).collect(Collectors.toCollection(LinkedHashSet::new));
        if (actions.size() == 1) {
            WrittenRecord.Action action = actions.iterator().next();
            return new CodeableConcept(new Coding(DATA_OPERATION, action.dataOperation, action.display));
        }
        return new CodeableConcept()
                .setText("transaction: "
                        + actions.stream().map(action -> action.display).collect(Collectors.joining(", ")));
    }

    /**
     * The author: the member of staff (by their staff identifier) or, with no user, the system (by its
     * client id), on behalf of their organisation; and for staff, the application they acted through.
     * Agents are named by identifier rather than by literal reference, as the token names them: the
     * write never fails on a directory entry that is missing or being changed.
     */
    private static void addAgents(Provenance provenance, Caller caller) {
        Provenance.ProvenanceAgentComponent author = provenance.addAgent();
        author.setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "author", "Author")));
        if (caller.isSystem()) {
            author.setWho(logical(CLIENT, caller.clientId()));
        } else if (caller.isPersonal()) {
            // the person or their carer, by the record the token names them as
            author.setWho(new Reference(caller.self()).setDisplay(caller.username()));
        } else {
            author.setWho(logical(STAFF, caller.username()));
        }
        if (caller.organisation() != null) {
            author.setOnBehalfOf(logical(ORGANISATION, caller.organisation()));
        }
        if (!caller.isSystem() && caller.clientId() != null) {
            provenance
                    .addAgent()
                    .setType(new CodeableConcept(
                            new Coding(AGENT_TYPE, "application", "The application the author acted through")))
                    .setWho(logical(CLIENT, caller.clientId()));
        }
    }

    private static Reference logical(String system, String value) {
        if (value == null) {
            return new Reference().setDisplay("not named by the token");
        }
        return new Reference()
                .setIdentifier(new Identifier().setSystem(system).setValue(value))
                .setDisplay(value);
    }
}
