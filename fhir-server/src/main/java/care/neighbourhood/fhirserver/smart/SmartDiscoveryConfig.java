package care.neighbourhood.fhirserver.smart;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the SMART discovery document at its well-known address beside the FHIR endpoint. */
@Configuration
public class SmartDiscoveryConfig {

    /** The one unauthenticated address of this package; see {@code ApiSecurityConfig}. */
    public static final String DISCOVERY_PATH = SmartConfigurationServlet.PATH;

    @Bean
    ServletRegistrationBean<SmartConfigurationServlet> smartConfigurationServlet(
            SmartConfiguration configuration, FhirContext fhirContext) throws IOException {
        ServletRegistrationBean<SmartConfigurationServlet> registration = new ServletRegistrationBean<>(
                new SmartConfigurationServlet(configuration, fhirContext), DISCOVERY_PATH);
        registration.setName("smartConfiguration");
        return registration;
    }
}
