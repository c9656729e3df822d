package care.neighbourhood.fhirserver.export;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.ExportPolicy;
import care.neighbourhood.fhirserver.access.SmartScopes;
import care.neighbourhood.fhirserver.record.RecordTypes;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.springframework.stereotype.Component;

/**
 * HAPI runs an export as a job with the server's rights; this makes it the requester's. When the job
 * is asked for, the requester is recorded on it (and on its files), and the types asked for must be
 * ones the requester's scopes allow; while it runs, every record it would write is judged by the
 * access rules for the requester, so the files hold only what the requester could read through the
 * API. A job the server did not record a requester for exports nothing. Registered on the storage
 * interceptor service, where HAPI's export calls these hooks.
 */
@Component
public class ExportJobs {

    private final AccessContexts contexts;
    private final AccessPolicy policy;

    public ExportJobs(AccessContexts contexts, AccessPolicy policy) {
        this.contexts = contexts;
        this.policy = policy;
    }

    @Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
    public void asked(BulkExportJobParameters parameters, RequestDetails request) {
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return; // not an API caller: the job gets no requester and exports nothing
        }
        Caller caller = context.get().caller();
        ExportPolicy.refusalToExport(caller).ifPresent(refusal -> {
            throw AccessDenied.becauseOfTheRequest(refusal);
        });
        List<String> types = parameters.getResourceTypes();
        if (types != null && !types.isEmpty()) {
            ExportPolicy.refusalOfTypes(caller, types).ifPresent(refusal -> {
                throw AccessDenied.becauseOfTheRequest(refusal);
            });
        } else if (parameters.getExportStyle() == BulkExportJobParameters.ExportStyle.SYSTEM) {
            parameters.setResourceTypes(exportableTypes(caller));
        }
        ExportRequester.record(parameters, caller);
        Identifier owner = ExportPolicy.fileOwnerOf(caller);
        parameters.setBinarySecurityContextIdentifierSystem(owner.getSystem());
        parameters.setBinarySecurityContextIdentifierValue(owner.getValue());
    }

    @Hook(Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION)
    public boolean include(BulkExportJobParameters parameters, IBaseResource resource) {
        return ExportRequester.of(parameters)
                .map(requester -> ExportPolicy.mayExport(policy, policy.contextFor(requester), resource))
                .orElse(false);
    }

    /** A system-level export that names no types: every type an export holds that the scopes allow. */
    private static List<String> exportableTypes(Caller caller) {
        return RecordTypes.all().stream()
                .map(RecordTypes.RecordType::name)
                .filter(ExportPolicy::mayHoldType)
                .filter(type -> SmartScopes.permits(caller.scopes(), type, SmartScopes.Access.READ))
                .sorted()
                .toList();
    }
}
