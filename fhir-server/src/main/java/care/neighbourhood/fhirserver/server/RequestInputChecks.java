package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.util.BundleUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.springframework.stereotype.Component;

/**
 * What a request carries must be something the server can store and act on. Refused with 400 and a
 * message that says what is wrong, before any access decision or write:
 *
 * <ul>
 *   <li>text the database cannot store (the NUL character, half a surrogate pair) in the URL, in a
 *       search parameter or in any element of the resource sent, naming the element;
 *   <li>a tag, security label or profile longer than the server stores (200 characters each);
 *   <li>a version in the URL that is not a whole number;
 *   <li>a parameter repeated with the same value;
 *   <li>a PATCH without a body, or of a type without an id or a search;
 *   <li>{@code _filter}, which this server does not support, and {@code _has} after a chain
 *       ({@code subject._has:...}), whose query the database may take minutes to plan;
 *   <li>a transaction or batch of more entries than {@code workspace.fhir.max-bundle-entries} (413).
 * </ul>
 *
 * The size of a request is bounded by {@link RequestSizeLimit}, before HAPI reads it.
 */
@Component
public class RequestInputChecks {

    private final FhirContext fhirContext;
    private final int maxBundleEntries;

    public RequestInputChecks(FhirContext fhirContext, FhirServerProperties properties) {
        this.fhirContext = fhirContext;
        this.maxBundleEntries = properties.maxBundleEntries();
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean checkTheRequest(RequestDetails request) {
        if (UnstorableText.isUnstorable(request.getRequestPath())) {
            throw new InvalidRequestException("The URL contains a character that cannot be stored (such as NUL).");
        }
        if (request.getId() != null
                && request.getId().hasVersionIdPart()
                && !isVersion(request.getId().getVersionIdPart())) {
            throw new InvalidRequestException(
                    "The version in the URL, '" + request.getId().getVersionIdPart()
                            + "', is not one this server gives: versions are whole numbers (.../_history/3).");
        }
        if (request.getParameters().keySet().stream().anyMatch(RequestInputChecks::isFilter)) {
            throw new InvalidRequestException("The _filter parameter is not supported by this server: use the"
                    + " search parameters listed in its CapabilityStatement.");
        }
        request.getParameters().keySet().stream()
                .filter(name -> name.contains("." + Constants.PARAM_HAS + ":"))
                .findFirst()
                .ifPresent(name -> {
                    throw new InvalidRequestException("The parameter '" + name + "' puts _has after a chain: this"
                            + " server takes _has only at the start of a parameter (_has:Type:reference:parameter).");
                });
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            if (UnstorableText.isUnstorable(parameter.getKey())) {
                throw new InvalidRequestException(
                        "A search parameter name contains a character that cannot be" + " stored (such as NUL).");
            }
            for (String value : parameter.getValue()) {
                if (UnstorableText.isUnstorable(value)) {
                    throw new InvalidRequestException("The search parameter '" + parameter.getKey()
                            + "' contains a character that cannot be stored (such as NUL).");
                }
            }
        }
        withoutRepeatedValues(request);
        if (request.getRequestType() == RequestTypeEnum.PATCH
                && request.getResourceName() != null
                && (request.getId() == null || !request.getId().hasIdPart())
                && request.getParameters().isEmpty()) {
            throw new InvalidRequestException("A PATCH names the record it changes: PATCH [type]/[id], or"
                    + " PATCH [type]?[search] for the one record the search finds.");
        }
        if (request.getRequestType() == RequestTypeEnum.PATCH) {
            byte[] body = request.loadRequestContents();
            if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
                throw new InvalidRequestException("A PATCH needs a body: a JSON Patch document"
                        + " (application/json-patch+json) or a FHIRPath Patch Parameters resource.");
            }
            if (UnstorableText.isUnstorable(new String(body, StandardCharsets.UTF_8))
                    || new String(body, StandardCharsets.UTF_8).toLowerCase().contains("\\u0000")) {
                throw new InvalidRequestException(
                        "The PATCH contains a character that cannot be stored (such as NUL).");
            }
        }
        return true;
    }

    /**
     * A parameter given twice with the same value ({@code name=Ellis&name=Ellis}) is refused: it asks
     * for nothing the first did not, a rule may count on one value (the NHS number lookup does), and
     * HAPI fails on such repeats where assertions are on.
     */
    private static void withoutRepeatedValues(RequestDetails request) {
        request.getParameters().forEach((name, values) -> {
            if (values.length > 1 && Arrays.stream(values).distinct().count() < values.length) {
                throw new InvalidRequestException(
                        "The parameter '" + name + "' is given more than once with the" + " same value. Give it once.");
            }
        });
    }

    /** A version this server gives: a whole number that fits the database's column. */
    private static boolean isVersion(String version) {
        return version.length() <= 18 && !version.isEmpty() && version.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isFilter(String parameter) {
        return parameter.equals(Constants.PARAM_FILTER) || parameter.startsWith(Constants.PARAM_FILTER + ":");
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkTheResourceSent(RequestDetails request) {
        if (request.getResource() == null) {
            return;
        }
        if (request.getResource() instanceof IBaseBundle bundle) {
            int entries = BundleUtil.toListOfEntries(fhirContext, bundle).size();
            if (entries > maxBundleEntries) {
                throw new PayloadTooLargeException("A transaction or batch may have at most " + maxBundleEntries
                        + " entries; this one has " + entries + ". Send it in parts.");
            }
        }
        UnstorableText.firstIn(fhirContext, request.getResource()).ifPresent(element -> {
            throw new InvalidRequestException(
                    "The element " + element + " contains a character that cannot be stored (such as NUL)."
                            + " Remove it and send the record again.");
        });
        MetaLengths.firstTooLongIn(request.getResource()).ifPresent(element -> {
            throw new InvalidRequestException("The element " + element + " is longer than the " + MetaLengths.LONGEST
                    + " characters this server stores.");
        });
    }
}
