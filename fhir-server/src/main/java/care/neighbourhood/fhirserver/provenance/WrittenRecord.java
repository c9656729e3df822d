package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.rest.api.server.storage.IResourcePersistentId;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One record a transaction wrote, as it was written (its id carries the new version).
 *
 * @param resource the record as stored (for a delete, as it was)
 * @param action what was done to it
 * @param storedAs the database row the write found or made for it, when known (null otherwise): the
 *     Provenance then points to it without looking it up again
 */
record WrittenRecord(IBaseResource resource, Action action, IResourcePersistentId<?> storedAs) {

    enum Action {
        CREATE("CREATE", "create"),
        UPDATE("UPDATE", "update"),
        DELETE("DELETE", "delete");

        /** The code in {@code http://terminology.hl7.org/CodeSystem/v3-DataOperation}. */
        final String dataOperation;

        final String display;

        Action(String dataOperation, String display) {
            this.dataOperation = dataOperation;
            this.display = display;
        }
    }
}
