package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.fhir.FhirServiceException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** Runs a search and reads every page of it by following the {@code next} links. */
@Component
class FhirSearches {

    private final IGenericClient client;
    private final FhirProperties fhir;

    FhirSearches(IGenericClient client, FhirProperties fhir) {
        this.client = client;
        this.fhir = fhir;
    }

    /**
     * The first page of a search, as the search asks for it (with its own {@code _count} and
     * {@code _offset}), for pages that show one page at a time.
     *
     * @param action what the search is for, for the log
     * @throws FhirServiceException when the server refuses, fails or cannot be reached
     */
    Bundle onePage(String action, Function<IGenericClient, IQuery<Bundle>> search) {
        try {
            return search.apply(client).execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw FhirFailures.translate(action, e);
        }
    }

    /**
     * Every resource of every page: matches and {@code _include}d resources alike.
     *
     * @param action what the search is for, for the log (e.g. "searching care teams")
     * @param search builds the search; the page size is added here
     * @throws FhirServiceException when the server refuses, fails or cannot be reached
     */
    List<Resource> all(String action, Function<IGenericClient, IQuery<Bundle>> search) {
        try {
            Bundle page = search.apply(client).count(fhir.pageSize()).execute();
            List<Resource> found = new ArrayList<>();
            for (int pages = 1; ; pages++) {
                page.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getResource)
                        .filter(Objects::nonNull)
                        .forEach(found::add);
                if (page.getLink(IBaseBundle.LINK_NEXT) == null) {
                    return found;
                }
                if (pages >= fhir.maxPages()) {
                    throw new FhirServiceException(
                            Reason.TOO_MANY_RESULTS,
                            0,
                            "More than " + fhir.maxPages() + " pages while " + action,
                            null);
                }
                page = client.loadPage().next(page).execute();
            }
        } catch (BaseServerResponseException | DataFormatException e) {
            throw FhirFailures.translate(action, e);
        }
    }
}
