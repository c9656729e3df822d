package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.record.RecordElements;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/** Stores one transaction's Provenance, as the server (it passes validation like every write). */
@Component
public class ProvenanceWriter {

    private final DaoRegistry daos;
    private final RecordElements elements;
    private final FhirContext fhirContext;
    private final Clock clock;

    public ProvenanceWriter(DaoRegistry daos, RecordElements elements, FhirContext fhirContext) {
        this.daos = daos;
        this.elements = elements;
        this.fhirContext = fhirContext;
        this.clock = Clock.systemUTC();
    }

    /**
     * The rows of the records written are handed over with the Provenance, so that indexing its
     * targets does not look each one up again: each lookup would be a query, and before each query
     * the database session checks every entity of the transaction for changes, which made a
     * transaction of a few hundred records many times slower. So are the rows of the other records it
     * points to (its agents, the person) that the write looked up already ({@code resolvedByTheWrite},
     * the write's own transaction details; may be null).
     */
    void write(Caller caller, List<WrittenRecord> written, TransactionDetails resolvedByTheWrite) {
        TransactionDetails details = new TransactionDetails();
        for (WrittenRecord record : written) {
            if (record.storedAs() != null) {
                details.addResolvedResourceId(record.resource().getIdElement(), record.storedAs());
            }
        }
        Provenance provenance = ProvenanceContent.of(caller, written, clock.instant(), elements);
        if (resolvedByTheWrite != null) {
            for (Reference reference :
                    fhirContext.newTerser().getAllPopulatedChildElementsOfType(provenance, Reference.class)) {
                IIdType id = reference.getReferenceElement();
                if (id.hasResourceType() && id.hasIdPart() && !details.hasResolvedResourceId(id)) {
                    var row = resolvedByTheWrite.getResolvedResourceId(id.toUnqualifiedVersionless());
                    if (row != null && row.getId() != null) {
                        details.addResolvedResourceId(id.toUnqualifiedVersionless(), row);
                    }
                }
            }
        }
        daos.getResourceDao("Provenance").create(provenance, null, true, new SystemRequestDetails(), details);
    }
}
