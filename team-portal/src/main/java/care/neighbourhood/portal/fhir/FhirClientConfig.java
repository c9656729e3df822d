package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import care.neighbourhood.portal.security.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One FHIR context and one generic client for the whole portal; the client is thread-safe. */
@Configuration(proxyBeanMethods = false)
class FhirClientConfig {

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    IGenericClient fhirClient(FhirContext fhirContext, FhirProperties fhir, AccessTokens accessTokens) {
        IRestfulClientFactory factory = fhirContext.getRestfulClientFactory();
        // The CapabilityStatement is not fetched first: the server may start after the portal, and the
        // portal knows which server it talks to.
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout(Math.toIntExact(fhir.connectTimeout().toMillis()));
        factory.setConnectionRequestTimeout(
                Math.toIntExact(fhir.connectTimeout().toMillis()));
        factory.setSocketTimeout(Math.toIntExact(fhir.readTimeout().toMillis()));
        IGenericClient client =
                fhirContext.newRestfulGenericClient(fhir.baseUrl().toString());
        client.setEncoding(EncodingEnum.JSON);
        client.registerInterceptor(new BearerTokenRelay(accessTokens));
        client.registerInterceptor(new ResponseHeaders());
        return client;
    }
}
