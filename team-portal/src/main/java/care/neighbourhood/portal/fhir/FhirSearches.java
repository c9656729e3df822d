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
import org.hl7.fhir.r4.model.OperationOutcome;
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
     * One call, such as an operation ({@code Task/$worklist} answers with a Bundle, {@code
     * Task/$team-dashboard} with Parameters).
     *
     * @param action what the call is for, for the log
     * @throws FhirServiceException when the server refuses, fails or cannot be reached
     */
    <T> T call(String action, Function<IGenericClient, T> call) {
        try {
            return call.apply(client);
        } catch (BaseServerResponseException | DataFormatException e) {
            throw FhirFailures.translate(action, e);
        }
    }

    /**
     * What a search found, how many records the server withheld from it, and what it said about them
     * (the issues of its {@code search.mode = outcome} entries), over all its pages.
     */
    record Found(List<Resource> resources, int withheld, List<OperationOutcome> outcomes) {

        Found {
            resources = List.copyOf(resources);
            outcomes = List.copyOf(outcomes);
        }
    }

    /** One record and the basis the server named for showing it ({@code null} when it named none). */
    record Read<T>(T resource, String accessBasis) {}

    /**
     * Every page of a search, with the count of records withheld from it.
     *
     * @see #all(String, Function)
     */
    Found counted(String action, Function<IGenericClient, IQuery<Bundle>> search) {
        try (var headers = ResponseHeaders.record()) {
            List<Resource> found = all(action, search);
            List<Resource> resources = new ArrayList<>();
            List<OperationOutcome> outcomes = new ArrayList<>();
            for (Resource resource : found) {
                if (resource instanceof OperationOutcome outcome) {
                    outcomes.add(outcome);
                } else {
                    resources.add(resource);
                }
            }
            return new Found(resources, headers.withheld(), outcomes);
        }
    }

    /**
     * Reads one record by id, with the access basis the server gave.
     *
     * @throws FhirServiceException when the server refuses (403), does not know it (404), fails or
     *     cannot be reached
     */
    <T extends Resource> Read<T> read(String action, Class<T> type, String id) {
        try (var headers = ResponseHeaders.record()) {
            T resource = client.read().resource(type).withId(id).execute();
            return new Read<>(resource, headers.accessBasis());
        } catch (BaseServerResponseException | DataFormatException e) {
            throw FhirFailures.translate(action, e);
        }
    }

    /**
     * Every resource of every page: matches and {@code _include}d resources alike, and the
     * OperationOutcomes of {@code search.mode = outcome} entries (what the server says of the search).
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
