package care.neighbourhood.fhirserver.smart;

import care.neighbourhood.fhirserver.security.TokenProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The one description of how a client connects, as the SMART App Launch discovery document
 * (version 2). The CapabilityStatement's security section is built from the same values
 * ({@link SmartCapabilityStatement}), so the two never disagree.
 */
@Component
public class SmartConfiguration {

    private final String issuer;
    private final String jwksUri;
    private final String authorizationEndpoint;
    private final String tokenEndpoint;
    private final String revocationEndpoint;
    private final SmartProperties properties;

    public SmartConfiguration(TokenProperties token, SmartProperties properties) {
        String realm = token.issuer() + "/protocol/openid-connect";
        this.issuer = token.issuer();
        this.jwksUri = token.effectiveJwksUri();
        this.authorizationEndpoint = orElse(properties.authorizationEndpoint(), realm + "/auth");
        this.tokenEndpoint = orElse(properties.tokenEndpoint(), realm + "/token");
        this.revocationEndpoint = orElse(properties.revocationEndpoint(), realm + "/revoke");
        this.properties = properties;
    }

    public String authorizationEndpoint() {
        return authorizationEndpoint;
    }

    public String tokenEndpoint() {
        return tokenEndpoint;
    }

    public String revocationEndpoint() {
        return revocationEndpoint;
    }

    /** The discovery document, its members in the order the specification lists them. */
    public Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", jwksUri);
        document.put("authorization_endpoint", authorizationEndpoint);
        document.put("grant_types_supported", properties.grantTypes());
        document.put("token_endpoint", tokenEndpoint);
        document.put("token_endpoint_auth_methods_supported", properties.authMethods());
        document.put("token_endpoint_auth_signing_alg_values_supported", properties.signingAlgorithms());
        document.put("scopes_supported", properties.scopes());
        document.put("response_types_supported", List.of("code"));
        document.put("revocation_endpoint", revocationEndpoint);
        document.put("capabilities", capabilities());
        document.put("code_challenge_methods_supported", List.of("S256"));
        return document;
    }

    /** What the realm's clients and the server support, in the capability names of SMART App Launch. */
    private List<String> capabilities() {
        List<String> capabilities = new ArrayList<>();
        if (properties.authMethods().contains("private_key_jwt")) {
            capabilities.add("client-confidential-asymmetric");
        }
        if (properties.authMethods().stream().anyMatch(method -> method.startsWith("client_secret_"))) {
            capabilities.add("client-confidential-symmetric");
        }
        // Sign-in is OpenID Connect; both scope syntaxes are enforced (SmartScopes).
        capabilities.addAll(List.of("sso-openid-connect", "permission-v1", "permission-v2"));
        return capabilities;
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isBlank() ? otherwise : value;
    }
}
