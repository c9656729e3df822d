package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessPolicy;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Asks the {@link AccessPolicy} about every write an API caller makes, as it is stored: single
 * writes, PATCH (judged on the record as patched), the entries of transactions and batches, and
 * conditional operations all pass through these storage hooks. A refusal rolls the whole transaction
 * back.
 */
@Component
public class RecordChangeGuard {

    private final AccessContexts contexts;
    private final AccessPolicy policy;

    public RecordChangeGuard(AccessContexts contexts, AccessPolicy policy) {
        this.contexts = contexts;
        this.policy = policy;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        contexts.of(request)
                .ifPresent(context -> policy.mayCreate(context, resource).orRefuse());
    }

    /** A person registered by this request is on its caller's caseload for the rest of the request. */
    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void afterCreate(IBaseResource resource, RequestDetails request) {
        if ("Patient".equals(resource.fhirType())) {
            contexts.of(request)
                    .ifPresent(context -> context.registerCreatedPerson(
                            resource.getIdElement().getIdPart()));
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        contexts.of(request)
                .ifPresent(
                        context -> policy.mayUpdate(context, previous, resource).orRefuse());
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void beforeDelete(IBaseResource resource, RequestDetails request) {
        contexts.of(request)
                .ifPresent(context -> policy.mayDelete(context, resource).orRefuse());
    }
}
