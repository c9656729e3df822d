package care.neighbourhood.fhirserver.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token that cannot be checked because the realm's signing keys cannot be fetched is answered with a
 * 503 OperationOutcome (and audited), instead of escaping as a 500.
 */
class TokenCheckUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TokenCheckUnavailableFilter.class);

    private final OperationOutcomeResponses responses;

    TokenCheckUnavailableFilter(OperationOutcomeResponses responses) {
        this.responses = responses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
            log.warn("Could not check an access token: {}", e.getMessage());
            if (!response.isCommitted()) {
                responses.tokenCheckUnavailable(request, response);
            }
        }
    }
}
