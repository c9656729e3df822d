package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.audit.SharingAgreement;
import care.neighbourhood.portal.audit.SharingAgreements;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.springframework.stereotype.Service;

/** The agreement in force, from the server's {@code $sharing-agreement} operation. */
@Service
class FhirSharingAgreements implements SharingAgreements {

    private final IGenericClient client;

    FhirSharingAgreements(IGenericClient client) {
        this.client = client;
    }

    @Override
    public SharingAgreement current() {
        Parameters agreement;
        try {
            agreement = client.operation()
                    .onServer()
                    .named("$sharing-agreement")
                    .withNoParameters(Parameters.class)
                    .useHttpGet()
                    .execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw FhirFailures.translate("reading the data-sharing agreement", e);
        }
        return new SharingAgreement(
                text(agreement, "id"),
                text(agreement, "version"),
                text(agreement, "title"),
                text(agreement, "effective"),
                text(agreement, "document"));
    }

    private static String text(Parameters parameters, String name) {
        if (parameters == null) {
            return "";
        }
        return parameters.getParameter().stream()
                .filter(parameter -> name.equals(parameter.getName()))
                .map(Parameters.ParametersParameterComponent::getValue)
                .filter(PrimitiveType.class::isInstance)
                .map(value -> ((PrimitiveType<?>) value).getValueAsString())
                .filter(value -> value != null)
                .findFirst()
                .orElse("");
    }
}
