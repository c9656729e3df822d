package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.PersonPlaceholder;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * Which person a placeholder reference ({@code urn:uuid:...}) inside a transaction stands for. The
 * storage checks run before the transaction replaces placeholders, so this reads the request bundle:
 * a person posted without a match condition is new; one with a condition ({@code ifNoneExist}, or a
 * conditional PUT) is whoever that condition finds now, or new if it finds no one.
 */
@Component
public class TransactionPlaceholders {

    private final DaoRegistry daos;
    private final MatchUrlService matchUrls;
    private final FhirContext fhirContext;
    private final AccessContexts contexts;

    TransactionPlaceholders(
            DaoRegistry daos, MatchUrlService matchUrls, FhirContext fhirContext, AccessContexts contexts) {
        this.daos = daos;
        this.matchUrls = matchUrls;
        this.fhirContext = fhirContext;
        this.contexts = contexts;
    }

    PersonPlaceholder resolve(Bundle bundle, String placeholder) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (placeholder.equals(entry.getFullUrl()) && entry.getResource() != null) {
                return "Patient".equals(entry.getResource().fhirType())
                        ? resolvePerson(entry)
                        : new PersonPlaceholder.NotAPerson();
            }
        }
        return new PersonPlaceholder.Unresolved();
    }

    /**
     * Keeps the transaction bundle as the client sent it, while its body can still be read: the
     * storage checks run on sub-requests that share this request's user data but not its body.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void rememberTransactionBundle(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation != RestOperationTypeEnum.TRANSACTION) {
            return;
        }
        Bundle bundle = RequestBundles.sent(request, fhirContext);
        if (bundle != null) {
            contexts.of(request)
                    .ifPresent(context -> context.resolvePlaceholdersWith(placeholder -> resolve(bundle, placeholder)));
        }
    }

    private PersonPlaceholder resolvePerson(Bundle.BundleEntryComponent entry) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        if (request.getMethod() == Bundle.HTTPVerb.POST) {
            return request.hasIfNoneExist()
                    ? match("Patient?" + stripType(request.getIfNoneExist()))
                    : new PersonPlaceholder.NewPerson();
        }
        if (request.getMethod() == Bundle.HTTPVerb.PUT && request.hasUrl()) {
            String url = request.getUrl();
            if (url.contains("?")) {
                return match(url);
            }
            IdType id = new IdType(url);
            return exists(id)
                    ? new PersonPlaceholder.ExistingPerson(id.getIdPart())
                    : new PersonPlaceholder.NewPerson();
        }
        return new PersonPlaceholder.Unresolved();
    }

    private PersonPlaceholder match(String url) {
        try {
            SearchParameterMap query = matchUrls.translateMatchUrl(url, fhirContext.getResourceDefinition("Patient"));
            List<IBaseResource> found = InternalSearches.all(daos.getResourceDao("Patient"), query);
            if (found.isEmpty()) {
                return new PersonPlaceholder.NewPerson();
            }
            return found.size() == 1
                    ? new PersonPlaceholder.ExistingPerson(
                            found.get(0).getIdElement().getIdPart())
                    : new PersonPlaceholder.Unresolved();
        } catch (BaseServerResponseException e) {
            return new PersonPlaceholder.Unresolved();
        }
    }

    private boolean exists(IdType id) {
        try {
            daos.getResourceDao("Patient").read(id, new SystemRequestDetails());
            return true;
        } catch (BaseServerResponseException e) {
            return false;
        }
    }

    private static String stripType(String condition) {
        return condition.startsWith("Patient?") ? condition.substring("Patient?".length()) : condition;
    }
}
