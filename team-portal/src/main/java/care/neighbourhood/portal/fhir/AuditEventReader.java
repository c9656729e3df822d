package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.audit.RecordedAccess;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityDetailComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads the elements of the workspace's audit events (docs/audit.md) into {@link RecordedAccess}. Every
 * element is optional here: what is missing is left blank. No I/O: organisation names are looked up by
 * the caller, with the codes {@link #organisationCodes} lists.
 */
final class AuditEventReader {

    static final String AGENT_ORGANISATION =
            "https://neighbourhood.example/fhir/StructureDefinition/agent-organisation";
    static final String ACCESS_BASIS = "access-basis";
    private static final String PERSON_ENTITY_TYPE = "1";
    private static final String QUERY_ENTITY_ROLE = "24";

    private AuditEventReader() {}

    /**
     * @param event the audit event
     * @param nhsNumber the person the report is about, to pick their access basis out of an event that
     *     concerns several people; {@code null} for reports not about one person
     * @param organisationNames names by organisation code
     */
    static RecordedAccess read(AuditEvent event, String nhsNumber, Map<String, String> organisationNames) {
        Optional<AuditEventAgentComponent> agent = requestor(event);
        return new RecordedAccess(
                event.hasRecorded() ? event.getRecorded().toInstant() : null,
                agent.map(AuditEventReader::who).orElse(""),
                agent.map(a -> ResourceIndex.referenceOf(a.getWho())).orElse(""),
                agent.map(a -> organisationName(a, organisationNames)).orElse(""),
                agent.map(AuditEventReader::roles).orElse(""),
                interaction(event),
                resource(event),
                query(event),
                accessBasis(event, nhsNumber),
                codes(event.getPurposeOfEvent()),
                outcome(event),
                event.hasOutcomeDesc() ? event.getOutcomeDesc() : "");
    }

    /** The codes of the organisations the events' users acted for. */
    static Set<String> organisationCodes(Collection<AuditEvent> events) {
        return events.stream()
                .map(AuditEventReader::requestor)
                .flatMap(Optional::stream)
                .map(AuditEventReader::organisationReference)
                .filter(Objects::nonNull)
                .map(ResourceIndex::idPart)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The agent that made the request: the one marked requestor, else the first. */
    private static Optional<AuditEventAgentComponent> requestor(AuditEvent event) {
        List<AuditEventAgentComponent> agents = event.getAgent();
        return agents.stream()
                .filter(agent -> agent.hasRequestor() && agent.getRequestor())
                .findFirst()
                .or(() -> agents.stream().findFirst());
    }

    private static String who(AuditEventAgentComponent agent) {
        Reference who = agent.getWho();
        if (who.hasDisplay()) {
            return who.getDisplay();
        }
        if (agent.hasName()) {
            return agent.getName();
        }
        if (who.hasReference()) {
            return who.getReference();
        }
        return who.hasIdentifier() && who.getIdentifier().hasValue()
                ? who.getIdentifier().getValue()
                : "";
    }

    private static String organisationReference(AuditEventAgentComponent agent) {
        Extension extension = agent.getExtensionByUrl(AGENT_ORGANISATION);
        if (extension != null && extension.getValue() instanceof Reference organisation) {
            String reference = ResourceIndex.referenceOf(organisation);
            return reference != null && reference.startsWith("Organization/") ? reference : null;
        }
        return null;
    }

    private static String organisationName(AuditEventAgentComponent agent, Map<String, String> names) {
        Extension extension = agent.getExtensionByUrl(AGENT_ORGANISATION);
        if (extension == null || !(extension.getValue() instanceof Reference organisation)) {
            return "";
        }
        String reference = organisationReference(agent);
        if (reference != null) {
            String code = ResourceIndex.idPart(reference);
            return names.getOrDefault(code, organisation.hasDisplay() ? organisation.getDisplay() : code);
        }
        return organisation.hasDisplay() ? organisation.getDisplay() : "";
    }

    private static String roles(AuditEventAgentComponent agent) {
        return codes(agent.getRole());
    }

    /** The codes of these concepts (their text when they have no code), comma-separated. */
    private static String codes(List<CodeableConcept> concepts) {
        return concepts.stream()
                .flatMap(concept -> concept.hasCoding()
                        ? concept.getCoding().stream().map(AuditEventReader::codeOrDisplay)
                        : Stream.of(concept.getText()))
                .filter(text -> text != null && !text.isBlank())
                .distinct()
                .collect(Collectors.joining(", "));
    }

    private static String codeOrDisplay(Coding coding) {
        return coding.hasCode() ? coding.getCode() : coding.getDisplay();
    }

    private static String interaction(AuditEvent event) {
        return event.getSubtype().stream()
                .map(AuditEventReader::codeOrDisplay)
                .filter(text -> text != null && !text.isBlank())
                .findFirst()
                .orElse("");
    }

    /** The resource the request named: an entity that is neither a person nor the query. */
    private static String resource(AuditEvent event) {
        return event.getEntity().stream()
                .filter(entity -> !isPerson(entity) && !isQuery(entity))
                .map(entity -> ResourceIndex.referenceOf(entity.getWhat()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("");
    }

    private static String query(AuditEvent event) {
        return event.getEntity().stream()
                .filter(AuditEventReader::isQuery)
                .map(AuditEventReader::queryText)
                .filter(text -> !text.isBlank())
                .findFirst()
                .orElse("");
    }

    private static String queryText(AuditEventEntityComponent entity) {
        if (entity.hasDescription()) {
            return entity.getDescription();
        }
        if (entity.hasQuery()) {
            return new String(entity.getQuery(), StandardCharsets.UTF_8);
        }
        return "";
    }

    /**
     * Why the user could see the person: the basis recorded with the person the report is about
     * (matched by NHS number when the entity names it), otherwise every basis the event records.
     */
    private static String accessBasis(AuditEvent event, String nhsNumber) {
        List<AuditEventEntityComponent> people =
                event.getEntity().stream().filter(AuditEventReader::isPerson).toList();
        if (nhsNumber != null) {
            Optional<AuditEventEntityComponent> named = people.stream()
                    .filter(person -> person.getWhat().hasIdentifier()
                            && nhsNumber.equals(person.getWhat().getIdentifier().getValue()))
                    .findFirst();
            if (named.isPresent()) {
                return basisOf(named.get());
            }
        }
        return people.stream()
                .map(AuditEventReader::basisOf)
                .filter(basis -> !basis.isBlank())
                .distinct()
                .collect(Collectors.joining("; "));
    }

    private static String basisOf(AuditEventEntityComponent person) {
        return person.getDetail().stream()
                .filter(detail -> ACCESS_BASIS.equals(detail.getType()))
                .map(AuditEventReader::detailText)
                .filter(text -> !text.isBlank())
                .collect(Collectors.joining("; "));
    }

    private static String detailText(AuditEventEntityDetailComponent detail) {
        if (detail.hasValueStringType()) {
            return detail.getValueStringType().getValue();
        }
        if (detail.hasValueBase64BinaryType()) {
            return new String(detail.getValueBase64BinaryType().getValue(), StandardCharsets.UTF_8);
        }
        return "";
    }

    private static boolean isPerson(AuditEventEntityComponent entity) {
        return entity.hasType() && PERSON_ENTITY_TYPE.equals(entity.getType().getCode());
    }

    private static boolean isQuery(AuditEventEntityComponent entity) {
        return entity.hasRole() && QUERY_ENTITY_ROLE.equals(entity.getRole().getCode());
    }

    private static String outcome(AuditEvent event) {
        if (!event.hasOutcome() || event.getOutcome() == null) {
            return "";
        }
        return switch (event.getOutcome().toCode()) {
            case "0" -> "Success";
            case "4" -> "Refused";
            case "8" -> "Server failure";
            case "12" -> "Major failure";
            default -> event.getOutcome().toCode();
        };
    }
}
