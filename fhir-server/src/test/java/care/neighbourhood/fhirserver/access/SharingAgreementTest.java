package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agreement in config/sharing loads; a broken one stops the server with the problem named. */
class SharingAgreementTest {

    private static final Path AGREEMENT = Path.of("../config/sharing/neighbourhood-sharing-agreement.yaml");

    @TempDir
    Path temp;

    @Test
    void theNeighbourhoodAgreementLoadsAndSaysWhatDesignSays() {
        SharingAgreement agreement = SharingAgreementConfig.load(AGREEMENT);
        Caller nurse = caller("health", "community-nurse");
        Caller socialWorker = caller("social-care", "social-worker");
        Caller supportWorker = caller("voluntary", "support-worker");

        assertThat(agreement.version()).isPositive();
        assertThat(agreement.mayRead(nurse, "Condition")).isTrue();
        assertThat(agreement.mayRead(socialWorker, "Condition")).isFalse();
        assertThat(agreement.mayRead(socialWorker, "CarePlan")).isTrue();
        assertThat(agreement.mayRead(supportWorker, "Task")).isTrue();
        assertThat(agreement.mayWrite(socialWorker, "Observation")).isFalse();
        assertThat(agreement.maySeeRestricted(nurse)).isFalse();
        assertThat(agreement.maySeeRestricted(caller("health", "gp"))).isTrue();
        assertThat(agreement.isGovernanceOnly(caller("health", "ig-officer"))).isTrue();
        assertThat(agreement.mayChangeCareTeams(nurse)).isTrue();
        assertThat(agreement.mayChangeCareTeams(socialWorker)).isTrue();
        assertThat(agreement.mayChangeCareTeams(supportWorker)).isFalse();
        assertThat(agreement.mayChangeCareTeams(caller("health", "ig-officer"))).isFalse();
        assertThat(agreement.source()).contains("dataClasses");
    }

    @Test
    void anAgreementThatDoesNotSayWhoChangesCareTeamsIsRefused() throws IOException {
        String silent = Files.readString(AGREEMENT).replaceAll("(?s)careTeamChanges:.*?\n\n", "");
        assertThat(silent).doesNotContain("careTeamChanges");

        assertThatThrownBy(() -> SharingAgreementConfig.load(write(silent)))
                .hasMessageContaining("careTeamChanges needs roles");
        assertThatThrownBy(() -> SharingAgreementConfig.load(write(Files.readString(AGREEMENT)
                        .replace(
                                "roles: [gp, community-nurse, mental-health-practitioner, social-worker, care-coordinator]\n\nrestricted",
                                "roles: [gp, matron]\n\nrestricted"))))
                .hasMessageContaining("careTeamChanges.roles: unknown role matron");
    }

    @Test
    void aTypeInTwoClassesAnUnknownSectorAndAnUnknownRoleAreAllNamed() throws IOException {
        String broken = Files.readString(AGREEMENT)
                .replace("resourceTypes: [QuestionnaireResponse]", "resourceTypes: [QuestionnaireResponse, Condition]")
                .replace("read: {sectors: [social-care, health]}", "read: {sectors: [social-care, healthcare]}")
                .replace("roles: [gp, mental-health-practitioner]", "roles: [gp, psychiatrist]");

        assertThatThrownBy(() -> SharingAgreementConfig.load(write(broken)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be enforced")
                .hasMessageContaining("Condition is also in dataClasses.clinical")
                .hasMessageContaining("unknown sector healthcare")
                .hasMessageContaining("restricted.roles: unknown role psychiatrist");
    }

    @Test
    void aMisspelledKeyOrAMissingFileIsNamed() throws IOException {
        String misspelled = Files.readString(AGREEMENT).replace("dataClasses:", "dataClass:");
        assertThatThrownBy(() -> SharingAgreementConfig.load(write(misspelled)))
                .hasMessageContaining("is not valid")
                .hasMessageContaining("dataClass");
        assertThatThrownBy(() -> SharingAgreementConfig.load(temp.resolve("absent.yaml")))
                .hasMessageContaining("Cannot read the data-sharing agreement");
    }

    private Path write(String text) throws IOException {
        Path file = temp.resolve("agreement.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static Caller caller(String sector, String role) {
        return new Caller(
                Caller.Kind.STAFF,
                "iss|sub",
                "someone",
                "Practitioner/someone",
                "org",
                sector,
                Set.of(role),
                Set.of(),
                "team-portal");
    }
}
