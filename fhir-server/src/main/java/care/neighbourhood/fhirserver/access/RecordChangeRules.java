package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.springframework.stereotype.Component;

/**
 * Writes: a caller may create or change only records of people on their caseload (a new person may be
 * registered, with their care team, in one transaction), may never put another organisation or
 * practitioner down as the requester, author or recorder, and may hand a Task to any organisation.
 * The directory (organisations and staff) is changed by workspace administrators only; AuditEvent and
 * the server's internal records are never written through the API. Checked at the storage layer, so
 * single writes, transactions, batches and conditional operations are all covered.
 */
@Component
public class RecordChangeRules {

    static final String ADMIN_ROLE = "workspace-admin";

    /** Elements that say who did something: they may name only the caller, their role or organisation. */
    private static final Map<String, List<String>> ATTRIBUTION = Map.ofEntries(
            Map.entry("Task", List.of("Task.requester")),
            Map.entry("CarePlan", List.of("CarePlan.author")),
            Map.entry("Condition", List.of("Condition.recorder", "Condition.asserter")),
            Map.entry("Observation", List.of("Observation.performer")),
            Map.entry("Communication", List.of("Communication.sender")),
            Map.entry("QuestionnaireResponse", List.of("QuestionnaireResponse.author")),
            Map.entry("Procedure", List.of("Procedure.recorder")),
            Map.entry("MedicationRequest", List.of("MedicationRequest.requester", "MedicationRequest.recorder")),
            Map.entry("AllergyIntolerance", List.of("AllergyIntolerance.recorder", "AllergyIntolerance.asserter")),
            Map.entry("DiagnosticReport", List.of("DiagnosticReport.performer")),
            Map.entry("ServiceRequest", List.of("ServiceRequest.requester")),
            Map.entry("DocumentReference", List.of("DocumentReference.author")));

    private final CallerResolver callers;
    private final Caseload caseload;
    private final RecordAccessRules readRules;
    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final TransactionPlaceholders placeholders;
    private final SharingAgreement agreement;
    private final ConsentDecisions consents;

