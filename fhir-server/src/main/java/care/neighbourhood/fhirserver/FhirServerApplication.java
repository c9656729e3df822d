package care.neighbourhood.fhirserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The shared record of the neighbourhood team: a FHIR R4 server at {@code /fhir}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FhirServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(FhirServerApplication.class, args);
    }
}
