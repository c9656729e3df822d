package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
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
    public void created(IBaseResource resource, RequestDetails request, TransactionDetails details) {
        note(resource, request, details, WrittenRecord.Action.CREATE);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(
            IBaseResource previous, IBaseResource resource, RequestDetails request, TransactionDetails details) {
        note(resource, request, details, WrittenRecord.Action.UPDATE);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request, TransactionDetails details) {
        note(resource, request, details, WrittenRecord.Action.DELETE);
    }

    private void note(
            IBaseResource resource, RequestDetails request, TransactionDetails details, WrittenRecord.Action action) {
        if (!ProvenanceContent.isRecordedFor(resource.fhirType())) {
            return;
        }
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        WrittenInTransaction.note(
                writer,
                context.get().caller(),
                new WrittenRecord(resource, action, storedAs(resource, details)),
                details);
    }

    /** The row the record is stored in, when the write has already looked it up (it usually has). */
    private static IResourcePersistentId<?> storedAs(IBaseResource resource, TransactionDetails details) {
        if (details == null
                || resource.getIdElement() == null
                || !resource.getIdElement().hasIdPart()) {
            return null;
        }
        IResourcePersistentId<?> stored = details.getResolvedResourceId(resource.getIdElement());
        return stored == null || stored.getId() == null ? null : stored;
    }
}
