package care.neighbourhood.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Before "Log in" sends the browser to Keycloak, checks that Keycloak answers; when it does not, the
 * user is shown the landing page saying that signing in is not possible at the moment, instead of a
 * browser error from a sign-in service that is down.
 */
final class SignInAvailabilityFilter extends OncePerRequestFilter {

    static final String UNAVAILABLE_PAGE = SignIn.LOGIN_PAGE + "?unavailable";

    private final SignInAvailability availability;

    SignInAvailabilityFilter(SignInAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().equals(request.getContextPath() + SignIn.KEYCLOAK_LOGIN);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.keycloakAnswers()) {
            chain.doFilter(request, response);
        } else {
            response.sendRedirect(request.getContextPath() + UNAVAILABLE_PAGE);
        }
    }
}
