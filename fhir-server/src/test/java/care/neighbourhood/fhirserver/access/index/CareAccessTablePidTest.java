package care.neighbourhood.fhirserver.access.index;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Searches join on the person's row id kept in the care access table: every entry written has it, and
 * entries written before the column existed get it at start.
 */
class CareAccessTablePidTest extends FhirServerTestBase {

    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    @Autowired
    CareAccessTable table;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void everyEntryNamesThePersonsRowAndOldEntriesAreCompletedAtStart() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("select count(*) from nw_care_access where person_pid is null", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from nw_care_access a where a.person_pid <> (select r.RES_ID from"
                                + " HFJ_RESOURCE r where r.RES_TYPE = 'Patient' and r.FHIR_ID = a.person_id)",
                        Long.class))
                .isZero();
        String before = get("/Patient?_count=100&_elements=id", NINA).body();
        assertThat(before).contains("\"resourceType\":\"Patient\"");

        long entries = jdbc.queryForObject("select count(*) from nw_care_access", Long.class);
        jdbc.update("update nw_care_access set person_pid = null");
        assertThat(get("/Patient?_count=100&_elements=id", NINA).body())
                .as("an entry without the row id matches nothing: never more than the caseload")
                .doesNotContain("\"resourceType\":\"Patient\"");

        assertThat(table.fillMissingPersonPids()).isEqualTo((int) entries);
        assertThat(jdbc.queryForObject("select count(*) from nw_care_access where person_pid is null", Long.class))
                .isZero();
        assertThat(get("/Patient?_count=100&_elements=id", NINA).body()).contains("\"resourceType\":\"Patient\"");
    }
}
