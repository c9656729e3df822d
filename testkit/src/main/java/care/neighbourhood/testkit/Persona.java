package care.neighbourhood.testkit;

import java.util.List;

/**
 * A sample user of the {@code neighbourhood} realm, as listed in docs/personas.md: staff ({@link #ALL}),
 * and people and carers ({@link #PEOPLE_AND_CARERS}, who have no organisation or sector). The password
 * of every persona is {@link KeycloakTestServer#PASSWORD}.
 */
public record Persona(
        String username, String displayName, String role, String organisation, String sector, String fhirUser) {

    public static final Persona NINA_PATEL =
            of("nina.patel", "Nina Patel", "community-nurse", "northbank-community", "health");
    public static final Persona OMAR_HASSAN = of("omar.hassan", "Dr Omar Hassan", "gp", "riverside-practice", "health");
    public static final Persona MAYA_OKAFOR =
            of("maya.okafor", "Maya Okafor", "mental-health-practitioner", "northbank-mental-health", "health");
    public static final Persona SAM_TAYLOR =
            of("sam.taylor", "Sam Taylor", "social-worker", "city-council-asc", "social-care");
    public static final Persona GRACE_LEE =
            of("grace.lee", "Grace Lee", "care-coordinator", "riverside-practice", "health");
    public static final Persona BEN_CARTER = of("ben.carter", "Ben Carter", "support-worker", "age-well", "voluntary");
    public static final Persona IRENE_WALSH =
            of("irene.walsh", "Irene Walsh", "ig-officer", "northbank-community", "health");
    public static final Persona ADAM_CLARKE =
            of("adam.clarke", "Adam Clarke", "workspace-admin", "northbank-community", "health");

    public static final List<Persona> ALL =
            List.of(NINA_PATEL, OMAR_HASSAN, MAYA_OKAFOR, SAM_TAYLOR, GRACE_LEE, BEN_CARTER, IRENE_WALSH, ADAM_CLARKE);

    /** People the team supports, and a carer, who log in to see and shape their own plan. */
    public static final Persona MARGARET_ELLIS =
            new Persona("margaret.ellis", "Margaret Ellis", "person", null, null, "Patient/margaret-ellis");

    public static final Persona ARTHUR_BENNETT =
            new Persona("arthur.bennett", "Arthur Bennett", "person", null, null, "Patient/arthur-bennett");

    /** Margaret Ellis's son and main carer. */
    public static final Persona GEORGE_ELLIS =
            new Persona("george.ellis", "George Ellis", "carer", null, null, "RelatedPerson/george-ellis");

    public static final List<Persona> PEOPLE_AND_CARERS = List.of(MARGARET_ELLIS, ARTHUR_BENNETT, GEORGE_ELLIS);

    /** A password-grant access token for this persona from the shared test Keycloak. */
    public String token() {
        return KeycloakTestServer.shared().userToken(username);
    }

    /** The id of the persona's Practitioner resource: the username with {@code .} replaced by {@code -}. */
    public String practitionerId() {
        return username.replace('.', '-');
    }

    /** The id of the persona's PractitionerRole resource. */
    public String practitionerRoleId() {
        return practitionerId() + "-role";
    }

    private static Persona of(String username, String displayName, String role, String organisation, String sector) {
        return new Persona(
                username, displayName, role, organisation, sector, "Practitioner/" + username.replace('.', '-'));
    }
}
