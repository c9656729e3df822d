package care.neighbourhood.fhirserver.provenance;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One record a transaction wrote, as it was written (its id carries the new version).
 *
 * @param resource the record as stored (for a delete, as it was)
 * @param action what was done to it
 */
record WrittenRecord(IBaseResource resource, Action action) {

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
