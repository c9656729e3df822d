package care.neighbourhood.fhirserver.sampledata;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The sample neighbourhood is loaded at start-up, and loading it again changes nothing. */
class SampleNeighbourhoodLoaderTest extends FhirServerTestBase {

    private static final List<String> TYPES = List.of(
            "Organization",
            "Practitioner",
            "PractitionerRole",
            "Patient",
            "RelatedPerson",
            "CareTeam",
            "CarePlan",
            "Goal",
            "Task",
            "Condition",
            "Observation",
            "Consent");

    @Autowired
    SampleNeighbourhoodLoader loader;

    @Autowired
    DaoRegistry daos;

    @Test
    void sampleNeighbourhoodIsLoadedAtStartUp() {
        Map<String, Integer> counts = counts();
        assertThat(counts.get("Organization")).isGreaterThanOrEqualTo(5);
        assertThat(counts.get("Practitioner")).isGreaterThanOrEqualTo(8);
        assertThat(counts.get("PractitionerRole")).isGreaterThanOrEqualTo(8);
        assertThat(counts.get("Patient")).isGreaterThanOrEqualTo(15);
        assertThat(counts.get("CareTeam")).isGreaterThanOrEqualTo(10);
        assertThat(counts.get("Task")).isGreaterThanOrEqualTo(10);
    }

    @Test
    void loadingAgainChangesNothing() {
        Map<String, Integer> before = counts();
        Map<String, Long> versionsBefore = versions();

        loader.load();

        assertThat(counts()).isEqualTo(before);
        assertThat(versions()).isEqualTo(versionsBefore);
    }

    private Map<String, Integer> counts() {
        return TYPES.stream()
                .collect(Collectors.toMap(
                        Function.identity(),
                        type -> daos.getResourceDao(type)
                                .search(SearchParameterMap.newSynchronous(), new SystemRequestDetails())
                                .getAllResources()
                                .size()));
    }

    /** Organisations and staff are PUT with fixed ids: an unchanged PUT must not make a new version. */
    private Map<String, Long> versions() {
        return daos
                .getResourceDao("Practitioner")
                .search(SearchParameterMap.newSynchronous(), new SystemRequestDetails())
                .getAllResources()
                .stream()
                .collect(Collectors.toMap(
                        r -> r.getIdElement().getIdPart(), r -> r.getIdElement().getVersionIdPartAsLong()));
    }
}
