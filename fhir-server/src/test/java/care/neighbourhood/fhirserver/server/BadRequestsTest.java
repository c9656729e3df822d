package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a 4xx OperationOutcome that explains the problem and shows no server internals. */
class BadRequestsTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of(
                        "malformed JSON body",
                        HttpRequest.newBuilder()
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"resourceType\": \"Patient\", \"name\": [ {"))
                                .header("Content-Type", "application/fhir+json"),
                        "/Patient"),
                Arguments.of(
                        "JSON that is not FHIR",
                        HttpRequest.newBuilder()
                                .POST(HttpRequest.BodyPublishers.ofString("[1, 2, 3]"))
                                .header("Content-Type", "application/fhir+json"),
                        "/Patient"),
                Arguments.of("unknown resource type", HttpRequest.newBuilder().GET(), "/Spaceship/1"),
                Arguments.of(
                        "unknown resource type in a search",
                        HttpRequest.newBuilder().GET(),
                        "/Spaceship?name=x"),
                Arguments.of("invalid id", HttpRequest.newBuilder().GET(), "/Patient/not%20an%20id!"),
                Arguments.of("over-long id", HttpRequest.newBuilder().GET(), "/Patient/" + "a".repeat(200)),
                Arguments.of(
                        "unknown search parameter", HttpRequest.newBuilder().GET(), "/Patient?shoe-size=9"),
                Arguments.of("bad date in a search", HttpRequest.newBuilder().GET(), "/Task?authored-on=yesterday"),
                Arguments.of(
                        "body type differs from URL",
                        HttpRequest.newBuilder()
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Task\",\"id\":\"x\"}"))
                                .header("Content-Type", "application/fhir+json"),
                        "/Patient/x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void answersWithA4xxOperationOutcomeAndNoStackTrace(String why, HttpRequest.Builder request, String path) {
        HttpResponse<String> response = send(request.uri(java.net.URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + NURSE)
                .header("Accept", "application/fhir+json"));

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.body())
                .contains("\"resourceType\":\"OperationOutcome\"")
                .doesNotContain("at ca.uhn.")
                .doesNotContain("at org.")
                .doesNotContain("Exception:");
    }
}
