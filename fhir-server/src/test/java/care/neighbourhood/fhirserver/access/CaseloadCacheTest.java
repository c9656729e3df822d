package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.access.index.BreakGlassGrants;
import care.neighbourhood.fhirserver.access.index.CaseloadCache;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A kept caseload answers only while it is still true: no relationship changed, no grant ran out. */
class CaseloadCacheTest extends FhirServerTestBase {

    private static final List<String> MAYA =
            List.of("Practitioner/maya-okafor", "Organization/northbank-mental-health");

    @Autowired
    CaseloadCache cache;

    @Autowired
    BreakGlassGrants grants;

    @Autowired
    DaoRegistry daos;

    @Test
    void aKeptCaseloadIsReusedUntilACareTeamChanges() {
        String person = newPerson("Kept");
        assertThat(cache.relationshipsOf(MAYA)).doesNotContainKey(person);
        long reused = cache.reused();
        assertThat(cache.relationshipsOf(MAYA)).doesNotContainKey(person);
        assertThat(cache.reused()).as("nothing changed: kept").isEqualTo(reused + 1);

        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + person));
        team.addParticipant().setMember(new Reference("Practitioner/maya-okafor"));
        daos.getResourceDao("CareTeam").create(team, new SystemRequestDetails());

        assertThat(cache.relationshipsOf(MAYA)).as("seen at once").containsKey(person);
        assertThat(cache.reused()).isEqualTo(reused + 1);
    }

    @Test
    void aKeptCaseloadWithABreakGlassGrantEndsWithTheGrant() throws InterruptedException {
        String person = newPerson("Grant");
        grants.grant(
                person, "Practitioner/maya-okafor", "cache test", Instant.now().plusMillis(1500));
        assertThat(cache.relationshipsOf(MAYA)).containsKey(person);
        assertThat(cache.relationshipsOf(MAYA)).containsKey(person);

        Thread.sleep(2000);

        assertThat(cache.relationshipsOf(MAYA)).as("after the grant ran out").doesNotContainKey(person);
    }

    private String newPerson(String given) {
        Patient patient = new Patient();
        patient.addName().setFamily("Cache").addGiven(given);
        return daos.getResourceDao("Patient")
                .create(patient, new SystemRequestDetails())
                .getId()
                .getIdPart();
    }
}
