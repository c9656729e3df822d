package care.neighbourhood.fhirserver.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;

/**
 * Refuses an invalid resource before it is stored, whoever writes it and however: a create, an
 * update, the result of a PATCH, each entry of a transaction, the server's own loaders (not the
 * Provenance the server builds for each write, whose shape is tested instead). A storage
 * interceptor, so every write passes here. The answer is 422 with one issue per error, each naming
 * the element and the profile.
 */
public class RecordValidation {

    /**
     * Before the access rules' storage hooks (order 0). Validation reads nothing stored, so its answer
     * says nothing about the record; and the access rules then judge a complete resource (a Task
     * about no one is reported as missing its {@code for}, not as refused).
     */
    static final int BEFORE_THE_ACCESS_RULES = -100;

    private final FhirContext context;
    private final RecordValidator validator;

    public RecordValidation(FhirContext context, RecordValidator validator) {
        this.context = context;
        this.validator = validator;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RecordValidation.BEFORE_THE_ACCESS_RULES)
    public void created(IBaseResource resource, RequestDetails request) {
        if ("Provenance".equals(resource.fhirType()) && request instanceof SystemRequestDetails) {
            // Built by the server for every write (its shape is checked by ProvenanceContentTest):
            // validating it would double the cost of validating most writes.
            return;
        }
        check(resource);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RecordValidation.BEFORE_THE_ACCESS_RULES)
    public void updated(IBaseResource previous, IBaseResource resource) {
        check(resource);
    }

    private void check(IBaseResource resource) {
        List<RecordValidator.ValidationError> errors = validator.errorsIn(resource);
        if (!errors.isEmpty()) {
            throw new UnprocessableEntityException(context, outcome(context.getResourceType(resource), errors));
        }
    }

    private static OperationOutcome outcome(String type, List<RecordValidator.ValidationError> errors) {
        OperationOutcome outcome = new OperationOutcome();
        for (RecordValidator.ValidationError error : errors) {
            String message = error.message().contains(error.profile())
                    ? error.message()
                    : error.message() + " (profile " + error.profile() + ")";
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.PROCESSING)
                    .setDiagnostics("This " + type + " is not valid: " + message);
            if (error.location() != null) {
                issue.addExpression(error.location());
                issue.getLocation().add(new StringType(error.location()));
            }
        }
        return outcome;
    }
}
