package care.neighbourhood.fhirserver.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's checks of request headers, as loops instead of regular expressions: every
 * request carries an access token of over a thousand characters, and matching it against the
 * firewall's and the bearer resolver's patterns cost about a twentieth of a read. The rules are the
 * same ({@code PlainHeaderChecksTest} compares them with Spring's on a table of headers).
 */
final class PlainHeaderChecks {

    private static final String BEARER = "Bearer ";

    private PlainHeaderChecks() {}

    /**
     * The strict firewall, with header names and values checked as Spring's default patterns do, and
     * the parameters' names and values checked as the request arrives rather than when something first
     * asks for them (deep inside the FHIR server, where a refusal would surface as an internal error).
     */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                FirewalledRequest checked = super.getFirewalledRequest(request);
                checked.getParameterMap();
                return checked;
            }
        };
        firewall.setAllowedHeaderNames(PlainHeaderChecks::assignedAndNotControl);
        firewall.setAllowedHeaderValues(PlainHeaderChecks::assignedAndNotControl);
        return firewall;
    }

    /** Spring's {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
    static boolean assignedAndNotControl(String text) {
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c >= ' ' && c < 0x7f) { // printable ASCII, nearly every character of every header
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            if (!Character.isDefined(codePoint) || Character.getType(codePoint) == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header, as Spring's default resolver reads
     * it (tokens are taken from the header only): none without a bearer header, an error for a
     * malformed one.
     */
    static BearerTokenResolver bearerTokens() {
        return PlainHeaderChecks::bearerToken;
    }

    static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length() - 1)) {
            return null;
        }
        if (header.length() <= BEARER.length()
                || header.charAt(BEARER.length() - 1) != ' '
                || !isTokenText(header, BEARER.length())) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return header.substring(BEARER.length());
    }

    /** {@code [a-zA-Z0-9-._~+/]+=*} from {@code start} to the end. */
    private static boolean isTokenText(String text, int start) {
        int i = start;
        while (i < text.length() && isTokenCharacter(text.charAt(i))) {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < text.length() && text.charAt(i) == '=') {
            i++;
        }
        return i == text.length();
    }

    private static boolean isTokenCharacter(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '+'
                || c == '/';
    }
}
