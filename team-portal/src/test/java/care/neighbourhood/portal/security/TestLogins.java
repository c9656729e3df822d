package care.neighbourhood.portal.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Client;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Signed-in personas of the sample neighbourhood for MockMvc tests. */
public final class TestLogins {

    /** The access token {@link #ninaPatel()} carries, as the FHIR server would receive it. */
    public static final String NINA_PATEL_TOKEN = accessToken(
            "nina.patel",
            "Nina Patel",
            "Practitioner/nina-patel",
            "northbank-community",
            "health",
            List.of("community-nurse"));

    /** The access token {@link #ireneWalsh()} carries. */
    public static final String IRENE_WALSH_TOKEN = accessToken(
            "irene.walsh",
            "Irene Walsh",
            "Practitioner/irene-walsh",
            "northbank-community",
            "health",
            List.of("ig-officer"));

    private TestLogins() {}

    /** Irene Walsh, information-governance officer at Northbank Community Health Trust. */
    public static RequestPostProcessor ireneWalsh() {
        return signedIn("irene.walsh", "Irene Walsh", IRENE_WALSH_TOKEN);
    }

    /** Nina Patel, community nurse at Northbank Community Health Trust. */
    public static RequestPostProcessor ninaPatel() {
        return signedIn("nina.patel", "Nina Patel", NINA_PATEL_TOKEN);
    }

    /**
     * A user signed in through the portal's Keycloak registration whose access token is {@code
     * accessToken}: Spring Security's {@code oidcLogin()} builds the login and {@code oauth2Client()}
     * hands the token to the portal's {@code OAuth2AuthorizedClientManager}.
     */
    public static RequestPostProcessor signedIn(String username, String name, String accessToken) {
        ClientRegistration registration = OAuth2ClientConfig.keycloakRegistration(new KeycloakProperties(
                "http://localhost:8180/realms/neighbourhood", "team-portal", "team-portal-sample-secret"));
        Instant issued = Instant.now();
        var token =
                new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, issued, issued.plusSeconds(300));
        var login = oidcLogin()
                .clientRegistration(registration)
                .idToken(id -> id.subject("sub-" + username)
                        .claim("preferred_username", username)
                        .claim("name", name));
        var client = oauth2Client(OAuth2ClientConfig.REGISTRATION_ID)
                .clientRegistration(registration)
                .principalName(username)
                .accessToken(token);
        return request -> client.postProcessRequest(login.postProcessRequest(request));
    }

    /** An unsigned JWT with the claims the realm puts in access tokens. */
    public static String accessToken(
            String username, String name, String fhirUser, String organisation, String sector, List<String> roles) {
        var claims = new JWTClaimsSet.Builder()
                .issuer("http://localhost:8180/realms/neighbourhood")
                .subject("sub-" + username)
                .audience(List.of("fhir-api", "account"))
                .claim("preferred_username", username)
                .claim("name", name)
                .claim("fhirUser", fhirUser)
                .claim("organisation", organisation)
                .claim("sector", sector)
                .claim("roles", roles)
                .build();
        return new PlainJWT(claims).serialize();
    }
}
