package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import care.neighbourhood.fhirserver.support.CrossedReferrals;
import care.neighbourhood.fhirserver.support.PostgresFhirServerTestBase;
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
}
