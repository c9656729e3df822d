package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which statements are planned for their own values: HAPI's sorted search pages, in either case, and no other. */
class SearchPagePlansTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 WHERE t1.RES_TYPE = ? ORDER BY t1.RES_UPDATED DESC fetch first ? rows only | true",
                "select t1.res_id from hfj_resource t1 where t1.res_type = ? order by t1.res_updated desc fetch first ? rows only | true",
                "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 WHERE t1.RES_TYPE = ? fetch first ? rows only | false",
                "SELECT t1.RES_ID FROM HFJ_RESOURCE t1 WHERE t1.RES_TYPE = ? ORDER BY t1.RES_UPDATED DESC | false",
                "select res_id from hfj_resource order by res_id | false",
                "select rt1_0.res_id,rt1_0.fhir_id from hfj_resource rt1_0 where rt1_0.res_id=? | false",
                "SELECT | false"
            })
    void onlySortedSearchPagesAre(String sql, boolean planned) {
        assertThat(SearchPagePlans.isSortedSearchPage(sql)).isEqualTo(planned);
    }
}
