package care.neighbourhood.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

class CurrentUserResolverTests {

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void readsTheUserFromTheAccessTokenClaims() {
        signIn(Map.of("preferred_username", "sam.taylor", "name", "Sam T."));
        String token = TestLogins.accessToken(
                "sam.taylor",
                "Sam Taylor",
                "Practitioner/sam-taylor",
                "city-council-asc",
                "social-care",
                List.of("social-worker", "care-coordinator"));

        CurrentUser user = new CurrentUserResolver(() -> token).currentUser().orElseThrow();

        assertThat(user)
                .isEqualTo(new CurrentUser(
                        "sam.taylor",
                        "Sam Taylor",
                        "Practitioner/sam-taylor",
                        "city-council-asc",
                        "social-care",
                        Set.of("social-worker", "care-coordinator")));
        assertThat(user.organisationReference()).isEqualTo("Organization/city-council-asc");
        assertThat(user.hasRole("social-worker")).isTrue();
    }

    @Test
    void fallsBackToRealmRolesAndTheIdTokenAndAcceptsAnAbsoluteFhirUser() {
        signIn(Map.of("preferred_username", "grace.lee", "name", "Grace Lee", "sector", "health"));
        String token = new PlainJWT(new JWTClaimsSet.Builder()
                        .subject("sub-grace")
                        .claim("fhirUser", "http://localhost:8080/fhir/Practitioner/grace-lee")
                        .claim("organisation", List.of("riverside-practice"))
                        .claim("realm_access", Map.of("roles", List.of("care-coordinator")))
                        .build())
                .serialize();

        CurrentUser user = new CurrentUserResolver(() -> token).currentUser().orElseThrow();

        assertThat(user)
                .isEqualTo(new CurrentUser(
                        "grace.lee",
                        "Grace Lee",
                        "Practitioner/grace-lee",
                        "riverside-practice",
                        "health",
                        Set.of("care-coordinator")));
    }

    @Test
    void anOpaqueAccessTokenLeavesEverythingToTheIdToken() {
        signIn(Map.of("preferred_username", "ben.carter", "name", "Ben Carter", "organisation", "age-well"));

        CurrentUser user =
                new CurrentUserResolver(() -> "opaque-token").currentUser().orElseThrow();

        assertThat(user.username()).isEqualTo("ben.carter");
        assertThat(user.organisationCode()).isEqualTo("age-well");
        assertThat(user.practitionerReference()).isNull();
        assertThat(user.roles()).isEmpty();
    }

    @Test
    void nobodyIsSignedInWithoutAKeycloakLogin() {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("someone", "secret"));

        assertThat(new CurrentUserResolver(() -> "token").currentUser()).isEmpty();
    }

    @Test
    void aLoginWhoseTokenIsGoneMustSignInAgain() {
        signIn(Map.of("preferred_username", "nina.patel"));

        assertThatThrownBy(() -> new CurrentUserResolver(() -> {
                            throw new SignInRequiredException("refresh failed");
                        })
                        .currentUser())
                .isInstanceOf(SignInRequiredException.class);
    }

    private static void signIn(Map<String, Object> idTokenClaims) {
        var idToken = OidcIdToken.withTokenValue("id-token")
                .subject("sub")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300))
                .claims(claims -> claims.putAll(idTokenClaims))
                .build();
        var user = new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), idToken, "preferred_username");
        SecurityContextHolder.getContext()
                .setAuthentication(new OAuth2AuthenticationToken(user, user.getAuthorities(), "keycloak"));
    }
}
