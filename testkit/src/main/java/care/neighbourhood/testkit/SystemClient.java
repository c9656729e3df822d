package care.neighbourhood.testkit;

import java.util.List;

/**
 * An external system of the sample neighbourhood that calls the FHIR API with the client-credentials grant
 * (docs/personas.md). Its tokens carry a fixed {@code organisation} and {@code sector}. The secrets are
 * sample values only.
 */
public record SystemClient(String clientId, String secret, String organisation, String sector) {

    public static final SystemClient COUNCIL_CASE_SYSTEM = new SystemClient(
            "council-case-system", "council-case-system-sample-secret", "city-council-asc", "social-care");
    public static final SystemClient RIVERSIDE_EHR =
            new SystemClient("riverside-ehr", "riverside-ehr-sample-secret", "riverside-practice", "health");

    public static final List<SystemClient> ALL = List.of(COUNCIL_CASE_SYSTEM, RIVERSIDE_EHR);

    /** A client-credentials access token for this client from the shared test Keycloak. */
    public String token() {
        return KeycloakTestServer.shared().clientToken(clientId, secret);
    }
}
