package care.neighbourhood.fhirserver.provenance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import care.neighbourhood.fhirserver.record.RecordTypes;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The {@code person} search parameter of Provenance ({@code Provenance?person=Patient/x}), which the
 * access rules narrow Provenance searches by, as they narrow other records by their {@code patient}.
 * Stored once, at the first start on a database, before anything else runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProvenanceSearchParameter implements ApplicationRunner {

    static final String URL = "https://neighbourhood.example/fhir/SearchParameter/Provenance-person";

    private static final Logger log = LoggerFactory.getLogger(ProvenanceSearchParameter.class);

    private final DaoRegistry daos;
    private final ISearchParamRegistry registry;

    ProvenanceSearchParameter(DaoRegistry daos, ISearchParamRegistry registry) {
        this.daos = daos;
        this.registry = registry;
    }

    @Override
    public void run(ApplicationArguments args) {
        SystemRequestDetails server = new SystemRequestDetails();
        var dao = daos.getResourceDao("SearchParameter");
        if (!dao.search(SearchParameterMap.newSynchronous("url", new UriParam(URL)), server)
                .isEmpty()) {
            return;
        }
        dao.create(definition(), server);
        registry.forceRefresh();
        log.info("Stored the Provenance search parameter 'person' ({})", URL);
    }

    static SearchParameter definition() {
        SearchParameter parameter = new SearchParameter();
        parameter.setUrl(URL);
        parameter.setName("person");
        parameter.setCode("person");
        parameter.setStatus(Enumerations.PublicationStatus.ACTIVE);
        parameter.setDescription("The people whose records the Provenance points to");
        parameter.addBase("Provenance");
        parameter.setType(Enumerations.SearchParamType.REFERENCE);
        parameter.addTarget("Patient");
        parameter.setExpression(
                "Provenance.extension('" + RecordTypes.PROVENANCE_PERSON_EXTENSION + "').value.ofType(Reference)");
        parameter.setXpathUsage(SearchParameter.XPathUsageType.NORMAL);
        return parameter;
    }
}
