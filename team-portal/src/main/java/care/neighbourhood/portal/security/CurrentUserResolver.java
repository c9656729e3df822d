package care.neighbourhood.portal.security;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link CurrentUser} from the claims of the user's current access token (refreshed first
 * if it has expired, so that a change to the user's organisation or roles shows). The
 * realm puts {@code fhirUser}, {@code organisation}, {@code sector} and {@code roles} in the access
 * token; a claim missing there is looked for in the ID token.
 *
 * <p>The access token's payload is parsed, not verified. The portal received it straight from
 * Keycloak's token endpoint over the back channel, authenticated with its client secret, and it is
 * the FHIR server (which verifies every token) that decides what the user may see: the claims here
 * only choose what the portal asks for and how it greets the user. Verifying again against the JWKS
 * would add a dependency on Keycloak to every page without adding protection.
 */
@Component
public class CurrentUserResolver {

    private final AccessTokens accessTokens;

    CurrentUserResolver(AccessTokens accessTokens) {
        this.accessTokens = accessTokens;
    }

    /**
     * The signed-in user, or empty for an anonymous request.
     *
     * @throws SignInRequiredException when the user is signed in but has no usable access token
     */
    public Optional<CurrentUser> currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof OAuth2AuthenticationToken login)) {
            return Optional.empty();
        }
        var claims = new Claims(
                accessTokenClaims(accessTokens.currentAccessToken()),
                login.getPrincipal().getAttributes());
        String username = claims.string("preferred_username").orElse(login.getName());
        return Optional.of(new CurrentUser(
                username,
                claims.string("name").orElse(username),
                claims.string("fhirUser").map(CurrentUserResolver::relative).orElse(null),
                claims.string("organisation").orElse(null),
                claims.string("sector").orElse(null),
                claims.roles()));
    }

    /** {@code fhirUser} may be an absolute URL; the portal searches with {@code Practitioner/id} and the like. */
    private static String relative(String fhirUser) {
        for (String type : new String[] {"Practitioner/", "RelatedPerson/", "Patient/"}) {
            int at = fhirUser.lastIndexOf(type);
            if (at > 0 && fhirUser.charAt(at - 1) == '/') {
                return fhirUser.substring(at);
            }
        }
        return fhirUser;
    }

    private static Map<String, Object> accessTokenClaims(String accessToken) {
        try {
            return JWTParser.parse(accessToken).getJWTClaimsSet().getClaims();
        } catch (ParseException e) {
            // Not a JWT (an opaque token): every claim then comes from the ID token.
            return Map.of();
        }
    }

    /** Claims of the access token, falling back to the ID token's. */
    private record Claims(Map<String, Object> accessToken, Map<String, Object> idToken) {

        Optional<String> string(String name) {
            return first(name).map(Claims::single).filter(value -> !value.isBlank());
        }

        Set<String> roles() {
            Object roles = first("roles").orElse(null);
            if (roles == null) {
                roles = first("realm_access")
                        .filter(Map.class::isInstance)
                        .map(realmAccess -> ((Map<?, ?>) realmAccess).get("roles"))
                        .orElse(null);
            }
            var result = new LinkedHashSet<String>();
            if (roles instanceof Collection<?> values) {
                values.forEach(value -> result.add(String.valueOf(value)));
            } else if (roles != null) {
                result.add(String.valueOf(roles));
            }
            return result;
        }

        private Optional<Object> first(String name) {
            Object value = accessToken.get(name);
            return Optional.ofNullable(value != null ? value : idToken.get(name));
        }

        /** A mapper configured as multivalued gives a one-element list; take the value itself. */
        private static String single(Object value) {
            if (value instanceof Collection<?> values) {
                return values.isEmpty() ? "" : String.valueOf(values.iterator().next());
            }
            return String.valueOf(value);
        }
    }
}
