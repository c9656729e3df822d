package care.neighbourhood.portal.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.people.SharingChoices;
import care.neighbourhood.portal.security.CurrentUser;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sharing choices against a stand-in FHIR server: each choice is one Consent made by the person
 * (patient-privacy, the person as performer, the organisations of a sector as actors), and the page
 * puts the agreement and the person's decisions into words.
 */
class FhirSharingChoicesTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final CurrentUser MARGARET =
            new CurrentUser("margaret.ellis", "Margaret Ellis", "Patient/margaret-ellis", null, null, Set.of("person"));

    static FhirStubServer fhir;

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
        fhir.answer(request -> {
            String path = request.path();
            if (path.equals("/fhir/$sharing-agreement")) {
                var parameters = new Parameters();
                parameters.addParameter("title", new StringType("Northbank agreement"));
                parameters.addParameter("document", new StringType(FhirPersonRecordsTests.AGREEMENT));
                return Answer.ok(parameters);
            }
            if (path.equals("/fhir/Organization")) {
                return Answer.ok(FhirFixtures.bundle(
                        fhir.baseUrl(),
                        null,
                        typed("city-council-asc", "City Council Adult Social Care", "social-care"),
                        typed("age-well", "Age Well Northbank", "voluntary"),
                        typed("riverside-practice", "Riverside Medical Practice", "health")));
            }
            if (path.equals("/fhir/Patient/margaret-ellis")) {
                Patient margaret = new Patient();
                margaret.setId("Patient/margaret-ellis");
                margaret.addName().setFamily("Ellis").addGiven("Margaret");
                return Answer.ok(margaret);
            }
            if (path.equals("/fhir/RelatedPerson")) {
                RelatedPerson george = new RelatedPerson();
                george.setId("RelatedPerson/george-ellis");
                george.setPatient(new Reference("Patient/margaret-ellis"));
                george.addName().setFamily("Ellis").addGiven("George");
                return Answer.ok(FhirFixtures.bundle(fhir.baseUrl(), null, george));
            }
            if (path.equals("/fhir/Consent") && "GET".equals(request.method())) {
                Consent optOut = new Consent();
                optOut.setId("Consent/c1/_history/2");
                optOut.getProvision()
                        .setType(Consent.ConsentProvisionType.DENY)
                        .addActor()
                        .setReference(new Reference("Organization/age-well"));
                return Answer.ok(FhirFixtures.bundle(fhir.baseUrl(), null, optOut));
            }
            if (path.equals("/fhir/Consent") && "POST".equals(request.method())) {
                return Answer.resource(201, FHIR.newJsonParser().parseResource(Consent.class, request.body()));
            }
            return Answer.outcome(404, "Not stubbed");
        });
    }

    @Test
    void thePageSaysWhatIsSharedAndTheirDecisionsInWords() {
        SharingChoices.SharingPage page = service().pageOf(MARGARET, "margaret-ellis");
        assertThat(page.byDefault())
                .anyMatch(sentence -> sentence.startsWith("Plan, care team, goals, tasks and messages: shared with"))
                .anyMatch(sentence -> sentence.contains("health staff") && sentence.contains("only if you agree"));
        assertThat(page.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.words()).isEqualTo("You have chosen not to share your record with Age Well Northbank");
            assertThat(decision.version()).isEqualTo("2");
        });
        assertThat(page.organisations())
                .extracting(choice -> choice.value())
                .contains("Organization/age-well", "sector:social-care", "sector:voluntary");
        assertThat(page.carers()).extracting(choice -> choice.label()).containsExactly("George Ellis");
        assertThat(page.dataClasses()).extracting(choice -> choice.value()).contains("clinical");
    }

    @Test
    void stoppingSharingWithASectorNamesEachOfItsOrganisationsInOneConsentMadeByThePerson() {
        String effect = service().stopSharingWith(MARGARET, "margaret-ellis", "sector:social-care");

        assertThat(effect)
                .isEqualTo("City Council Adult Social Care will no longer see your plan or anything else in"
                        + " your record.");
        Consent made = posted();
        assertThat(made.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(made.getScope().hasCoding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"))
                .isTrue();
        assertThat(made.getPatient().getReference()).isEqualTo("Patient/margaret-ellis");
        assertThat(made.getPerformerFirstRep().getReference()).isEqualTo("Patient/margaret-ellis");
        assertThat(made.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        assertThat(made.getProvision().getActor())
                .extracting(actor -> actor.getReference().getReference())
                .containsExactly("Organization/city-council-asc");
    }

    @Test
    void aCarerIsLetSeeThePlanAndHelpWriteIt() {
        String effect = service().letCarerSee(MARGARET, "margaret-ellis", "RelatedPerson/george-ellis", true);

        assertThat(effect).contains("George Ellis can now see your plan").contains("help write what matters to you");
        Consent made = posted();
        assertThat(made.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT);
        assertThat(made.getProvision().getActorFirstRep().getReference().getReference())
                .isEqualTo("RelatedPerson/george-ellis");
        assertThat(made.getProvision().getClass_()).extracting(Coding::getCode).containsExactly("coordination");
        assertThat(made.getProvision().getActionFirstRep().getCoding())
                .extracting(Coding::getCode)
                .containsExactly("access", "correct");
    }

    private static Consent posted() {
        List<FhirStubServer.Received> posts = fhir.received().stream()
                .filter(r -> "POST".equals(r.method()) && r.path().equals("/fhir/Consent"))
                .toList();
        assertThat(posts).isNotEmpty();
        return FHIR.newJsonParser()
                .parseResource(Consent.class, posts.get(posts.size() - 1).body());
    }

    private static Organization typed(String id, String name, String sector) {
        Organization organisation = FhirFixtures.organisation(id, name);
        organisation
                .addType()
                .addCoding(new Coding("https://neighbourhood.example/fhir/CodeSystem/sector", sector, null));
        return organisation;
    }

    static FhirSharingChoices service() {
        var properties =
                new FhirProperties(URI.create(fhir.baseUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5), 50, 10);
        var client = new FhirClientConfig().fhirClient(FHIR, properties, () -> "token-of-margaret");
        var searches = new FhirSearches(client, properties);
        return new FhirSharingChoices(
                searches,
                client,
                new FhirAgreementTerms(new FhirSharingAgreements(client), FhirCareTeamsTests.MONDAY),
                new NeighbourhoodOrganisations(searches, FhirCareTeamsTests.MONDAY),
                FhirCareTeamsTests.MONDAY);
    }
}
