package care.neighbourhood.fhirserver.access.enforcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseloadConditionTest {

    private static final List<String> GRANTEES = List.of("Practitioner/nina-patel", "Organization/northbank.1");

    @Test
    void theGranteesComeBackAsTheServerWroteThem() {
        assertThat(CaseloadCondition.granteesIn(CaseloadCondition.token(GRANTEES)))
                .contains(GRANTEES);
        // at the end of a chain HAPI passes the value on as a string
        assertThat(CaseloadCondition.granteesIn(new StringParam(CaseloadCondition.value(GRANTEES))))
                .contains(GRANTEES);
    }

    @Test
    void aValueTheServerDidNotWriteIsAnOrdinaryId() {
        String written = CaseloadCondition.value(GRANTEES);
        String guessed = "caseload-of~000000000000000000000000~Organization!northbank";
        assertThat(CaseloadCondition.granteesIn(new TokenParam(guessed))).isEmpty();
        assertThat(CaseloadCondition.granteesIn(new TokenParam("caseload-of~"))).isEmpty();
        assertThat(CaseloadCondition.granteesIn(new TokenParam("Patient/123"))).isEmpty();
        assertThat(CaseloadCondition.granteesIn(new TokenParam("urn:system", written)))
                .isEmpty();
        assertThat(CaseloadCondition.granteesIn(new TokenParam(written).setModifier(TokenParamModifier.NOT)))
                .isEmpty();
        assertThat(CaseloadCondition.granteesIn(new StringParam(written, true))).isEmpty();
    }

    @Test
    void aCaseloadNeedsSomeoneToHoldIt() {
        assertThatThrownBy(() -> CaseloadCondition.value(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaseloadCondition.value(List.of("Organization/a~b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
