package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** A FHIR server stand-in on the loopback interface: answers as told and records what it was asked. */
public final class FhirStubServer implements AutoCloseable {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** A request as the stub received it, with the query decoded and the body as text. */
    public record Received(
            String method,
            String path,
            Map<String, List<String>> query,
            String authorization,
            String body,
            String ifMatch) {

        public String param(String name) {
            List<String> values = query.get(name);
            return values == null ? null : String.join("&", values);
        }
    }

    /**
     * What to answer; a {@code null} body with status 0 closes the connection without an answer.
     * {@code headers} are sent as well (e.g. {@code X-Withheld-Count}).
     */
    public record Answer(int status, String contentType, String body, Map<String, String> headers) {

        public Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        public Answer {
            headers = Map.copyOf(headers);
        }

        /** This answer with one more header. */
        public Answer withHeader(String name, String value) {
            var more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, more);
        }

        public static Answer resource(int status, IBaseResource resource) {
            return new Answer(
                    status,
                    "application/fhir+json;charset=utf-8",
                    FHIR.newJsonParser().encodeResourceToString(resource));
        }

        public static Answer ok(IBaseResource resource) {
            return resource(200, resource);
        }

        public static Answer outcome(int status, String diagnostics) {
            var outcome = new OperationOutcome();
            outcome.addIssue()
                    .setSeverity(IssueSeverity.ERROR)
                    .setCode(IssueType.FORBIDDEN)
                    .setDiagnostics(diagnostics);
            return resource(status, outcome);
        }

        public static Answer text(int status, String body) {
            return new Answer(status, "text/html;charset=utf-8", body);
        }

        public static Answer hangUp() {
            return new Answer(0, null, null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> answers = request -> Answer.outcome(404, "Not stubbed");

    private FhirStubServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static FhirStubServer start() {
        try {
            return new FhirStubServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    public void answer(Function<Received, Answer> answers) {
        this.answers = answers;
        received.clear();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    decode(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("If-Match"));
            received.add(request);
            Answer answer = answers.apply(request);
            if (answer.body() == null) {
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, List<String>> decode(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
