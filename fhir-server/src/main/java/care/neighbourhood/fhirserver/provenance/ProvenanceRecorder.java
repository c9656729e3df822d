package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Notes every record an API caller creates, changes or deletes, in the transaction that writes it; the
 * transaction's Provenance is written once, just before it commits ({@link WrittenInTransaction}).
 * Registered on the storage interceptor service, so a transaction bundle, a PATCH and an operation that
 * writes (break-glass) are all covered. The server's own work (the sample loader, the sweeps) has no
 * caller and records none.
 */
@Component
public class ProvenanceRecorder {

    private final AccessContexts contexts;
    private final ProvenanceWriter writer;

    public ProvenanceRecorder(AccessContexts contexts, ProvenanceWriter writer) {
        this.contexts = contexts;
        this.writer = writer;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        note(resource, request, WrittenRecord.Action.CREATE);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        note(resource, request, WrittenRecord.Action.UPDATE);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        note(resource, request, WrittenRecord.Action.DELETE);
    }

    private void note(IBaseResource resource, RequestDetails request, WrittenRecord.Action action) {
        if (!ProvenanceContent.isRecordedFor(resource.fhirType())) {
            return;
        }
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        WrittenInTransaction.note(writer, context.get().caller(), new WrittenRecord(resource, action));
    }
}