    public RecordChangeRules(
            CallerResolver callers,
            Caseload caseload,
            RecordAccessRules readRules,
            FhirContext fhirContext,
            DaoRegistry daos,
            TransactionPlaceholders placeholders,
            SharingAgreement agreement,
            ConsentDecisions consents) {
        this.callers = callers;
        this.caseload = caseload;
        this.readRules = readRules;
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.placeholders = placeholders;
        this.agreement = agreement;
        this.consents = consents;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        callers.callerOf(request).ifPresent(caller -> {
            checkScope(caller, resource, SmartScopes.Access.CREATE);
            checkType(caller, resource);
            if (!"Patient".equals(resource.fhirType())) {
                checkPerson(caller, request, resource, transaction);
            }
            checkAttribution(caller, null, resource);
        });
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void afterCreate(IBaseResource resource, RequestDetails request) {
        if ("Patient".equals(resource.fhirType())) {
            callers.callerOf(request)
                    .ifPresent(caller -> caseload.registerCreatedPerson(
                            request, resource.getIdElement().getIdPart()));
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(
            IBaseResource previous, IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        callers.callerOf(request).ifPresent(caller -> {
            checkScope(caller, resource, SmartScopes.Access.UPDATE);
            checkType(caller, previous);
            checkType(caller, resource);
            checkPerson(caller, request, previous, transaction);
            checkPerson(caller, request, resource, transaction);
            checkAttribution(caller, previous, resource);
        });
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void beforeDelete(IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        callers.callerOf(request).ifPresent(caller -> {
            checkScope(caller, resource, SmartScopes.Access.DELETE);
            checkType(caller, resource);
            checkPerson(caller, request, resource, transaction);
        });
    }

    private static void checkScope(Caller caller, IBaseResource resource, SmartScopes.Access access) {
        if (!SmartScopes.permits(caller.scopes(), resource.fhirType(), access)) {
            throw AccessDenied.because("the token's scopes do not allow " + access + " of " + resource.fhirType());
        }
    }

    private void checkType(Caller caller, IBaseResource resource) {
        String type = resource.fhirType();
        if (PersonLinks.isDirectory(type)) {
            if (!caller.hasRole(ADMIN_ROLE)) {
                throw AccessDenied.because("only workspace administrators change the directory");
            }
            return;
        }
        if (!PersonLinks.isAboutAPerson(type)) {
            throw AccessDenied.because(type + " is not written through the API");
        }
        if (agreement.isGovernanceOnly(caller) || !agreement.mayWrite(caller, type)) {
            throw AccessDenied.because("the sharing agreement does not let this caller write " + type);
        }
        if (readRules.isRestricted(resource) && !agreement.maySeeRestricted(caller)) {
            throw AccessDenied.because("restricted records are written by the roles that may see them");
        }
    }

    private void checkPerson(
            Caller caller, RequestDetails request, IBaseResource resource, TransactionDetails transaction) {
        if (PersonLinks.isDirectory(resource.fhirType())) {
            return;
        }
        Optional<IIdType> reference = readRules.personReferenceOf(resource);
        if (reference.isPresent() && reference.get().getValue().startsWith("urn:")) {
            TransactionPlaceholders.Resolution resolution =
                    placeholders.resolve(request, reference.get().getValue());
            if (resolution instanceof TransactionPlaceholders.NewPerson) {
                return; // the person is registered in this very transaction
            }
            if (!(resolution instanceof TransactionPlaceholders.ExistingPerson existing)) {
                throw AccessDenied.because(
                        "cannot tell which person " + reference.get().getValue() + " is");
            }
            reference = Optional.of(new IdType("Patient", existing.id()));
        }
        Optional<String> person = reference
                .filter(id -> "Patient".equals(id.getResourceType()) && id.getIdPart() != null)
                .map(IIdType::getIdPart);
        if (person.isEmpty()) {
            throw AccessDenied.because(resource.fhirType() + " names no person");
        }
        if (!caseload.includes(caller, request, person.get())) {
            throw AccessDenied.because("no care relationship with Patient/" + person.get());
        }
        if (consents.effectFor(caller, request, person.get(), resource.fhirType()) == ConsentDecisions.Effect.DENY) {
            // What the person has withheld from the caller, the caller does not write either.
            throw AccessDenied.because("the consent of Patient/" + person.get() + " withholds " + resource.fhirType()
                    + " from this caller");
        }
    }

    private void checkAttribution(Caller caller, IBaseResource previous, IBaseResource resource) {
        List<String> elements = ATTRIBUTION.get(resource.fhirType());
        if (elements == null) {
            return;
        }
        Set<String> before = previous == null ? Set.of() : references(previous, elements);
        for (String reference : references(resource, elements)) {
            if (!before.contains(reference) && !actsFor(caller, reference)) {
                throw AccessDenied.because("acting as " + reference);
            }
        }
    }

    private Set<String> references(IBaseResource resource, List<String> elements) {
        return elements.stream()
                .flatMap(element -> fhirContext.newTerser().getValues(resource, element, IBaseReference.class).stream())
                .map(IBaseReference::getReferenceElement)
                .filter(id -> id.getResourceType() != null && id.getIdPart() != null)
                .map(id -> id.getResourceType() + "/" + id.getIdPart())
                .collect(Collectors.toSet());
    }

    private boolean actsFor(Caller caller, String reference) {
        String type = reference.substring(0, reference.indexOf('/'));
        switch (type) {
            case "Patient", "RelatedPerson" -> {
                return true;
            }
            case "Practitioner" -> {
                return reference.equals(caller.practitioner());
            }
            case "Organization" -> {
                return reference.equals(caller.organisationReference());
            }
            case "PractitionerRole" -> {
                return roleBelongsTo(caller, reference);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean roleBelongsTo(Caller caller, String reference) {
        try {
            PractitionerRole role = (PractitionerRole)
                    daos.getResourceDao("PractitionerRole").read(new IdType(reference), new SystemRequestDetails());
            String practitioner = role.getPractitioner().getReference();
            String organisation = role.getOrganization().getReference();
            return caller.practitioner() != null
                    ? Objects.equals(caller.practitioner(), practitioner)
                    : Objects.equals(caller.organisationReference(), organisation);
        } catch (BaseServerResponseException e) {
            return false;
        }
    }
}
