package care.neighbourhood.fhirserver.support;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * Two transactions at once, each referring the same two people in opposite orders: each takes one
 * person's lock and then waits for the other's. The database breaks the deadlock; the write it
 * aborts must be retried, not answered with an error.
 */
public final class CrossedReferrals {

    public static final String NINA =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");

    private CrossedReferrals() {}

    /** Sends {@code rounds} pairs of crossed transaction bundles as Nina and returns every response. */
    public static List<HttpResponse<String>> send(
            DaoRegistry daos, BiFunction<String, String, HttpResponse<String>> postBundleAsNina, int rounds)
            throws Exception {
        String first = personOnNinasCaseload(daos, "First");
        String second = personOnNinasCaseload(daos, "Second");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> pair = List.of(
                        pool.submit(() -> {
                            start.await();
                            return postBundleAsNina.apply(bundle(first, second), NINA);
                        }),
                        pool.submit(() -> {
                            start.await();
                            return postBundleAsNina.apply(bundle(second, first), NINA);
                        }));
                start.countDown();
                for (Future<HttpResponse<String>> response : pair) {
                    responses.add(response.get());
                }
            }
        } finally {
            pool.shutdown();
        }
        return responses;
    }

    private static String personOnNinasCaseload(DaoRegistry daos, String given) {
        Patient person = new Patient();
        person.addName().setFamily("Crossed").addGiven(given);
        String id = daos.getResourceDao("Patient")
                .create(person, new SystemRequestDetails())
                .getId()
                .getIdPart();
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference("Patient/" + id));
        team.addParticipant()
                .addRole(new CodeableConcept().setText("Team member"))
                .setMember(new Reference("Practitioner/nina-patel"));
        daos.getResourceDao("CareTeam").create(team, new SystemRequestDetails());
        return id;
    }

    private static String bundle(String... people) {
        StringBuilder entries = new StringBuilder();
        for (String person : people) {
            if (!entries.isEmpty()) {
                entries.append(',');
            }
            entries.append("{\"resource\":{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",")
                    .append("\"for\":{\"reference\":\"Patient/")
                    .append(person)
                    .append("\"},\"requester\":{\"reference\":\"Practitioner/nina-patel\"},")
                    .append("\"owner\":{\"reference\":\"Organization/northbank-mental-health\"}},")
                    .append("\"request\":{\"method\":\"POST\",\"url\":\"Task\"}}");
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
    }
}
