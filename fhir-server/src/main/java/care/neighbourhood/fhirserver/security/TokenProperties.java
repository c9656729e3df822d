package care.neighbourhood.fhirserver.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which access tokens the FHIR API accepts.
 *
 * @param issuer the realm's issuer, exactly as it appears in {@code iss}
 * @param jwksUri where the realm publishes its signing keys (default: the issuer's certs endpoint)
 * @param audience the audience every token must carry
 * @param additionalTrustedKeys a JWK set (JSON) of extra public keys to trust; for tests only
 */
@ConfigurationProperties("workspace.security.token")
public record TokenProperties(
        @DefaultValue("http://localhost:8180/realms/neighbourhood")
        String issuer,

        String jwksUri,
        @DefaultValue("fhir-api") String audience,
        String additionalTrustedKeys) {

    public String effectiveJwksUri() {
        return jwksUri == null || jwksUri.isBlank() ? issuer + "/protocol/openid-connect/certs" : jwksUri;
    }
}
