package care.neighbourhood.fhirserver.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Checks one resource against base R4 and the workspace profile for its type. The chain it checks
 * with holds only definitions in memory (the R4 core, the workspace's profiles, the code systems
 * FHIR defines): a write never waits for a terminology server or the database to be validated.
 * Extensions the workspace does not define are allowed, and so are profiles a client declares that
 * the workspace does not know (they are reported as warnings, which do not refuse a write).
 */
public final class RecordValidator {

    private final FhirContext context;
    private final WorkspaceProfiles profiles;
    private final FhirValidator validator;

    public RecordValidator(FhirContext context, IValidationSupport coreDefinitions, WorkspaceProfiles profiles) {
        this.context = context;
        this.profiles = profiles;
        ValidationSupportChain chain = new ValidationSupportChain(
                profiles.asValidationSupport(context),
                coreDefinitions,
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setAnyExtensionsAllowed(true);
        instanceValidator.setErrorForUnknownProfiles(false);
        this.validator = context.newValidator();
        this.validator.setValidateAgainstStandardSchema(false);
        this.validator.setValidateAgainstStandardSchematron(false);
        this.validator.registerValidatorModule(instanceValidator);
    }

    /** The errors that make the resource invalid; empty when it is valid (warnings are not returned). */
    public List<ValidationError> errorsIn(IBaseResource resource) {
        String type = context.getResourceType(resource);
        ValidationOptions options = new ValidationOptions();
        profiles.profileFor(type).ifPresent(options::addProfile);
        String checkedAgainst = profiles.profileFor(type).orElse("http://hl7.org/fhir/StructureDefinition/" + type);
        return validator.validateWithResult(resource, options).getMessages().stream()
                .filter(RecordValidator::refuses)
                .map(message -> new ValidationError(
                        message.getLocationString(), message.getMessage(), checkedAgainst, message.getMessageId()))
                .toList();
    }

    private static boolean refuses(SingleValidationMessage message) {
        return message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL;
    }

    /**
     * One reason a resource is invalid.
     *
     * @param location where in the resource, as a FHIRPath (e.g. {@code Task.for})
     * @param message what is wrong, as the validator puts it
     * @param profile the profile the resource was checked against
     * @param messageId the validator's identifier for this kind of problem
     */
    public record ValidationError(String location, String message, String profile, String messageId) {}
}
