package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.record.RecordElements;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/** Stores one transaction's Provenance, as the server (it passes validation like every write). */
@Component
public class ProvenanceWriter {

    private final DaoRegistry daos;
    private final RecordElements elements;
    private final Clock clock;

    public ProvenanceWriter(DaoRegistry daos, RecordElements elements) {
        this.daos = daos;
        this.elements = elements;
        this.clock = Clock.systemUTC();
    }

    /**
     * The rows of the records written are handed over with the Provenance, so that indexing its
     * targets does not look each one up again: each lookup would be a query, and before each query
     * the database session checks every entity of the transaction for changes, which made a
     * transaction of a few hundred records many times slower.
     */
    void write(Caller caller, List<WrittenRecord> written) {
        TransactionDetails details = new TransactionDetails();
        for (WrittenRecord record : written) {
            if (record.storedAs() != null) {
                details.addResolvedResourceId(record.resource().getIdElement(), record.storedAs());
            }
        }
        daos.getResourceDao("Provenance")
                .create(
                        ProvenanceContent.of(caller, written, clock.instant(), elements),
                        null,
                        true,
                        new SystemRequestDetails(),
                        details);
    }
}
