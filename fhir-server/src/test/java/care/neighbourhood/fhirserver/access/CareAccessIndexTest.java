package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The care access index on the sample neighbourhood: who has a relationship with whom, and how a
 * change to a care team is seen at once.
 */
class CareAccessIndexTest extends FhirServerTestBase {

    private static final List<String> NINA = List.of("Practitioner/nina-patel", "Organization/northbank-community");

    @Autowired
    CareAccessIndex index;

    @Autowired
    DaoRegistry daos;

    @Test
    void communityNurseIsRelatedToHerCaseloadAndToReferralsAddressedToHerTrust() {
        Set<String> names = names(index.peopleRelatedTo(NINA));

        assertThat(names)
                .contains(
                        "Margaret Ellis",
                        "Arthur Bennett",
                        "Daniel Foster",
                        "Doreen Patterson",
                        "Eileen Murphy",
                        "Kwame Mensah",
                        "Leonard Price",
                        "Priya Desai",
                        "Thomas O'Brien")
                // open referrals owned by Northbank Community Health Trust
                .contains("Joan Fletcher", "Stanley Hughes")
                // ended participation, an inactive team, no care team at all
                .doesNotContain("Harold Jenkins", "Rose Whitfield", "Edith Moore");
    }

    @Test
    void socialWorkerIsRelatedThroughHisRoleAndHisCouncil() {
        Set<String> names =
                names(index.peopleRelatedTo(List.of("Practitioner/sam-taylor", "Organization/city-council-asc")));

        assertThat(names)
                .contains("Margaret Ellis", "Peter Kowalski", "Thomas O'Brien", "Sandra Lewis", "Fatima Rahman")
                .doesNotContain("Daniel Foster", "Edith Moore");
    }

    @Test
    void addingAndEndingACareTeamParticipantChangesRelationshipsAtOnce() {
        String edith = idOf("Edith Moore");
        List<String> maya = List.of("Practitioner/maya-okafor");
        assertThat(index.peopleRelatedTo(maya)).doesNotContain(edith);

        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + edith));
        team.addParticipant().setMember(new Reference("Practitioner/maya-okafor"));
        IdType teamId = (IdType) daos.getResourceDao("CareTeam")
                .create(team, new SystemRequestDetails())
                .getId()
                .toUnqualifiedVersionless();
        assertThat(index.peopleRelatedTo(maya)).contains(edith);

        team.setId(teamId);
        team.getParticipantFirstRep().setPeriod(new Period().setEnd(new java.util.Date(0)));
        daos.getResourceDao("CareTeam").update(team, new SystemRequestDetails());
        assertThat(index.peopleRelatedTo(maya)).doesNotContain(edith);

        daos.getResourceDao("CareTeam").delete(teamId, new SystemRequestDetails());
        assertThat(index.peopleRelatedTo(maya)).doesNotContain(edith);
    }

    private Set<String> names(Set<String> patientIds) {
        return patientIds.stream()
                .map(id -> (Patient)
                        daos.getResourceDao("Patient").read(new IdType("Patient", id), new SystemRequestDetails()))
                .map(p -> p.getNameFirstRep().getGivenAsSingleString() + " "
                        + p.getNameFirstRep().getFamily())
                .collect(Collectors.toSet());
    }

    private String idOf(String fullName) {
        String family = fullName.substring(fullName.indexOf(' ') + 1);
        SearchParameterMap query =
                SearchParameterMap.newSynchronous("family", new ca.uhn.fhir.rest.param.StringParam(family));
        return daos.getResourceDao("Patient")
                .search(query, new SystemRequestDetails())
                .getAllResources()
                .get(0)
                .getIdElement()
                .getIdPart();
    }
}
