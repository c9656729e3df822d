package care.neighbourhood.testkit;

import java.util.List;

/**
 * An external system of the sample neighbourhood that calls the FHIR API as SMART Backend Services do:
 * the client-credentials grant, authenticated by a client assertion signed with its key
 * (docs/personas.md). Its tokens carry a fixed {@code organisation} and {@code sector}, and the SMART
 * scopes it asks for, out of those registered for it in the realm.
 */
public record SystemClient(String clientId, String organisation, String sector, List<String> registeredScopes) {

    /** The scopes the realm lets both sample systems ask for. */
    public static final List<String> SAMPLE_SCOPES = List.of(
            "system/*.rs",
            "system/Patient.rs",
            "system/Task.rs",
            "system/Task.cruds",
            "system/CarePlan.rs",
            "system/CareTeam.rs",
            "system/Goal.rs",
            "system/Provenance.rs",
            "system/Subscription.cruds");

    public static final SystemClient COUNCIL_CASE_SYSTEM =
            new SystemClient("council-case-system", "city-council-asc", "social-care", SAMPLE_SCOPES);
    public static final SystemClient RIVERSIDE_EHR =
            new SystemClient("riverside-ehr", "riverside-practice", "health", SAMPLE_SCOPES);

    public static final List<SystemClient> ALL = List.of(COUNCIL_CASE_SYSTEM, RIVERSIDE_EHR);

    /** An access token with every scope registered for this client, from the shared test Keycloak. */
    public String token() {
        return token(registeredScopes);
    }

    /** An access token with the scopes asked for, from the shared test Keycloak. */
    public String token(List<String> scopes) {
        return KeycloakTestServer.shared().backendServicesToken(clientId, ClientAssertions.sampleKey(clientId), scopes);
    }
}
