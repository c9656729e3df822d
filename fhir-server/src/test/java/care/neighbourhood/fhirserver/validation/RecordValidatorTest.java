package care.neighbourhood.fhirserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the validator refuses and what it lets through: resource × expected errors. */
class RecordValidatorTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String PROFILES = "https://neighbourhood.example/fhir/StructureDefinition/";
    static final String PLAN_CATEGORY = "{\"coding\":[{\"system\":"
            + "\"https://neighbourhood.example/fhir/CodeSystem/care-plan-category\",\"code\":\"individual-plan\"}]}";

    static RecordValidator validator;

    @BeforeAll
    static void load() {
        validator = new RecordValidator(
                FHIR,
                new DefaultProfileValidationSupport(FHIR),
                WorkspaceProfiles.load(FHIR, WorkspaceProfilesTest.FOLDER));
    }

    static Stream<Arguments> resources() {
        return Stream.of(
                valid(
                        "a referral to an organisation",
                        task(",\"for\":{\"reference\":\"Patient/p1\"},"
                                + "\"owner\":{\"reference\":\"Organization/o1\"}")),
                valid(
                        "a task no one has taken yet, with the kind of performer wanted",
                        task(
                                ",\"for\":{\"reference\":\"Patient/p1\"},\"performerType\":[{\"text\":\"Social worker\"}]")),
                valid(
                        "a task with an extension and a profile the workspace does not know",
                        task(",\"for\":{\"reference\":\"Patient/p1\"},\"owner\":{\"reference\":\"Organization/o1\"},"
                                + "\"meta\":{\"profile\":[\"https://fhir.example.org/StructureDefinition/other-task\"]},"
                                + "\"extension\":[{\"url\":\"https://elsewhere.example/ext\",\"valueString\":\"x\"}]")),
                invalid(
                        "a task for no one",
                        task(",\"owner\":{\"reference\":\"Organization/o1\"}"),
                        "Task.for",
                        PROFILES + "workspace-task"),
                invalid(
                        "a task no one is to do",
                        task(",\"for\":{\"reference\":\"Patient/p1\"}"),
                        "nw-task-1",
                        PROFILES + "workspace-task"),
                invalid(
                        "a task without a status",
                                "{\"resourceType\":\"Task\",\"intent\":\"order\","
                                        + "\"for\":{\"reference\":\"Patient/p1\"},\"owner\":{\"reference\":\"Organization/o1\"}}",
                        "Task.status", PROFILES + "workspace-task"),
                valid(
                        "an Individual Plan",
                        "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\"," + "\"category\":["
                                + PLAN_CATEGORY + "],\"subject\":{\"reference\":\"Patient/p1\"}}"),
                invalid(
                        "a plan that is not an Individual Plan",
                                "{\"resourceType\":\"CarePlan\",\"status\":\"active\","
                                        + "\"intent\":\"plan\",\"category\":[{\"text\":\"Plan\"}],\"subject\":{\"reference\":\"Patient/p1\"}}",
                        "nw-plan-1", PROFILES + "individual-plan"),
                invalid(
                        "a plan for no one",
                        "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\"," + "\"category\":["
                                + PLAN_CATEGORY + "]}",
                        "CarePlan.subject",
                        PROFILES + "individual-plan"),
                valid(
                        "a care team",
                        "{\"resourceType\":\"CareTeam\",\"status\":\"active\","
                                + "\"subject\":{\"reference\":\"Patient/p1\"},\"participant\":[{\"role\":[{\"text\":\"GP\"}],"
                                + "\"member\":{\"reference\":\"Practitioner/pr1\"}}]}"),
                invalid(
                        "a care team member without a role",
                                "{\"resourceType\":\"CareTeam\",\"status\":\"active\","
                                        + "\"participant\":[{\"member\":{\"reference\":\"Practitioner/pr1\"}}]}",
                        "CareTeam.participant.role: minimum required = 1", PROFILES + "workspace-care-team"),
                invalid(
                        "a care team role without a member",
                                "{\"resourceType\":\"CareTeam\",\"status\":\"active\","
                                        + "\"participant\":[{\"role\":[{\"text\":\"GP\"}]}]}",
                        "CareTeam.participant.member: minimum required = 1", PROFILES + "workspace-care-team"),
                valid(
                        "a consent",
                        consent(",\"patient\":{\"reference\":\"Patient/p1\"},\"policyRule\":{\"text\":\"Opt out\"}")),
                invalid(
                        "a consent for no one",
                        consent(",\"policyRule\":{\"text\":\"Opt out\"}"),
                        "Consent.patient",
                        PROFILES + "workspace-consent"),
                invalid(
                        "a consent under no policy",
                        consent(",\"patient\":{\"reference\":\"Patient/p1\"}"),
                        "Consent",
                        PROFILES + "workspace-consent"),
                valid("a person", "{\"resourceType\":\"Patient\",\"gender\":\"female\",\"birthDate\":\"1950-02-03\"}"),
                invalid(
                        "a person's contact with no details",
                        "{\"resourceType\":\"Patient\",\"contact\":[{\"gender\":\"male\"}]}",
                        "pat-1",
                        "Patient.contact"),
                invalid(
                        "an observation without a code", "{\"resourceType\":\"Observation\",\"status\":\"final\"}",
                        "Observation.code", "Observation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void checks(String description, String json, List<String> expectedInErrors) {
        IBaseResource resource = FHIR.newJsonParser().parseResource(json);
        List<RecordValidator.ValidationError> errors = validator.errorsIn(resource);
        if (expectedInErrors.isEmpty()) {
            assertThat(errors).as(description).isEmpty();
            return;
        }
        assertThat(errors).as(description).isNotEmpty();
        String all = errors.stream()
                .map(error -> error.location() + " " + error.message() + " " + error.profile())
                .reduce("", String::concat);
        for (String expected : expectedInErrors) {
            assertThat(all).as(description).contains(expected);
        }
    }

    /**
     * Validators are reused between resources and lent to one thread at a time: the whole table,
     * checked over and over from several threads at once, gives each resource the answer it gets
     * alone (a validator keeping something from one resource would change the next one's answer).
     */
    @Test
    void reusedValidatorsGiveEveryResourceItsOwnAnswer() throws Exception {
        List<String> table =
                resources().map(arguments -> (String) arguments.get()[1]).toList();
        List<String> alone = table.stream().map(RecordValidatorTest::answerFor).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> rounds = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                int shift = round;
                rounds.add(threads.submit(() -> {
                    List<String> answers = new ArrayList<>(Collections.nCopies(table.size(), ""));
                    for (int i = 0; i < table.size(); i++) {
                        int index = (i + shift) % table.size();
                        answers.set(index, answerFor(table.get(index)));
                    }
                    return answers;
                }));
            }
            for (Future<List<String>> round : rounds) {
                assertThat(round.get(2, TimeUnit.MINUTES)).isEqualTo(alone);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static String answerFor(String json) {
        return validator.errorsIn(FHIR.newJsonParser().parseResource(json)).stream()
                .map(error -> error.location() + " " + error.messageId())
                .sorted()
                .toList()
                .toString();
    }

    private static Arguments valid(String description, String json) {
        return Arguments.of(description, json, List.of());
    }

    private static Arguments invalid(String description, String json, String... expected) {
        return Arguments.of(description, json, List.of(expected));
    }

    private static String task(String rest) {
        return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\"" + rest + "}";
    }

    private static String consent(String rest) {
        return "{\"resourceType\":\"Consent\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}]" + rest + "}";
    }
}
