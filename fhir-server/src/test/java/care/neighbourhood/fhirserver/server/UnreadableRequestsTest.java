package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.RawHttp;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the fuzzer found the server could not read, each now a 400 OperationOutcome saying what is
 * wrong (sent over a plain socket: Java's HTTP client refuses to send most of them).
 */
class UnreadableRequestsTest extends FhirServerTestBase {

    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    static Stream<Arguments> unreadable() {
        return Stream.of(
                get("a '%' not followed by two hex digits", "/fhir/Patient?name=%zz", "'%'"),
                get("a '%' at the end of the query", "/fhir/Patient?name=50%", "'%'"),
                get("a broken escape in the path", "/fhir/Pat%2", "could not be read"),
                get("a parameter without a name", "/fhir/Patient?=Ellis", "no name"),
                get("a path parameter", "/fhir;x=1/Patient", "';'"),
                get("a control character in a parameter's name", "/fhir/Patient?na%01me=x", "a parameter"),
                get("_filter", "/fhir/Patient?_filter=name%20eq%20Ellis", "_filter"),
                get("_filter with a modifier", "/fhir/Patient?_filter:text=x", "_filter"),
                get(
                        "a parameter repeated with the same value",
                        "/fhir/Patient?name=Ellis&name=Ellis",
                        "more than once"),
                get("_has after a chain", "/fhir/Task?subject._has:Consent:patient:status=active", "_has"),
                Arguments.of(
                        "a version that is not a number",
                        "PATCH",
                        "/fhir/Patient/x/_history/1%27",
                        "[{\"op\":\"remove\",\"path\":\"/active\"}]",
                        "whole numbers"),
                Arguments.of(
                        "a JSON Patch copy without from",
                        "PATCH",
                        "/fhir/Patient/margaret-ellis",
                        "[{\"op\":\"copy\",\"path\":\"/active\",\"value\":\"-1\"}]",
                        "could not be read"),
                Arguments.of(
                        "a PATCH of a type",
                        "PATCH",
                        "/fhir/Organization/",
                        "[{\"op\":\"remove\",\"path\":\"/active\"}]",
                        "names the record"),
                get("a version without an id", "/fhir/RelatedPerson/%20/_history/1", "could not be read"),
                Arguments.of(
                        "a number whose exponent overflows",
                        "POST",
                        "/fhir/Condition",
                        "{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[1E+2147483647]}}",
                        "could not be read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void isA400ThatSaysWhatIsWrong(String what, String method, String target, String body, String explanation)
            throws Exception {
        RawHttp.Answer answer = new RawHttp(port, Duration.ofSeconds(20))
                .send(
                        method,
                        target,
                        Map.of(
                                "Authorization",
                                "Bearer " + NURSE,
                                "Accept",
                                "application/fhir+json",
                                "Content-Type",
                                method.equals("PATCH") ? "application/json-patch+json" : "application/fhir+json"),
                        body == null ? null : body.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body())
                .contains("\"resourceType\":\"OperationOutcome\"")
                .contains(explanation)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(get("/Patient?_count=1", NURSE).statusCode()).isEqualTo(200);
    }

    private static Arguments get(String what, String target, String explanation) {
        return Arguments.of(what, "GET", target, null, explanation);
    }
}
