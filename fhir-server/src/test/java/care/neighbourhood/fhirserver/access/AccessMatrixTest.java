package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import care.neighbourhood.testkit.Persona;
import care.neighbourhood.testkit.SystemClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Runs every row of {@code access-matrix.csv} against the server. */
class AccessMatrixTest extends FhirServerTestBase {

    private static final Path MATRIX = Path.of("src/test/resources/access-matrix.csv");

    /** record key → type, identifier system, identifier value, and the person it is about. */
    private static final Map<String, String[]> RECORDS = Map.of(
            "margaret.careplan",
                    new String[] {"CarePlan", SampleRecords.SAMPLE, "careplan-margaret-ellis", "9991042113"},
            "margaret.condition",
                    new String[] {
                        "Condition", SampleRecords.SAMPLE, "condition-margaret-ellis-heart-failure", "9991042113"
                    },
            "margaret.task", new String[] {"Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel", "9991042113"},
            "daniel.depression",
                    new String[] {"Condition", SampleRecords.SAMPLE, "condition-daniel-foster-depression", "9993158720"
                    },
            "edith.patient",
                    new String[] {"Patient", SampleRecords.NHS_NUMBER, SampleRecords.EDITH_NHS_NUMBER, "9994077333"},
            "arthur.consent",
                    new String[] {
                        "Consent", SampleRecords.SAMPLE, "consent-arthur-bennett-social-care-opt-out", "9992204176"
                    },
            "riverside.organization",
                    new String[] {
                        "Organization",
                        "https://neighbourhood.example/fhir/sid/organisation",
                        "riverside-practice",
                        null
                    });

    @Autowired
    DaoRegistry daos;

    private SampleRecords records;

    @BeforeEach
    void records() {
        records = new SampleRecords(daos);
    }

    static Stream<Arguments> rows() {
        try {
            return Files.readAllLines(MATRIX).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("persona,"))
                    .map(line -> line.split(","))
                    .map(cells -> Arguments.of(cells[0], cells[1], cells[2], cells[3], cells[4]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} {2} {1} -> {3} ({4} token)")
    @MethodSource("rows")
    void matrix(String persona, String record, String interaction, String expected, String tokenKind) {
        String[] spec = RECORDS.get(record);
        assertThat(spec).as("record key " + record).isNotNull();
        String type = spec[0];
        String id = records.id(type, spec[1], spec[2]);
        String person = spec[3] == null ? null : records.patientId(spec[3]);
        Identity who = identity(persona, tokenKind);
        boolean allow = "allow".equals(expected);

        switch (interaction) {
            case "read" -> {
                HttpResponse<String> response = get("/" + type + "/" + id, who.token);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(allow ? 200 : 403);
            }
            case "search" -> {
                String query = person == null || "Patient".equals(type)
                        ? "/" + type + "?_id=" + id
                        : "/" + type + "?patient=Patient/" + person;
                HttpResponse<String> response = get(query, who.token);
                boolean found = response.statusCode() == 200 && response.body().contains("\"id\":\"" + id + "\"");
                assertThat(found)
                        .as(response.statusCode() + " " + response.body())
                        .isEqualTo(allow);
            }
            case "create" -> {
                HttpResponse<String> response = post("/" + type, newRecord(type, person, who), who.token);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(allow ? 201 : 403);
            }
            default -> throw new IllegalArgumentException("unknown interaction " + interaction);
        }
    }

    /**
     * A new record about the person, attributed to the caller. A new Task is owned by the caller
     * themselves, so that creating it gives no one a relationship they did not have (handing a Task
     * to an organisation does, by design).
     */
    private static String newRecord(String type, String person, Identity who) {
        String subject = "{\"reference\":\"Patient/" + person + "\"}";
        String actor = who.practitioner != null ? who.practitioner : "Organization/" + who.organisation;
        return switch (type) {
            case "Task" ->
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"for\":" + subject
                        + ",\"description\":\"Matrix check\",\"requester\":{\"reference\":\"" + actor + "\"},"
                        + "\"owner\":{\"reference\":\"" + actor + "\"}}";
            case "Condition" ->
                "{\"resourceType\":\"Condition\",\"subject\":" + subject
                        + ",\"code\":{\"text\":\"Matrix check\"}"
                        + (who.practitioner != null ? ",\"recorder\":{\"reference\":\"" + who.practitioner + "\"}" : "")
                        + "}";
            default -> throw new IllegalArgumentException("no template for " + type);
        };
    }

    private record Identity(String token, String practitioner, String organisation) {}

    private static Identity identity(String name, String tokenKind) {
        boolean realm = "realm".equals(tokenKind);
        for (SystemClient client : SystemClient.ALL) {
            if (client.clientId().equals(name)) {
                String token = realm
                        ? client.token()
                        : TestTokens.TRUSTED.token(
                                name,
                                client.organisation(),
                                client.sector(),
                                "none",
                                c -> c.claim("fhirUser", null).claim("roles", java.util.List.of()));
                return new Identity(token, null, client.organisation());
            }
        }
        Persona persona = Persona.ALL.stream()
                .filter(p -> p.username().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown persona " + name));
        String token = realm
                ? persona.token()
                : TestTokens.TRUSTED.token(
                        persona.username(), persona.organisation(), persona.sector(), persona.role());
        return new Identity(token, "Practitioner/" + persona.practitionerId(), persona.organisation());
    }
}
