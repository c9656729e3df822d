package care.neighbourhood.portal.emergency;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The person's page says when the user's emergency access to that person ends ({@code
 * emergencyAccessEnds}, in Europe/London time), for access granted in this session.
 */
@ControllerAdvice(basePackages = "care.neighbourhood.portal.people")
class EmergencyAccessBanner {

    private final ObjectProvider<EmergencyAccessSession> sessions;
    private final ObjectProvider<Clock> clocks;

    /** Looked up per request: the session's own store, and the application clock (the system's if none). */
    EmergencyAccessBanner(ObjectProvider<EmergencyAccessSession> sessions, ObjectProvider<Clock> clocks) {
        this.sessions = sessions;
        this.clocks = clocks;
    }

    @ModelAttribute("emergencyAccessEnds")
    String emergencyAccessEnds(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
                || !(variables.get("id") instanceof String personId)) {
            return null;
        }
        EmergencyAccessSession session = sessions.getIfAvailable();
        if (session == null) {
            return null;
        }
        Clock clock = clocks.getIfAvailable(Clock::systemUTC);
        return session.grantEnds(personId, clock.instant())
                .map(EmergencyAccessSession::inWords)
                .orElse(null);
    }
}
