package care.neighbourhood.fhirserver.smart;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the workspace tells clients about its authorisation server ({@code workspace.smart.*}). The
 * endpoints default to Keycloak's, under the token issuer; set them when the authorisation server is
 * laid out differently or is reached at another address.
 *
 * @param authorizationEndpoint where a user signs in (authorisation code grant)
 * @param tokenEndpoint where clients get their access tokens
 * @param revocationEndpoint where a client revokes a token
 * @param grantTypes the OAuth grants the realm's clients use
 * @param authMethods how confidential clients authenticate at the token endpoint
 * @param signingAlgorithms the algorithms a {@code private_key_jwt} client assertion may be signed with
 * @param scopes the scopes the realm offers: each SMART scope here is a client scope of the realm
 */
@ConfigurationProperties("workspace.smart")
public record SmartProperties(
        String authorizationEndpoint,
        String tokenEndpoint,
        String revocationEndpoint,

        @DefaultValue({"authorization_code", "client_credentials"})
        List<String> grantTypes,

        @DefaultValue({"private_key_jwt", "client_secret_basic"})
        List<String> authMethods,

        @DefaultValue({"RS384", "ES384"}) List<String> signingAlgorithms,
        @DefaultValue List<String> scopes) {}
