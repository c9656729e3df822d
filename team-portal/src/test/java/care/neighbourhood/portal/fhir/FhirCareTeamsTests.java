package care.neighbourhood.portal.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.audit.SharingAgreement;
import care.neighbourhood.portal.audit.SharingAgreements;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.people.CareTeamChange;
import care.neighbourhood.portal.people.CareTeamNotChangedException;
import care.neighbourhood.portal.people.CareTeams;
import care.neighbourhood.portal.people.NotChangedBecause;
import care.neighbourhood.portal.security.CurrentUser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Care team changes against a stand-in FHIR server: If-Match, the member as recorded, the note, 412. */
class FhirCareTeamsTests {

    static final CurrentUser NINA = new CurrentUser(
            "nina.patel",
            "Nina Patel",
            "Practitioner/nina-patel",
            "northbank-community",
            "health",
            Set.of("community-nurse"));
    static final Clock MONDAY = Clock.fixed(Instant.parse("2026-11-30T09:00:00Z"), ZoneId.of("Europe/London"));

    static FhirStubServer fhir;
    static String teamVersion;

    @BeforeAll
    static void startFhirServer() {
        fhir = FhirStubServer.start();
    }

    @AfterAll
    static void stopFhirServer() {
        fhir.close();
    }

    @BeforeEach
    void answerAsTheRecordWould() {
        teamVersion = "4";
        fhir.answer(request -> {
            if (request.path().endsWith("/CareTeam/ct1") && "GET".equals(request.method())) {
                return Answer.ok(team(teamVersion));
            }
            if (request.path().endsWith("/CareTeam/ct1") && "PUT".equals(request.method())) {
                return Answer.ok(team("5")).withHeader("X-Care-Access-Gained", "Patient/p1 Practitioner/ben-carter");
            }
            if (request.path().endsWith("/Organization")) {
                return Answer.ok(
                        bundle(new Organization().setName("Age Well Northbank").setId("age-well")));
            }
            if (request.path().endsWith("/PractitionerRole")) {
                PractitionerRole role = new PractitionerRole()
                        .setPractitioner(new Reference("Practitioner/ben-carter"))
                        .setOrganization(new Reference("Organization/age-well"));
                role.setId("ben-carter-role");
                Practitioner ben = new Practitioner()
                        .addName(new HumanName().setFamily("Carter").addGiven("Ben"));
                ben.setId("ben-carter");
                return Answer.ok(bundle(role, ben));
            }
            return Answer.outcome(404, "Not stubbed");
        });
    }

    @Test
    void addingSomeoneRecordsThemInTheirRoleWithTheVersionSeenAndSaysWhoMayNowSeeTheRecord() {
        CareTeamChange change = service()
                .add(
                        NINA,
                        "p1",
                        new CareTeams.NewMember(
                                "ct1",
                                "4",
                                "PractitionerRole/ben-carter-role",
                                "support-worker",
                                LocalDate.of(2026, 12, 1)));

        var put = fhir.received().stream()
                .filter(r -> "PUT".equals(r.method()))
                .findFirst()
                .orElseThrow();
        assertThat(put.ifMatch()).isEqualTo("W/\"4\"");
        CareTeam sent = FhirContext.forR4Cached().newJsonParser().parseResource(CareTeam.class, put.body());
        var added = sent.getParticipant().get(sent.getParticipant().size() - 1);
        assertThat(added.getMember().getReference()).isEqualTo("Practitioner/ben-carter");
        assertThat(added.getOnBehalfOf().getReference()).isEqualTo("Organization/age-well");
        assertThat(added.getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("support-worker");
        assertThat(added.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-12-01");
        assertThat(sent.getNoteFirstRep().getAuthorReference().getReference()).isEqualTo("Practitioner/nina-patel");
        assertThat(sent.getNoteFirstRep().getText()).contains("Ben Carter was added");
        assertThat(change.gained()).containsExactly("Ben Carter (Age Well Northbank)");
        assertThat(change.lost()).isEmpty();
        assertThat(change.userStillSeesPerson()).isTrue();
    }

    @Test
    void aTeamChangedSinceTheUserSawItIsNotWrittenAndTheUserIsTold() {
        teamVersion = "5";

        assertThatThrownBy(() -> service()
                        .end(
                                NINA,
                                "p1",
                                new CareTeams.EndedMembership(
                                        "ct1",
                                        "4",
                                        0,
                                        "Practitioner/maya-okafor",
                                        LocalDate.of(2026, 11, 29),
                                        "Discharged")))
                .isInstanceOf(CareTeamNotChangedException.class)
                .hasMessageContaining("Someone else changed this care team")
                .hasMessageContaining("Nothing you entered was saved")
                .extracting(e -> ((CareTeamNotChangedException) e).why())
                .isEqualTo(NotChangedBecause.CHANGED_MEANWHILE);
        assertThat(fhir.received()).noneMatch(r -> "PUT".equals(r.method()));
    }

    @Test
    void aMembershipThatIsNotTheOneTheUserSawIsRefused() {
        assertThatThrownBy(() -> service()
                        .end(
                                NINA,
                                "p1",
                                new CareTeams.EndedMembership(
                                        "ct1",
                                        "4",
                                        0,
                                        "Practitioner/someone-else",
                                        LocalDate.of(2026, 11, 29),
                                        "Discharged")))
                .isInstanceOf(CareTeamNotChangedException.class)
                .hasMessageContaining("not in the care team");
    }

    @Test
    void theAccessHeadersAreReadForThisPersonOnly() {
        var outcome = new ca.uhn.fhir.rest.api.MethodOutcome();
        outcome.setResponseHeaders(Map.of(
                "x-care-access-lost",
                java.util.List.of("Patient/p1 Practitioner/ben-carter, Patient/p2 Organization/age-well")));

        assertThat(FhirCareTeams.granteesIn(outcome, FhirCareTeams.LOST, "p1"))
                .containsExactly("Practitioner/ben-carter");
        assertThat(FhirCareTeams.granteesIn(outcome, FhirCareTeams.GAINED, "p1"))
                .isEmpty();
    }

    static CareTeam team(String version) {
        CareTeam team = new CareTeam().setSubject(new Reference("Patient/p1"));
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.addParticipant().setMember(new Reference("Practitioner/maya-okafor"));
        team.setId(new org.hl7.fhir.r4.model.IdType("CareTeam", "ct1", version));
        team.getMeta().setVersionId(version);
        return team;
    }

    static Bundle bundle(Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Resource resource : resources) {
            bundle.addEntry().setResource(resource);
        }
        return bundle;
    }

    static FhirCareTeams service() {
        var properties =
                new FhirProperties(URI.create(fhir.baseUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5), 50, 10);
        var client = new FhirClientConfig().fhirClient(FhirContext.forR4Cached(), properties, () -> "token-of-nina");
        var searches = new FhirSearches(client, properties);
        SharingAgreements none = () -> new SharingAgreement("", "", "", "", "");
        return new FhirCareTeams(
                searches,
                client,
                new CareTeamCandidates(searches),
                new FhirAgreementTerms(none, MONDAY),
                codes -> Map.of("northbank-community", "Northbank Community Health Trust"),
                MONDAY);
    }
}
