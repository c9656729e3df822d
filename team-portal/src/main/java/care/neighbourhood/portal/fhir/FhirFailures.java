package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;

/** Turns the HAPI client's exceptions into {@link FhirServiceException}s. */
final class FhirFailures {

    private FhirFailures() {}

    /**
     * @param action what the portal was doing, for the log (e.g. "searching care teams")
     * @param failure what the HAPI client threw
     */
    static FhirServiceException translate(String action, RuntimeException failure) {
        if (failure instanceof FhirClientConnectionException) {
            return new FhirServiceException(
                    Reason.UNAVAILABLE, 0, "No answer from the FHIR server while " + action, failure);
        }
        if (failure instanceof BaseServerResponseException response) {
            int status = response.getStatusCode();
            return new FhirServiceException(
                    reasonFor(status),
                    status,
                    "FHIR server answered HTTP " + status + " while " + action + ": " + response.getMessage(),
                    failure);
        }
        if (failure instanceof DataFormatException) {
            return new FhirServiceException(
                    Reason.SERVER_ERROR, 0, "Unreadable answer from the FHIR server while " + action, failure);
        }
        return new FhirServiceException(Reason.SERVER_ERROR, 0, "Failed while " + action, failure);
    }

    private static Reason reasonFor(int status) {
        if (status == 401) {
            return Reason.NOT_AUTHENTICATED;
        }
        if (status == 403) {
            return Reason.ACCESS_DENIED;
        }
        if (status == 404 || status == 410) {
            return Reason.NOT_FOUND;
        }
        if (status >= 400 && status < 500) {
            return Reason.REJECTED;
        }
        if (status <= 0) {
            return Reason.UNAVAILABLE;
        }
        return Reason.SERVER_ERROR;
    }
}
