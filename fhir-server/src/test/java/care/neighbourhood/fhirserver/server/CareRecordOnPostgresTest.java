package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import care.neighbourhood.fhirserver.support.CrossedReferrals;
import care.neighbourhood.fhirserver.support.PostgresFhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class CareRecordOnPostgresTest extends PostgresFhirServerTestBase implements CareRecordRoundTrip {

    @Autowired
    DataSource dataSource;

    @Override
    public IGenericClient clientWithToken(String token) {
        return super.clientWithToken(token);
    }

    @Autowired
    DaoRegistry daos;

    @Autowired
    IInterceptorService storageInterceptors;

    /**
     * Bad input on the real database: text PostgreSQL cannot store, a label longer than it stores and
     * a write on a stale version are each answered at once with a 4xx, never retried.
     */
    @Test
    void badWritesAreAnsweredAtOnceOnPostgres() {
        String nina = TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
        String margaret = new SampleRecords(daos).patientId("9991042113");
        InputBoundsTest.RetryCounter retries = new InputBoundsTest.RetryCounter();
        storageInterceptors.registerInterceptor(retries);
        try {
            String nul = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},"
                    + "\"subject\":{\"reference\":\"Patient/" + margaret + "\"},\"note\":[{\"text\":\"a\\u0000b\"}]}";
            HttpResponse<String> refused = post("/Observation", nul, nina);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("Observation.note.text").doesNotContain("insert into");

            String longLabel = "{\"resourceType\":\"Observation\",\"meta\":{\"tag\":[{\"system\":\"urn:test\","
                    + "\"code\":\"" + "x".repeat(300) + "\"}]},\"status\":\"final\",\"code\":{\"text\":\"Weight\"},"
                    + "\"subject\":{\"reference\":\"Patient/" + margaret + "\"}}";
            HttpResponse<String> tooLong = post("/Observation", longLabel, nina);
            assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
            assertThat(tooLong.body()).contains("Observation.meta.tag[0].code");

            String task = new SampleRecords(daos).id("Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel");
            HttpResponse<String> stale = send(request("/Task/" + task)
                    .header("Authorization", "Bearer " + nina)
                    .header("Content-Type", "application/fhir+json")
                    .header("If-Match", "W/\"0\"")
                    .PUT(HttpRequest.BodyPublishers.ofString(
                            get("/Task/" + task, nina).body())));
            assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
            assertThat(retries.count()).isZero();
        } finally {
            storageInterceptors.unregisterInterceptor(retries);
        }
    }

    @Test
    void crossedTransactionsAboutTheSamePeopleAllLand() throws Exception {
        List<HttpResponse<String>> responses =
                CrossedReferrals.send(daos, (bundle, token) -> post("", bundle, token), 5);

        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200));
    }

    @Test
    void schemaComesFromHapisMigrationOnPostgres() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        Integer tables = jdbc.queryForObject(
                "select count(*) from information_schema.tables"
                        + " where lower(table_name) in ('fly_hfj_migration', 'hfj_resource', 'hfj_res_ver')",
                Integer.class);
        assertThat(tables).isEqualTo(3);
    }

    @Test
    void theNewestFirstOrderOfSearchesIsServedByAnIndex() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject(
                        "select indexdef from pg_indexes where indexname = ?",
                        String.class,
                        DatabaseSchemaMigration.NEWEST_FIRST_INDEX))
                .contains("hfj_resource", "res_updated DESC NULLS LAST");
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("set enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (var rows = statement.executeQuery(
                    "explain select res_id from hfj_resource order by res_updated desc nulls last limit 20")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            statement.execute("reset enable_seqscan");
            assertThat(plan.toString())
                    .as("the order HAPI gives -_lastUpdated needs no sort")
                    .contains(DatabaseSchemaMigration.NEWEST_FIRST_INDEX)
                    .doesNotContain("Sort");
        }
    }

    @Test
    void sortedSearchPagesArePlannedForTheirOwnValuesAndNothingElse() throws Exception {
        String page = "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 WHERE t1.RES_TYPE = ?"
                + " ORDER BY t1.RES_UPDATED DESC NULLS LAST fetch first ? rows only";
        try (var connection = dataSource.getConnection();
                var search = connection.prepareStatement(page);
                var other = connection.prepareStatement("select res_id from hfj_resource where res_id = ?")) {
            assertThat(search.unwrap(org.postgresql.PGStatement.class).getPrepareThreshold())
                    .as("never prepared on the server, so never given a generic plan")
                    .isZero();
            assertThat(other.unwrap(org.postgresql.PGStatement.class).getPrepareThreshold())
                    .as("every other statement keeps its prepared plan")
                    .isPositive();
        }
        assertThat(SearchPagePlans.isSortedSearchPage("select res_id from hfj_resource order by res_id"))
                .isFalse();
    }
}
