package care.neighbourhood.fhirserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.fhirserver.audit.UnauthenticatedRequestAudit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;

/** When tokens cannot be checked at all, the caller gets a 503 OperationOutcome, and it is audited. */
class TokenCheckUnavailableFilterTest {

    @Test
    void anUncheckableTokenIsA503OperationOutcomeNotA500() throws Exception {
        UnauthenticatedRequestAudit audit = mock(UnauthenticatedRequestAudit.class);
        TokenCheckUnavailableFilter filter =
                new TokenCheckUnavailableFilter(new OperationOutcomeResponses(FhirContext.forR4Cached(), audit));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient/1");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> {
            throw new AuthenticationServiceException("Couldn't retrieve remote JWK set: Connection refused");
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("10");
        assertThat(response.getContentAsString())
                .contains("OperationOutcome", "cannot be checked")
                .doesNotContain("Connection refused");
        verify(audit).refused(eq(request), eq(503), any());
    }
}
