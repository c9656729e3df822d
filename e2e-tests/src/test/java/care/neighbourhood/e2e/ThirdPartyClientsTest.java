package care.neighbourhood.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FHIR API as a third-party system meets it: Node scripts with npm's FHIR clients (fhir-kit-client, fhirclient) and jose (in
 * {@code e2e-tests/third-party-clients}) against the running workspace and the real Keycloak. Each
 * script asserts every step and exits non-zero at the first surprise; its output is printed.
 */
class ThirdPartyClientsTest {

    private static final Path ROOT =
            Path.of(System.getProperty("workspace.root", "..")).toAbsolutePath().normalize();
    private static final Path SCRIPTS = ROOT.resolve("e2e-tests/third-party-clients");

    private static RunningWorkspace workspace;

    @BeforeAll
    static void installClients() throws Exception {
        workspace = RunningWorkspace.shared();
        Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
        assertThat(install.exitCode())
                .as("npm ci in %s:%n%s", SCRIPTS, install.output())
                .isZero();
    }

    @Test
    void anEhrConnectsAsASmartBackendServicesClient() throws Exception {
        Result scenario = run(
                List.of("node", "backend-services.mjs"),
                Map.of(
                        "FHIR_BASE", workspace.fhirBaseUrl(),
                        "SAMPLE_CLIENT_KEYS",
                                ROOT.resolve(".runtime/sample-client-keys").toString()),
                120);
        System.out.println(scenario.output());
        assertThat(scenario.exitCode()).as(scenario.output()).isZero();
        assertThat(scenario.output())
                .contains("ok - riverside-ehr got a token with private_key_jwt")
                .contains("ok - a request without a token is refused")
                .contains("ok - forged, replayed and misaddressed client assertions are refused at the token endpoint");
    }

    @Test
    void anEhrRefersAPersonToTheCouncilWhichTakesItOn() throws Exception {
        Result scenario = runScenario("referral.mjs");
        assertThat(scenario.output())
                .contains("ok - its retry made no second referral")
                .contains("ok - the council claimed it with If-Match")
                .contains("ok - an update of a stale version is refused with 412")
                .contains("ok - the council completed it with an outcome the EHR can read")
                .contains("ok - the EHR may not read a person who is only on the council's caseload")
                .contains("ok - a Task without an owner is refused with 422 naming the element and the profile")
                .contains("ok - each write has its Provenance naming the system and its organisation");
    }

    @Test
    void theCouncilPagesThroughItsReferralsWithFhirclient() throws Exception {
        Result scenario = runScenario("paging.mjs");
        assertThat(scenario.output())
                .contains("ok - the council paged through its referrals with fhirclient")
                .contains("ok - the EHR following the council's next link gets only what it may read itself");
    }

    @Test
    void theCouncilIsToldOfReferralsAtItsOwnEndpointAndOfNothingElse() throws Exception {
        Result scenario = runScenario("subscription.mjs");
        assertThat(scenario.output())
                .contains("ok - the council subscribed to referrals addressed to it")
                .contains("ok - the council was told of every referral at its endpoint")
                .contains("ok - nothing was sent about a person the council has no relationship with");
    }

    @Test
    void theCouncilAndTheIgOfficerExportInBulkOnlyWhatTheyMayRead() throws Exception {
        Result scenario = runScenario("bulk-export.mjs");
        assertThat(scenario.output())
                .contains("ok - the council exported only what it may read")
                .contains("ok - another system can neither follow the export nor fetch its files")
                .contains("ok - the IG officer exported consent decisions and no care record");
    }

    private static Result runScenario(String script) throws Exception {
        Result scenario = run(
                List.of("node", script),
                Map.of(
                        "FHIR_BASE", workspace.fhirBaseUrl(),
                        "SAMPLE_CLIENT_KEYS",
                                ROOT.resolve(".runtime/sample-client-keys").toString()),
                120);
        System.out.println(scenario.output());
        assertThat(scenario.exitCode()).as(scenario.output()).isZero();
        return scenario;
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Map<String, String> environment, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("third-party-client", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is needed for these tests (Node.js 20 and npm)", e);
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Result(process.exitValue(), output);
    }
}
