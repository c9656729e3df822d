package care.neighbourhood.fhirserver.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.access.enforcement.DisclosureFilter;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** "Why can I see this?": every allowed read names its basis in the X-Access-Basis header. */
class AccessBasisTest extends FhirServerTestBase {

    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String SAM =
            TestTokens.TRUSTED.token("sam.taylor", "city-council-asc", "social-care", "social-worker");

    @Autowired
    DaoRegistry daos;

    @Test
    void aReadNamesTheCareTeamAndTheAgreementClause() {
        SampleRecords records = new SampleRecords(daos);
        String plan = records.id("CarePlan", SampleRecords.SAMPLE, "careplan-margaret-ellis");
        String team = records.id("CareTeam", SampleRecords.SAMPLE, "careteam-margaret-ellis");

        HttpResponse<String> read = get("/CarePlan/" + plan, NINA);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue(DisclosureFilter.BASIS_HEADER))
                .hasValueSatisfying(basis -> assertThat(basis)
                        .contains("relationship ")
                        .contains("CareTeam/" + team)
                        .contains("agreement northbank-neighbourhood v1 coordination"));
    }

    @Test
    void aConsentedClinicalReadSaysSoAndTheDirectoryIsTheDirectory() {
        SampleRecords records = new SampleRecords(daos);
        String stroke = records.id("Condition", SampleRecords.SAMPLE, "condition-peter-kowalski-stroke");

        assertThat(get("/Condition/" + stroke, SAM).headers().firstValue(DisclosureFilter.BASIS_HEADER))
                .hasValueSatisfying(
                        basis -> assertThat(basis).contains("clinical").contains("consent permit"));
        assertThat(get("/Organization/riverside-practice", SAM).headers().firstValue(DisclosureFilter.BASIS_HEADER))
                .hasValue("directory");
    }
}
