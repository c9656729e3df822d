package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
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

    void write(Caller caller, List<WrittenRecord> written) {
        daos.getResourceDao("Provenance")
                .create(ProvenanceContent.of(caller, written, clock.instant(), elements), new SystemRequestDetails());
    }
}
