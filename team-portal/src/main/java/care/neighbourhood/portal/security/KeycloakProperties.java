package care.neighbourhood.portal.security;

import java.net.URI;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the portal's users sign in. Every endpoint is derived from the issuer so that the portal can
 * start before Keycloak does: nothing is discovered at start-up.
 *
 * @param issuer the realm's issuer, e.g. {@code http://localhost:8180/realms/neighbourhood}
 * @param clientId the portal's confidential client in that realm
 * @param clientSecret the client's secret
 */
@ConfigurationProperties("workspace.keycloak")
public record KeycloakProperties(String issuer, String clientId, String clientSecret) {

    public KeycloakProperties {
        Objects.requireNonNull(issuer, "workspace.keycloak.issuer is required");
        Objects.requireNonNull(clientId, "workspace.keycloak.client-id is required");
        Objects.requireNonNull(clientSecret, "workspace.keycloak.client-secret is required");
        issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    /** An endpoint of Keycloak's OpenID Connect protocol for this realm, e.g. {@code token}. */
    String openIdConnectEndpoint(String name) {
        return issuer + "/protocol/openid-connect/" + name;
    }

    /** Scheme, host and port of the issuer, for the content security policy. */
    String origin() {
        var uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
