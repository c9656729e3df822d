package care.neighbourhood.fhirserver.access.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Task searches are a worklist already within the caller's caseload, and which are not. */
class OwnedOpenTasksTest {

    private static final List<String> NINA = List.of("Practitioner/nina-patel", "Organization/northbank-community");

    @ParameterizedTest(name = "owner={0} status={1}: within the caseload {2}")
    @CsvSource({
        "Organization/northbank-community,                         requested|in-progress, true",
        "Practitioner/nina-patel,                                  accepted,              true",
        "Organization/northbank-community|Practitioner/nina-patel, requested,             true",
        "Organization/city-council-asc,                            requested,             false",
        "Organization/northbank-community|Organization/age-well,   requested,             false",
        "northbank-community,                                      requested,             false",
        "Organization/northbank-community,                         completed,             false",
        "Organization/northbank-community,                         requested|completed,   false",
        "Organization/northbank-community,                         ,                      false",
        ",                                                         requested,             false"
    })
    void worklists(String owners, String states, boolean within) {
        SearchParameterMap search = new SearchParameterMap();
        if (owners != null) {
            ReferenceOrListParam or = new ReferenceOrListParam();
            for (String owner : owners.split("\\|")) {
                or.addOr(new ReferenceParam(owner));
            }
            search.add("owner", or);
        }
        if (states != null) {
            TokenOrListParam or = new TokenOrListParam();
            for (String state : states.split("\\|")) {
                or.addOr(new TokenParam(state));
            }
            search.add("status", or);
        }
        assertThat(OwnedOpenTasks.within(search, NINA)).isEqualTo(within);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"a chained owner", "a status with a modifier", "a status with a system"})
    void anythingButPlainValuesIsNotAWorklist(String variant) {
        SearchParameterMap search = new SearchParameterMap();
        ReferenceParam owner = new ReferenceParam("Organization/northbank-community");
        TokenParam status = new TokenParam("requested");
        switch (variant) {
            case "a chained owner" -> owner.setChain("name");
            case "a status with a modifier" -> status.setModifier(TokenParamModifier.NOT);
            default -> status.setSystem("http://hl7.org/fhir/task-status");
        }
        search.add("owner", owner);
        search.add("status", status);
        assertThat(OwnedOpenTasks.within(search, NINA)).isFalse();
    }
}
