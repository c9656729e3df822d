package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Runs every row of {@code access-matrix.csv} against the server. */
class AccessMatrixTest extends FhirServerTestBase {

    private static final Path MATRIX = Path.of("src/test/resources/access-matrix.csv");

    /** record key → type, identifier system, identifier value, and the person it is about. */
    static final String MARGARET_AND_ARTHUR = "appointment-margaret-and-arthur";

    static final String MARGARET_AND_EDITH = "appointment-margaret-and-edith";

    /**
     * record key → type, identifier system, identifier value, and the people it is about (NHS numbers,
     * joined by {@code +}). A record with no identifier is made afresh for each row that uses it.
     */
    private static final Map<String, String[]> RECORDS = Map.ofEntries(
            record("margaret.careplan", "CarePlan", SampleRecords.SAMPLE, "careplan-margaret-ellis", "9991042113"),
            record(
                    "margaret.condition",
                    "Condition",
                    SampleRecords.SAMPLE,
                    "condition-margaret-ellis-heart-failure",
                    "9991042113"),
            record("margaret.task", "Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel", "9991042113"),
            record(
                    "daniel.depression",
                    "Condition",
                    SampleRecords.SAMPLE,
                    "condition-daniel-foster-depression",
                    "9993158720"),
            record("edith.patient", "Patient", SampleRecords.NHS_NUMBER, SampleRecords.EDITH_NHS_NUMBER, "9994077333"),
            record(
                    "arthur.consent",
                    "Consent",
                    SampleRecords.SAMPLE,
                    "consent-arthur-bennett-social-care-opt-out",
                    "9992204176"),
            record(
                    "riverside.organization",
                    "Organization",
                    "https://neighbourhood.example/fhir/sid/organisation",
                    "riverside-practice",
                    null),
            record(
                    "margaret+arthur.appointment",
                    "Appointment",
                    SampleRecords.SAMPLE,
                    MARGARET_AND_ARTHUR,
                    "9991042113+9992204176"),
            record(
                    "margaret+edith.appointment",
                    "Appointment",
                    SampleRecords.SAMPLE,
                    MARGARET_AND_EDITH,
                    "9991042113+9994077333"),
            record("margaret.goal", "Goal", null, null, "9991042113"));

    private static Map.Entry<String, String[]> record(
            String key, String type, String system, String value, String people) {
        return Map.entry(key, new String[] {type, system, value, people});
    }

    @Autowired
    DaoRegistry daos;

    private SampleRecords records;

    @BeforeEach
    void records() {
        records = new SampleRecords(daos);
        appointment(MARGARET_AND_ARTHUR, "9991042113", "9992204176");
        appointment(MARGARET_AND_EDITH, "9991042113", SampleRecords.EDITH_NHS_NUMBER);
    }

    /** A joint appointment of two people, made once (it is found by its identifier afterwards). */
    private void appointment(String identifier, String first, String second) {
        SearchParameterMap existing =
                SearchParameterMap.newSynchronous("identifier", new TokenParam(SampleRecords.SAMPLE, identifier));
        if (!daos.getResourceDao("Appointment")
                .search(existing, new SystemRequestDetails())
                .isEmpty()) {
            return;
        }
        Appointment appointment = new Appointment();
        appointment.addIdentifier().setSystem(SampleRecords.SAMPLE).setValue(identifier);
        appointment.setStatus(Appointment.AppointmentStatus.BOOKED);
        appointment.setStart(new java.util.Date()).setEnd(new java.util.Date(System.currentTimeMillis() + 3_600_000));
        appointment.setDescription("Falls prevention group");
        appointment
                .addParticipant()
                .setActor(new Reference("Patient/" + records.patientId(first)))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        appointment
                .addParticipant()
                .setActor(new Reference("Patient/" + records.patientId(second)))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        daos.getResourceDao("Appointment").create(appointment, new SystemRequestDetails());
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
        List<String> people = spec[3] == null
                ? List.of()
                : Stream.of(spec[3].split("\\+")).map(records::patientId).toList();
        String person = people.isEmpty() ? null : people.get(0);
        String id = spec[1] == null ? freshGoal(person) : records.id(type, spec[1], spec[2]);
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
                HttpResponse<String> response = post("/" + type, newRecord(type, people, who), who.token);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(allow ? 201 : 403);
            }
            case "label" -> {
                // Adds a restricted label (confidentiality R) to the record by update.
                String labelled = "{\"resourceType\":\"Goal\",\"id\":\"" + id + "\",\"meta\":{\"security\":[{"
                        + "\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},"
                        + "\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"Matrix check\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + person + "\"}}";
                HttpResponse<String> response = put("/Goal/" + id, labelled, who.token);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(allow ? 200 : 403);
                boolean labelledNow = daos
                        .getResourceDao("Goal")
                        .read(new IdType("Goal", id), new SystemRequestDetails())
                        .getMeta()
                        .getSecurity()
                        .stream()
                        .anyMatch(label -> "R".equals(label.getCode()));
                assertThat(labelledNow)
                        .as("the stored record carries the label")
                        .isEqualTo(allow);
            }
            default -> throw new IllegalArgumentException("unknown interaction " + interaction);
        }
    }

    /**
     * A new record about the person, attributed to the caller. A new Task is owned by the caller
     * themselves, so that creating it gives no one a relationship they did not have (handing a Task
     * to an organisation does, by design).
     */
    private static String newRecord(String type, List<String> people, Identity who) {
        String subject = "{\"reference\":\"Patient/" + people.get(0) + "\"}";
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
            case "Appointment" ->
                "{\"resourceType\":\"Appointment\",\"status\":\"proposed\",\"description\":\"Matrix check\","
                        + "\"participant\":["
                        + String.join(
                                ",",
                                people.stream()
                                        .map(p -> "{\"actor\":{\"reference\":\"Patient/" + p
                                                + "\"},\"status\":\"needs-action\"}")
                                        .toList())
                        + "]}";
            default -> throw new IllegalArgumentException("no template for " + type);
        };
    }

    /** A new Goal for the person, stored past the access rules, for a row to change. */
    private String freshGoal(String person) {
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
        goal.getDescription().setText("Matrix check");
        goal.setSubject(new Reference("Patient/" + person));
        return daos.getResourceDao("Goal")
                .create(goal, new SystemRequestDetails())
                .getId()
                .getIdPart();
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
                                c -> c.claim("fhirUser", null)
                                        .claim("roles", java.util.List.of())
                                        .claim("scope", "system/*.cruds"));
                return new Identity(token, null, client.organisation());
            }
        }
        Persona persona = java.util.stream.Stream.concat(Persona.ALL.stream(), Persona.PEOPLE_AND_CARERS.stream())
                .filter(p -> p.username().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown persona " + name));
        if (Persona.PEOPLE_AND_CARERS.contains(persona)) {
            String token = realm
                    ? persona.token()
                    : TestTokens.TRUSTED.token(
                            persona.username(),
                            null,
                            null,
                            persona.role(),
                            c -> c.claim("fhirUser", persona.fhirUser()));
            return new Identity(token, null, null);
        }
        String token = realm
                ? persona.token()
                : TestTokens.TRUSTED.token(
                        persona.username(), persona.organisation(), persona.sector(), persona.role());
        return new Identity(token, "Practitioner/" + persona.practitionerId(), persona.organisation());
    }
}
