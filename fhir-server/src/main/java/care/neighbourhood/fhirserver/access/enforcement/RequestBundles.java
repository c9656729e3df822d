package care.neighbourhood.fhirserver.access.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/** The bundle a transaction or batch request sent, as the client sent it. */
final class RequestBundles {

    private static final String KEY = RequestBundles.class.getName();

    private RequestBundles() {}

    /**
     * The request's bundle, or null if its body is not one (HAPI answers that itself). Read once per
     * request however many checks ask for it.
     */
    static Bundle sent(RequestDetails request, FhirContext fhirContext) {
        if (request.getResource() instanceof Bundle sent) {
            return sent;
        }
        Object kept = request.getUserData().get(KEY);
        if (kept instanceof Bundle bundle) {
            return bundle;
        }
        Bundle parsed = parse(request, fhirContext);
        if (parsed != null) {
            request.getUserData().put(KEY, parsed);
        }
        return parsed;
    }

    private static Bundle parse(RequestDetails request, FhirContext fhirContext) {
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(text);
        if (encoding != null) {
            try {
                IBaseResource parsed = encoding.newParser(fhirContext).parseResource(text);
                if (parsed instanceof Bundle bundle) {
                    return bundle;
                }
            } catch (RuntimeException e) {
                // HAPI has parsed this body already; if it cannot be read again, it has no bundle for us.
            }
        }
        return null;
    }
}
