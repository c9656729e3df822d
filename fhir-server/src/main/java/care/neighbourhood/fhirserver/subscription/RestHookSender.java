package care.neighbourhood.fhirserver.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * Sends one rest-hook notification again, the way HAPI sent it the first time: with a payload, the
 * record is {@code PUT} to {@code <endpoint>/<type>/<id>} (a deletion is a {@code DELETE} there);
 * without one, an empty {@code POST} to the endpoint; with the channel's headers either way.
 */
@Component
class RestHookSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Headers the HTTP client sets itself. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final FhirContext fhirContext;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    RestHookSender(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** Sends it; an answer other than 2xx, or none, is an {@link IOException} saying what happened. */
    void send(Subscription subscription, IBaseResource record, String operation)
            throws IOException, InterruptedException {
        String endpoint = subscription.getChannel().getEndpoint().strip();
        String payload = subscription.getChannel().getPayload();
        HttpRequest.Builder request;
        if (payload == null || payload.isBlank()) {
            request = HttpRequest.newBuilder(URI.create(endpoint)).POST(HttpRequest.BodyPublishers.noBody());
        } else {
            URI at = URI.create((endpoint.endsWith("/") ? endpoint : endpoint + "/") + record.fhirType() + "/"
                    + record.getIdElement().getIdPart());
            request = "DELETE".equals(operation)
                    ? HttpRequest.newBuilder(at).DELETE()
                    : HttpRequest.newBuilder(at)
                            .header("Content-Type", payload)
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    fhirContext.newJsonParser().encodeResourceToString(record)));
        }
        for (StringType header : subscription.getChannel().getHeader()) {
            String line = header.getValue();
            int colon = line == null ? -1 : line.indexOf(':');
            if (colon > 0
                    && !OWN_HEADERS.contains(line.substring(0, colon).strip().toLowerCase(Locale.ROOT))) {
                request.header(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            }
        }
        HttpResponse<Void> answer = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("the endpoint answered " + answer.statusCode());
        }
    }
}
