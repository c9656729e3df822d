package care.neighbourhood.bench.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paging workload: a nurse pages on through her worklist. Each request fetches a page after the
 * first, at random among the first {@value #PAGES}, through the next link the server gave for the
 * worklist search; the search is run once per arm and its link reused, as a browser does while the
 * nurse clicks on.
 */
final class WorklistPages implements Workload.Request {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGES = 10;

    private final Map<String, URI> nextLinks = new ConcurrentHashMap<>();

    @Override
    public HttpRequest on(Arm arm, Workload.Targets targets, Random random) {
        URI next = nextLinks.computeIfAbsent(arm.name(), name -> firstNextLink(arm));
        String offset = "_getpagesoffset=" + 20 * (1 + random.nextInt(PAGES - 1));
        String query = next.getRawQuery().replaceAll("_getpagesoffset=\\d+", offset);
        String path = next.getRawPath().replaceFirst("^/fhir", "") + "?" + query;
        return arm.request(path, Workload.NURSE).GET().build();
    }

    private static URI firstNextLink(Arm arm) {
        try {
            HttpResponse<String> response = arm.get(Workload.WORKLIST, Workload.NURSE);
            JsonNode bundle = JSON.readTree(response.body());
            for (JsonNode link : bundle.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    return URI.create(link.path("url").asText());
                }
            }
            throw new IllegalStateException(arm.name() + " gave the worklist no next page");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
