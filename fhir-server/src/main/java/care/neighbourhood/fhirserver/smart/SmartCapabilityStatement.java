package care.neighbourhood.fhirserver.smart;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.stereotype.Component;

/**
 * Adds the security section to the CapabilityStatement: the SMART on FHIR service and, in the OAuth
 * URIs extension, where to sign in, get and revoke tokens. The same values as the discovery document
 * ({@link SmartConfiguration}).
 */
@Component
@Interceptor
public class SmartCapabilityStatement {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
    static final String SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";

    private final SmartConfiguration configuration;

    public SmartCapabilityStatement(SmartConfiguration configuration) {
        this.configuration = configuration;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describeSecurity(IBaseConformance generated) {
        if (!(generated instanceof CapabilityStatement statement)) {
            return;
        }
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.setCors(false);
            security.getService().clear();
            security.addService(new CodeableConcept()
                    .addCoding(new org.hl7.fhir.r4.model.Coding(SERVICE_SYSTEM, "SMART-on-FHIR", "SMART-on-FHIR"))
                    .setText("OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"));
            security.setDescription("Bearer access tokens from the neighbourhood realm. Systems authenticate"
                    + " with private_key_jwt (SMART Backend Services); staff sign in through the realm."
                    + " Discovery: .well-known/smart-configuration.");
            security.getExtension().removeIf(extension -> OAUTH_URIS.equals(extension.getUrl()));
            Extension uris = security.addExtension().setUrl(OAUTH_URIS);
            uris.addExtension("token", new UriType(configuration.tokenEndpoint()));
            uris.addExtension("authorize", new UriType(configuration.authorizationEndpoint()));
            uris.addExtension("revoke", new UriType(configuration.revocationEndpoint()));
        }
    }
}
