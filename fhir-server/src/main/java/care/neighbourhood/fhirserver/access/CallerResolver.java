package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link Caller} of a request from its verified access token, once per request. Internal
 * work of the server itself ({@link SystemRequestDetails}) has no caller.
 */
@Component
public class CallerResolver {

    private static final String CALLER_KEY = CallerResolver.class.getName() + ".caller";
    private static final int KEPT_CALLERS = 10_000;
    static final String PERSON_ROLE = "person";
    static final String CARER_ROLE = "carer";

    /**
     * Callers already built, by the access token they came from. A token reaches here only once
     * Spring Security has verified it (signature, issuer, expiry), and a token's claims never change,
     * so neither does the caller built from them.
     */
    private final java.util.Map<String, Caller> byToken = new java.util.concurrent.ConcurrentHashMap<>();

    /** The caller of an API request; empty for the server's own internal work. */
    public Optional<Caller> callerOf(RequestDetails request) {
        if (request == null || request instanceof SystemRequestDetails) {
            return Optional.empty();
        }
        Object cached = request.getUserData().get(CALLER_KEY);
        if (cached instanceof Caller caller) {
            return Optional.of(caller);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            if (request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
                return Optional.empty(); // the CapabilityStatement is public
            }
            // Spring Security lets no other FHIR request through without a token: a wiring fault.
            throw new AuthenticationException("No verified access token for this request.");
        }
        Caller caller = byToken.get(token.getToken().getTokenValue());
        if (caller == null) {
            if (byToken.size() >= KEPT_CALLERS) {
                byToken.clear(); // tokens live minutes: those still in use are soon back
            }
            caller = fromToken(token.getToken());
            byToken.put(token.getToken().getTokenValue(), caller);
        }
        request.getUserData().put(CALLER_KEY, caller);
        return Optional.of(caller);
    }

    static Caller fromToken(Jwt jwt) {
        String fhirUser = jwt.getClaimAsString("fhirUser");
        String practitioner = referenceTo("Practitioner", fhirUser);
        String person = referenceTo("Patient", fhirUser);
        String carer = referenceTo("RelatedPerson", fhirUser);
        String clientId = firstNonBlank(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("azp"));
        Set<String> roles = roles(jwt);
        Caller.Kind kind = kindOf(practitioner, person, carer, roles);
        String username = kind == Caller.Kind.SYSTEM
                ? clientId
                : firstNonBlank(jwt.getClaimAsString("preferred_username"), jwt.getSubject());
        boolean personal = kind == Caller.Kind.PERSON || kind == Caller.Kind.CARER;
        return new Caller(
                kind,
                jwt.getIssuer() + "|" + jwt.getSubject(),
                username,
                practitioner,
                // a person or carer speaks for no organisation and no sector, whatever the token says
                personal ? null : blankToNull(jwt.getClaimAsString("organisation")),
                personal ? null : blankToNull(jwt.getClaimAsString("sector")),
                roles,
                scopes(jwt.getClaimAsString("scope")),
                clientId,
                person != null ? person : carer);
    }

    /**
     * Staff have a Practitioner, a person their Patient and the {@value #PERSON_ROLE} role, a carer a
     * RelatedPerson and the {@value #CARER_ROLE} role; a token with none of these is a system's. A
     * token whose {@code fhirUser} and roles disagree is refused rather than guessed at.
     */
    private static Caller.Kind kindOf(String practitioner, String person, String carer, Set<String> roles) {
        boolean personRole = roles.contains(PERSON_ROLE);
        boolean carerRole = roles.contains(CARER_ROLE);
        if (practitioner != null && !personRole && !carerRole) {
            return Caller.Kind.STAFF;
        }
        if (person != null && personRole && !carerRole) {
            return Caller.Kind.PERSON;
        }
        if (carer != null && carerRole && !personRole) {
            return Caller.Kind.CARER;
        }
        if (practitioner == null && person == null && carer == null && !personRole && !carerRole) {
            return Caller.Kind.SYSTEM;
        }
        throw AccessDenied.becauseOfTheToken("The token's fhirUser and roles do not agree on who the user is:"
                + " a person has their Patient and the person role, a carer a RelatedPerson and the carer role.");
    }

    /** {@code <type>/x}, also from an absolute URL; anything else is not a reference to that type. */
    private static String referenceTo(String type, String fhirUser) {
        if (fhirUser == null) {
            return null;
        }
        String marker = type + "/";
        int at = fhirUser.lastIndexOf(marker);
        if (at < 0 || (at > 0 && fhirUser.charAt(at - 1) != '/')) {
            return null;
        }
        String id = fhirUser.substring(at + marker.length());
        return id.matches("[A-Za-z0-9\\-.]{1,64}") ? marker + id : null;
    }

    private static Set<String> roles(Jwt jwt) {
        Set<String> roles = new LinkedHashSet<>();
        List<String> flat = jwt.getClaimAsStringList("roles");
        if (flat != null) {
            roles.addAll(flat);
        }
        Object realmAccess = jwt.getClaims().get("realm_access");
        if (realmAccess instanceof java.util.Map<?, ?> map && map.get("roles") instanceof Collection<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role)));
        }
        return Set.copyOf(roles);
    }

    private static Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        return Set.of(scope.trim().split("\\s+"));
    }

    private static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
