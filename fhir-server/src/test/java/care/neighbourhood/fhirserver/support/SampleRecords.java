package care.neighbourhood.fhirserver.support;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Finds sample records by their identifiers straight from storage, past the access rules: tests need
 * ids of records the caller under test must not be able to find.
 */
public final class SampleRecords {

    public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    public static final String SAMPLE = "https://neighbourhood.example/fhir/sid/sample";
    /** Edith Moore: no care team, no tasks; nobody has a relationship with her. */
    public static final String EDITH_NHS_NUMBER = "9994077333";

    public static final String EDITH_CONDITION = "condition-edith-moore-atrial-fibrillation";

    private final DaoRegistry daos;

    public SampleRecords(DaoRegistry daos) {
        this.daos = daos;
    }

    public String patientId(String nhsNumber) {
        return id("Patient", NHS_NUMBER, nhsNumber);
    }

    public String id(String type, String system, String value) {
        List<IBaseResource> found = daos.getResourceDao(type)
                .search(
                        SearchParameterMap.newSynchronous("identifier", new TokenParam(system, value)),
                        new SystemRequestDetails())
                .getAllResources();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " " + type + " with identifier " + value);
        }
        return found.get(0).getIdElement().getIdPart();
    }
}
