package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The NHS number of a person the audit trail names, so that an auditor can find every event about a
 * person by NHS number, and tell which person of a many-person event a report is about. Taken from
 * the Patient when the response shows it, otherwise read once and remembered (NHS numbers do not
 * change; the memory is bounded).
 */
@Component
public class PersonIdentifiers {

    public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    private static final int REMEMBERED = 50_000;

    private final DaoRegistry daos;
    private final Map<String, Optional<String>> nhsNumbers = new ConcurrentHashMap<>();

    public PersonIdentifiers(DaoRegistry daos) {
        this.daos = daos;
    }

    public Optional<String> nhsNumberOf(String personId, IBaseResource shown) {
        if (shown instanceof Patient patient) {
            Optional<String> number = nhsNumberIn(patient);
            remember(personId, number);
            return number;
        }
        Optional<String> known = nhsNumbers.get(personId);
        if (known != null) {
            return known;
        }
        Optional<String> number;
        try {
            number = nhsNumberIn((Patient)
                    daos.getResourceDao("Patient").read(new IdType("Patient", personId), new SystemRequestDetails()));
        } catch (RuntimeException notReadable) {
            number = Optional.empty();
        }
        remember(personId, number);
        return number;
    }

    private void remember(String personId, Optional<String> number) {
        if (nhsNumbers.size() >= REMEMBERED) {
            nhsNumbers.clear();
        }
        nhsNumbers.put(personId, number);
    }

    private static Optional<String> nhsNumberIn(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(identifier -> NHS_NUMBER_SYSTEM.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .filter(value -> value != null && !value.isBlank())
                .findFirst();
    }
}
