package care.neighbourhood.fhirserver.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * Checks one resource against base R4 and the workspace profile for its type. The chain it checks
 * with holds only definitions in memory (the R4 core, the workspace's profiles, the code systems
 * FHIR defines): a write never waits for a terminology server or the database to be validated.
 * Extensions the workspace does not define are allowed, and so are profiles a client declares that
 * the workspace does not know (they are reported as warnings, which do not refuse a write).
 *
 * <p>Validators from the validation library are reused between resources (see {@link
 * InstanceValidators}); the definitions they read are shared by all of them.
 */
public final class RecordValidator {

    /** Validators kept between uses: about the number of threads that validate at once. */
    private static final int IDLE_VALIDATORS =
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Validations before a validator is retired, which bounds what it caches between resources. */
    private static final int USES_PER_VALIDATOR = 2_000;

    private final FhirContext context;
    private final WorkspaceProfiles profiles;
    private final Map<String, StructureDefinition> profileByType = new HashMap<>();
    private final InstanceValidators<Checker> validators;

    /**
     * A validator with what its parser needs: building the library's parser on its own builds two
     * FHIRPath engines, each walking every definition the validator knows (a fifth of the cost of
     * validating a small resource), so the profile utilities a parser needs are built once with the
     * validator and lent with it.
     */
    private record Checker(InstanceValidator validator, IWorkerContext definitions, ProfileUtilities utilities) {

        List<ValidationMessage> check(byte[] json, List<StructureDefinition> profiles) throws Exception {
            JsonParser parser = new JsonParser(definitions, utilities);
            parser.setupValidation(ValidationPolicy.EVERYTHING);
            List<ValidationMessage> found = new ArrayList<>();
            for (ValidatedFragment fragment : parser.parse(new ByteArrayInputStream(json))) {
                if (fragment.getElement() != null) {
                    validator.validate(null, fragment.getErrors(), null, fragment.getElement(), profiles);
                }
                found.addAll(fragment.getErrors());
            }
            return found;
        }
    }

    public RecordValidator(FhirContext context, IValidationSupport coreDefinitions, WorkspaceProfiles profiles) {
        this.context = context;
        this.profiles = profiles;
        ValidationSupportChain chain = new ValidationSupportChain(
                profiles.asValidationSupport(context),
                coreDefinitions,
                new CommonCodeSystemsTerminologyService(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new SnapshotGeneratingValidationSupport(context));
        WorkerContextValidationSupportAdapter definitions =
                WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(chain);
        for (String type : profiles.constrainedTypes()) {
            String url = profiles.profileFor(type).orElseThrow();
            StructureDefinition profile = definitions.fetchResource(StructureDefinition.class, url);
            if (profile == null) {
                throw new IllegalStateException("The validator cannot find the workspace profile " + url);
            }
            profileByType.put(type, profile);
        }
        this.validators = new InstanceValidators<>(() -> newChecker(definitions), IDLE_VALIDATORS, USES_PER_VALIDATOR);
    }

    private static Checker newChecker(WorkerContextValidationSupportAdapter definitions) {
        ProfileUtilities utilities =
                new ProfileUtilities(definitions, new ArrayList<>(), null, new FHIRPathEngine(definitions));
        return new Checker(newValidator(definitions), definitions, utilities);
    }

    private static InstanceValidator newValidator(WorkerContextValidationSupportAdapter definitions) {
        InstanceValidator validator = new InstanceValidator(
                definitions,
                new FhirInstanceValidator.NullEvaluationContext(),
                new XVerExtensionManagerOld(definitions),
                new ValidatorSession(),
                new ValidatorSettings());
        validator.setAnyExtensionsAllowed(true);
        validator.setErrorForUnknownProfiles(false);
        validator.setResourceIdRule(IdStatus.OPTIONAL);
        validator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
        validator.setNoExtensibleWarnings(true);
        // References are checked for their form and type only: what they point to is not looked up.
        validator.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
        return validator;
    }

    /** The errors that make the resource invalid; empty when it is valid (warnings are not returned). */
    public List<ValidationError> errorsIn(IBaseResource resource) {
        String type = context.getResourceType(resource);
        StructureDefinition profile = profileByType.get(type);
        List<StructureDefinition> checkAgainst = profile == null ? List.of() : List.of(profile);
        String checkedAgainst = profiles.profileFor(type).orElse("http://hl7.org/fhir/StructureDefinition/" + type);
        byte[] json = context.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
        List<ValidationMessage> messages = validators.withValidator(checker -> {
            try {
                return checker.check(json, checkAgainst);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("The validator could not read the resource: " + e.getMessage(), e);
            }
        });
        return messages.stream()
                .filter(RecordValidator::refuses)
                .map(message -> new ValidationError(
                        message.getLocation(), message.getMessage(), checkedAgainst, message.getMessageId()))
                .toList();
    }

    private static boolean refuses(ValidationMessage message) {
        return message.getLevel() == ValidationMessage.IssueSeverity.ERROR
                || message.getLevel() == ValidationMessage.IssueSeverity.FATAL;
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
