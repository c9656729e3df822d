package care.neighbourhood.fhirserver.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The workspace's profiles, loaded once at start, and the validator every write passes. */
@Configuration
public class ValidationConfig {

    @Bean
    public WorkspaceProfiles workspaceProfiles(FhirContext fhirContext, ValidationProperties properties) {
        return WorkspaceProfiles.load(fhirContext, Path.of(properties.profiles()));
    }

    @Bean
    public RecordValidator recordValidator(
            FhirContext fhirContext, DefaultProfileValidationSupport coreDefinitions, WorkspaceProfiles profiles) {
        return new RecordValidator(fhirContext, coreDefinitions, profiles);
    }

    @Bean
    public RecordValidation recordValidation(FhirContext fhirContext, RecordValidator validator) {
        return new RecordValidation(fhirContext, validator);
    }
}
