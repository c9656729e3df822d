package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what the FHIR server says about an answer in its headers, not its body: how many records
 * it withheld from the caller ({@value #WITHHELD_COUNT}) and the basis of an allowed read ({@value
 * #ACCESS_BASIS}). The generic client returns only bodies, so the headers of the answers received on
 * the current thread are noted here while a {@link Recording} is open.
 */
final class ResponseHeaders implements IClientInterceptor {

    static final String WITHHELD_COUNT = "X-Withheld-Count";
    static final String ACCESS_BASIS = "X-Access-Basis";

    private static final ThreadLocal<Recording> current = new ThreadLocal<>();

    /** The headers of the answers received while it is open, in the order they came. */
    static final class Recording implements AutoCloseable {

        private final Recording outer;
        private final List<String> withheldCounts = new ArrayList<>();
        private final List<String> accessBases = new ArrayList<>();

        private Recording(Recording outer) {
            this.outer = outer;
        }

        /** The records withheld from every answer so far; an unreadable count counts as one. */
        int withheld() {
            int total = 0;
            for (String count : withheldCounts) {
                try {
                    total += Math.max(0, Integer.parseInt(count.strip()));
                } catch (NumberFormatException e) {
                    total += 1;
                }
            }
            return total;
        }

        /** The last access basis named, or {@code null}. */
        String accessBasis() {
            return accessBases.isEmpty() ? null : accessBases.get(accessBases.size() - 1);
        }

        @Override
        public void close() {
            current.set(outer);
        }
    }

    /** Starts noting headers on this thread until the recording is closed. */
    static Recording record() {
        Recording recording = new Recording(current.get());
        current.set(recording);
        return recording;
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        // Nothing to add to requests.
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        Recording recording = current.get();
        if (recording == null) {
            return;
        }
        List<String> withheld = response.getHeaders(WITHHELD_COUNT);
        if (withheld != null) {
            recording.withheldCounts.addAll(withheld);
        }
        List<String> basis = response.getHeaders(ACCESS_BASIS);
        if (basis != null) {
            recording.accessBases.addAll(basis);
        }
    }
}
