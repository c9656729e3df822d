package care.neighbourhood.fhirserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Input the database cannot store, requests larger than the server takes, PATCH without a usable body
 * and a write made on a stale version: each answered at once with a 4xx OperationOutcome that says
 * what is wrong, never retried, never a 500, never the database's own words.
 */
class InputBoundsTest extends FhirServerTestBase {

    private static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    @Autowired
    DaoRegistry daos;

    @Autowired
    IInterceptorService storageInterceptors;

    private final RetryCounter retries = new RetryCounter();
    private String margaret;

    @BeforeEach
    void setUp() {
        margaret = new SampleRecords(daos).patientId("9991042113");
        storageInterceptors.registerInterceptor(retries);
    }

    @AfterEach
    void tearDown() {
        storageInterceptors.unregisterInterceptor(retries);
    }

    @Test
    void textWithANulCharacterIsRefusedNamingTheElement() {
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},"
                + "\"subject\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"note\":[{\"text\":\"before\\u0000after\"}]}";
        HttpResponse<String> response = post("/Observation", observation, NINA);

        assertClientError(response, 400);
        assertThat(response.body()).contains("Observation.note.text");
        assertThat(retries.count()).isZero();
    }

    @Test
    void aSecurityLabelLongerThanTheServerStoresIsRefusedNamingIt() {
        String observation = "{\"resourceType\":\"Observation\",\"meta\":{\"security\":[{\"system\":\"urn:test\","
                + "\"code\":\"" + "x".repeat(201) + "\"}]},\"status\":\"final\",\"code\":{\"text\":\"Weight\"},"
                + "\"subject\":{\"reference\":\"Patient/" + margaret + "\"}}";
        HttpResponse<String> response = post("/Observation", observation, NINA);

        assertClientError(response, 400);
        assertThat(response.body()).contains("Observation.meta.security[0].code");
    }

    @Test
    void aSearchParameterWithANulCharacterIsRefused() {
        HttpResponse<String> response = get("/Patient?family=Ell%00is", NINA);
        assertClientError(response, 400);
    }

    @Test
    void aPatchWithoutABodyIsRefused() {
        String task = new SampleRecords(daos).id("Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel");
        for (String contentType : new String[] {"application/json-patch+json", "application/fhir+json"}) {
            HttpResponse<String> response = send(request("/Task/" + task)
                    .header("Authorization", "Bearer " + NINA)
                    .header("Content-Type", contentType)
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()));
            assertClientError(response, 400);
        }
    }

    @Test
    void aMalformedPatchIsRefused() {
        String task = new SampleRecords(daos).id("Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel");
        for (String body : new String[] {"[{\"op\":\"replace\"", "{\"op\":\"replace\"}", "[{\"op\":\"fly\"}]"}) {
            HttpResponse<String> response = send(request("/Task/" + task)
                    .header("Authorization", "Bearer " + NINA)
                    .header("Content-Type", "application/json-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
            assertClientError(response, 400);
        }
    }

    @Test
    void aRequestLargerThanTheLimitIsRefusedWith413() {
        String big = "x".repeat(12 * 1024 * 1024);
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Weight\"},"
                + "\"subject\":{\"reference\":\"Patient/" + margaret + "\"},\"note\":[{\"text\":\"" + big + "\"}]}";
        HttpResponse<String> response = post("/Observation", observation, NINA);

        assertClientError(response, 413);
    }

    @Test
    void aStaleIfMatchIsAnsweredAtOnceWithoutRetries() {
        String task = new SampleRecords(daos).id("Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel");
        HttpResponse<String> current = get("/Task/" + task, NINA);
        String version = current.headers().firstValue("ETag").orElseThrow();
        String body = current.body();
        // Someone else saves a change first.
        HttpResponse<String> first = send(request("/Task/" + task)
                .header("Authorization", "Bearer " + NINA)
                .header("Content-Type", "application/fhir+json")
                .header("If-Match", version)
                .PUT(HttpRequest.BodyPublishers.ofString(changed(body))));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        HttpResponse<String> stale = send(request("/Task/" + task)
                .header("Authorization", "Bearer " + NINA)
                .header("Content-Type", "application/fhir+json")
                .header("If-Match", version)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));

        assertClientError(stale, 412);
        assertThat(stale.body()).contains("changed by someone else").doesNotContain("retries");
        assertThat(retries.count()).isZero();
        String now = daos.getResourceDao("Task")
                .read(new IdType("Task", task), new ca.uhn.fhir.rest.api.server.SystemRequestDetails())
                .getIdElement()
                .getVersionIdPart();
        assertThat(version).doesNotContain("\"" + now + "\"");
    }

    @Test
    void aStalePatchVersionIsAnsweredAtOnceWithoutRetries() {
        String task = new SampleRecords(daos).id("Task", SampleRecords.SAMPLE, "task-margaret-ellis-heel");
        HttpResponse<String> current = get("/Task/" + task, NINA);
        String version = current.headers().firstValue("ETag").orElseThrow();
        assertThat(put("/Task/" + task, changed(current.body()), NINA).statusCode())
                .isEqualTo(200);

        String patch = "[{\"op\":\"replace\",\"path\":\"/priority\",\"value\":\"urgent\"}]";
        HttpResponse<String> response = send(request("/Task/" + task)
                .header("Authorization", "Bearer " + NINA)
                .header("Content-Type", "application/json-patch+json")
                .header("If-Match", version)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)));

        assertClientError(response, 412);
        assertThat(retries.count()).isZero();
    }

    /** The Task with a new description, so that saving it makes a new version. */
    private static String changed(String taskJson) {
        org.hl7.fhir.r4.model.Task task =
                FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Task.class, taskJson);
        task.setDescription("Changed at " + System.nanoTime());
        return FHIR.newJsonParser().encodeResourceToString(task);
    }

    private static void assertClientError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body())
                .contains("\"resourceType\":\"OperationOutcome\"")
                .doesNotContain("at ca.uhn.")
                .doesNotContain("at org.")
                .doesNotContain("Exception")
                .doesNotContain("insert into")
                .doesNotContain("Batch entry");
    }

    /** Counts the times the storage treated a failure as a version conflict worth retrying. */
    public static class RetryCounter {
        private final AtomicInteger count = new AtomicInteger();

        @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
        public ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy counted() {
            count.incrementAndGet();
            return null;
        }

        public int count() {
            return count.get();
        }
    }
}
