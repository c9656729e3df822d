package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A corpus of hostile and malformed requests: each is answered with a 4xx OperationOutcome (or, for
 * an over-large page, a page no larger than the server's), never a 5xx or a stack trace, and the
 * server answers normally afterwards.
 */
class BadInputCorpusTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    @Autowired
    DaoRegistry daos;

    static Stream<Arguments> corpus() {
        return Stream.of(
                body(
                        "malformed XML",
                        "application/fhir+xml",
                        "/Patient",
                        p -> "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"x\"/></Patient>"),
                body(
                        "an XML external entity",
                        "application/fhir+xml",
                        "/Patient",
                        p -> "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                                + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"&xxe;\"/></name></Patient>"),
                body(
                        "deeply nested JSON",
                        "application/fhir+json",
                        "/Patient",
                        p -> "{\"resourceType\":\"Patient\",\"extension\":"
                                + "[{\"url\":\"https://x.example/e\",\"extension\":".repeat(3000) + "[]"
                                + "}]".repeat(3000) + "}"),
                body(
                        "a 10,000-entry transaction",
                        "application/fhir+json",
                        "",
                        BadInputCorpusTest::tenThousandObservations),
                body(
                        "a body of 10 MB",
                        "application/fhir+json",
                        "/Patient",
                        p -> "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(10 * 1024 * 1024)
                                + "\"}]}"),
                fetch("path traversal in an id", "/Patient/..%2F..%2Fetc%2Fpasswd"),
                fetch("a dot-dot id", "/Patient/../../etc/passwd"),
                fetch("an id with a NUL", "/Patient/abc%00def"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isAnsweredWithA4xxOperationOutcome(String what, Case bad) {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        HttpResponse<String> answer = send(bad.request(baseUrl(), margaret).header("Authorization", "Bearer " + NURSE));

        assertThat(answer.statusCode())
                .as(what + ": " + abbreviated(answer.body()))
                .isBetween(400, 499);
        assertThat(answer.body())
                .contains("OperationOutcome")
                .doesNotContain("root:")
                .doesNotContain("at ca.uhn.")
                .doesNotContain("Exception:");
    }

    @Test
    void aTransactionOfMoreThanTheLimitSaysHowManyItMayHave() {
        String margaret = new SampleRecords(daos).patientId("9991042113");
        HttpResponse<String> answer = post("", tenThousandObservations(margaret), NURSE);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("at most 1000 entries").contains("10000");
    }

    @Test
    void aHugeCountOrAWildcardIncludeIsBoundedAndNeverFails() {
        HttpResponse<String> many = get("/Task?_count=100000", NURSE);
        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(many.body().split("\"fullUrl\"").length - 1).isLessThanOrEqualTo(200);

        HttpResponse<String> everything = get("/Task?_include=*&_count=5", NURSE);
        assertThat(everything.statusCode()).as(abbreviated(everything.body())).isBetween(200, 499);
        assertThat(everything.body()).contains("\"resourceType\"").doesNotContain("Exception:");
    }

    @Test
    void theServerAnswersNormallyAfterTheCorpus() {
        corpus().forEach(arguments ->
                send(((Case) arguments.get()[1]).request(baseUrl(), "x").header("Authorization", "Bearer " + NURSE)));
        String margaret = new SampleRecords(daos).patientId("9991042113");
        assertThat(get("/Patient/" + margaret, NURSE).statusCode()).isEqualTo(200);
    }

    /** One bad request: a POST of {@code body} (made for a person's id) as {@code type}, or a GET. */
    record Case(String path, String type, Function<String, String> body) {

        HttpRequest.Builder request(String base, String person) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder().uri(URI.create(base + path)).header("Accept", "application/fhir+json");
            return body == null
                    ? request.GET()
                    : request.header("Content-Type", type)
                            .POST(HttpRequest.BodyPublishers.ofString(body.apply(person)));
        }
    }

    private static Arguments body(String what, String type, String path, Function<String, String> body) {
        return Arguments.of(what, new Case(path, type, body));
    }

    private static Arguments fetch(String what, String path) {
        return Arguments.of(what, new Case(path, null, null));
    }

    private static String tenThousandObservations(String person) {
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < 10_000; i++) {
            bundle.append(i == 0 ? "" : ",")
                    .append(
                            "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},"
                                    + "\"subject\":{\"reference\":\"Patient/")
                    .append(person)
                    .append("\"}},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
        }
        return bundle.append("]}").toString();
    }

    private static String abbreviated(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "…" : body;
    }
}
