package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.emergency.EmergencyAccess;
import care.neighbourhood.portal.emergency.EmergencyAccessRefused;
import care.neighbourhood.portal.emergency.FoundPerson;
import care.neighbourhood.portal.emergency.PersonLookUp;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Service;

/**
 * Emergency access through the FHIR server: {@code Patient/$demographic-lookup} (one GET) and {@code
 * Patient/[id]/$break-glass} (one POST), each with the user's own token, so the server decides and
 * audits both (docs/access.md).
 */
@Service
class FhirEmergencyAccess implements EmergencyAccess {

    static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    static final String ON_CASELOAD = "https://neighbourhood.example/fhir/StructureDefinition/on-caseload";

    private final IGenericClient client;

    FhirEmergencyAccess(IGenericClient client) {
        this.client = client;
    }

    @Override
    public List<FoundPerson> lookUp(PersonLookUp query) {
        Parameters asked = new Parameters();
        if (query.byNhsNumber()) {
            asked.addParameter("identifier", NHS_NUMBER + "|" + query.nhsDigits());
        } else {
            asked.addParameter("family", query.family());
            asked.addParameter("birthdate", query.birthDate().toString());
            if (!query.given().isEmpty()) {
                asked.addParameter("given", query.given());
            }
        }
        Bundle answer = call(
                "looking a person up",
                () -> client.operation()
                        .onType(Patient.class)
                        .named("$demographic-lookup")
                        .withParameters(asked)
                        .useHttpGet()
                        .returnResourceType(Bundle.class)
                        .execute());
        List<FoundPerson> found = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : answer.getEntry()) {
            if (entry.getResource() instanceof Patient person) {
                found.add(personOf(person, entry));
            }
        }
        return found;
    }

    @Override
    public Instant request(String personId, String reason) {
        Parameters asked = new Parameters();
        asked.addParameter().setName("reason").setValue(new StringType(reason));
        Parameters answer = call(
                "asking for emergency access",
                () -> client.operation()
                        .onInstance("Patient/" + personId)
                        .named("$break-glass")
                        .withParameters(asked)
                        .execute());
        Type expires = answer.getParameterValue("expires");
        if (!(expires instanceof InstantType instant) || instant.getValue() == null) {
            throw new FhirServiceException(Reason.SERVER_ERROR, 0, "$break-glass answered without 'expires'", null);
        }
        return instant.getValue().toInstant();
    }

    private static FoundPerson personOf(Patient person, Bundle.BundleEntryComponent entry) {
        String name = person.getName().isEmpty()
                ? "Name not recorded"
                : (person.getNameFirstRep().getGivenAsSingleString() + " "
                                + person.getNameFirstRep().getFamily())
                        .strip();
        String nhsNumber = person.getIdentifier().stream()
                .filter(identifier -> NHS_NUMBER.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElse(null);
        LocalDate born = person.hasBirthDate()
                ? LocalDate.parse(person.getBirthDateElement().getValueAsString())
                : null;
        boolean onCaseload = entry.getSearch().getExtensionByUrl(ON_CASELOAD) != null
                && entry.getSearch().getExtensionByUrl(ON_CASELOAD).getValue() instanceof BooleanType yes
                && yes.booleanValue();
        return new FoundPerson(person.getIdElement().getIdPart(), name, born, nhsNumber, onCaseload);
    }

    private static <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (FhirClientConnectionException e) {
            throw new FhirServiceException(Reason.UNAVAILABLE, 0, "No answer from the FHIR server while " + action, e);
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            Reason reason = switch (status) {
                case 401 -> Reason.NOT_AUTHENTICATED;
                case 403 -> Reason.ACCESS_DENIED;
                case 404, 410 -> Reason.NOT_FOUND;
                default -> status >= 400 && status < 500 ? Reason.REJECTED : Reason.SERVER_ERROR;
            };
            String message = "FHIR server answered HTTP " + status + " while " + action + ": " + e.getMessage();
            if (reason == Reason.REJECTED) {
                throw new EmergencyAccessRefused(status == 422, message);
            }
            throw new FhirServiceException(reason, status, message, e);
        }
    }
}
