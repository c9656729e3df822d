package care.neighbourhood.fhirserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.testkit.Persona;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Many personas at once, reading, searching, writing and being refused: every request has exactly
 * one audit record, with the outcome its response had.
 */
class AuditCompletenessTest extends AuditTestSupport {

    private static final int REQUESTS = 160;
    private static final int THREADS = 12;

    @Autowired
    DaoRegistry daos;

    @Autowired
    AuditQueries store;

    private record Sent(String requestId, String name, int status) {}

    @Test
    void concurrentMixedRequestsGiveExactlyOneRecordEach() throws Exception {
        SampleRecords records = new SampleRecords(daos);
        String margaret = records.patientId("9991042113");
        String edith = records.patientId(SampleRecords.EDITH_NHS_NUMBER);
        String nurse = tokenOf(Persona.NINA_PATEL);
        String socialWorker = tokenOf(Persona.SAM_TAYLOR);
        String gp = tokenOf(Persona.OMAR_HASSAN);
        String supportWorker = tokenOf(Persona.BEN_CARTER);
        String task = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"},\"description\":\"Concurrent audit\"}";

        record Call(String name, String method, String path, String body, String token) {}
        List<Call> mix = List.of(
                new Call("nurse reads", "GET", "/Patient/" + margaret, null, nurse),
                new Call("nurse refused", "GET", "/Patient/" + edith, null, nurse),
                new Call("gp searches", "GET", "/Condition?patient=Patient/" + margaret, null, gp),
                new Call("social worker searches", "GET", "/CarePlan?patient=Patient/" + margaret, null, socialWorker),
                new Call(
                        "support worker refused clinical",
                        "GET",
                        "/Observation?patient=Patient/" + margaret,
                        null,
                        supportWorker),
                new Call("nurse writes", "POST", "/Task", task, nurse),
                new Call("no token", "GET", "/Patient/" + margaret, null, null),
                new Call("governance reads audit", "GET", "/AuditEvent?_count=5", null, IG_OFFICER));

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Sent>> futures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Call call = mix.get(i % mix.size());
            futures.add(pool.submit(() -> {
                String requestId = newRequestId();
                int status = call(call.method(), call.path(), call.body(), call.token(), requestId)
                        .statusCode();
                return new Sent(requestId, call.name(), status);
            }));
        }
        List<Sent> sent = new ArrayList<>();
        for (Future<Sent> future : futures) {
            sent.add(future.get());
        }
        pool.shutdown();

        Map<String, Set<Integer>> statuses = new ConcurrentHashMap<>();
        sent.forEach(s -> statuses.computeIfAbsent(s.name(), k -> ConcurrentHashMap.newKeySet())
                .add(s.status()));
        assertThat(statuses.get("nurse reads")).containsExactly(200);
        assertThat(statuses.get("nurse refused")).containsExactly(403);
        assertThat(statuses.get("nurse writes")).containsExactly(201);
        assertThat(statuses.get("no token")).containsExactly(401);

        int matched = 0;
        for (Sent each : sent) {
            List<AuditRecord> found = store.search(
                    new AuditQuery(null, null, null, null, null, null, Set.of(), null, false, each.requestId()), 0, 10);
            assertThat(found).as(each.name() + " " + each.requestId()).hasSize(1);
            AuditRecord record = found.get(0);
            assertThat(record.httpStatus()).as(each.name()).isEqualTo(each.status());
            assertThat(record.outcome()).as(each.name()).isEqualTo(AuditRecord.outcomeOf(each.status()));
            matched++;
        }
        assertThat(matched).isEqualTo(REQUESTS);
    }
}
