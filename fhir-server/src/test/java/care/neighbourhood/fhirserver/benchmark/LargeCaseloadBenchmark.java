package care.neighbourhood.fhirserver.benchmark;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.FhirServerApplication;
import care.neighbourhood.fhirserver.support.TestTokens;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a large caseload costs: an organisation (Age Well) in the care teams of
 * {@code -Dbenchmark.people} more people (default 2,000), and a support worker of that organisation
 * searching. Two servers on the same data, in one run: access rules off, and on (searches narrowed by
 * the care access table in the query).
 *
 * <pre>
 * ./mvnw -q -pl fhir-server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=care.neighbourhood.fhirserver.benchmark.LargeCaseloadBenchmark \
 *     [-Dbenchmark.database=postgres] [-Dbenchmark.people=2000]
 * </pre>
 *
 * Not a test: it asserts nothing and is not run by the build.
 */
public final class LargeCaseloadBenchmark {

    private static final int PEOPLE = Integer.getInteger("benchmark.people", 2000);
    private static final int PER_TRANSACTION = 100;
    private static final int WARM_UP = 5;
    private static final int REQUESTS = 30;
    private static final String[] QUERIES = {
        "/Patient?_count=20", "/CareTeam?status=active&_count=20", "/Patient/{person}"
    };

    private LargeCaseloadBenchmark() {}

    public static void main(String[] args) throws Exception {
        double[] bare = measure("off", false);
        double[] narrowed = measure("on", true);
        System.out.printf(
                "%nA caseload of %d people, %s; requests per second%n", PEOPLE, AccessLayerBenchmark.DATABASE);
        System.out.printf("%-36s %10s %10s %8s%n", "", "rules off", "rules on", "on/off");
        for (int i = 0; i < QUERIES.length; i++) {
            System.out.printf("%-36s %10.1f %10.1f %8.2f%n", QUERIES[i], bare[i], narrowed[i], narrowed[i] / bare[i]);
        }
        System.exit(0);
    }

    private static double[] measure(String name, boolean enforce) throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FhirServerApplication.class)
                .profiles(
                        AccessLayerBenchmark.DATABASE.equals("postgres")
                                ? new String[] {"test", "postgres"}
                                : new String[] {"test"})
                .run(
                        "--server.port=0",
                        "--workspace.access.enforce=" + enforce,
                        "--workspace.audit.enabled=false",
                        "--workspace.security.token.additional-trusted-keys=" + TestTokens.TRUSTED.publicJwkSet(),
                        "--spring.datasource.url=" + AccessLayerBenchmark.database("caseload-" + name),
                        "--logging.level.root=warn",
                        "--workspace.sample-data.directory=" + AccessLayerBenchmark.ROOT.resolve("config/sample-data"),
                        "--workspace.access.sharing-agreement="
                                + AccessLayerBenchmark.ROOT.resolve(
                                        "config/sharing/neighbourhood-sharing-agreement.yaml"));
        try {
            long start = System.nanoTime();
            String person = addPeopleInAgeWellsCareTeams(context.getBean(DaoRegistry.class));
            System.out.printf("%s: %d people added in %.0f s%n", name, PEOPLE, (System.nanoTime() - start) / 1e9);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            String base = "http://localhost:" + port + "/fhir";
            double[] rates = new double[QUERIES.length];
            for (int i = 0; i < QUERIES.length; i++) {
                String token = TestTokens.TRUSTED.token("ben.carter", "age-well", "voluntary", "support-worker");
                String url = base + QUERIES[i].replace("{person}", person);
                for (int w = 0; w < WARM_UP; w++) {
                    AccessLayerBenchmark.get(url, token);
                }
                rates[i] = AccessLayerBenchmark.rate(url, token, REQUESTS);
            }
            return rates;
        } finally {
            context.close();
        }
    }

    /** Adds the people, each with an active care team that Age Well is in; returns the last one's id. */
    private static String addPeopleInAgeWellsCareTeams(DaoRegistry daos) {
        String last = null;
        for (int done = 0; done < PEOPLE; done += PER_TRANSACTION) {
            Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (int i = done; i < Math.min(PEOPLE, done + PER_TRANSACTION); i++) {
                String personUrl = "urn:uuid:" + UUID.randomUUID();
                Patient patient = new Patient();
                patient.addName().setFamily("Caseload" + i).addGiven("Benchmark");
                transaction
                        .addEntry()
                        .setFullUrl(personUrl)
                        .setResource(patient)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("Patient");
                CareTeam team = new CareTeam();
                team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
                team.setSubject(new Reference(personUrl));
                team.addParticipant()
                        .addRole(new CodeableConcept().setText("Team member"))
                        .setMember(new Reference("Organization/age-well"));
                transaction
                        .addEntry()
                        .setResource(team)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("CareTeam");
            }
            Bundle response = (Bundle) daos.getSystemDao().transaction(new SystemRequestDetails(), transaction);
            last = new org.hl7.fhir.r4.model.IdType(response.getEntry()
                            .get(response.getEntry().size() - 2)
                            .getResponse()
                            .getLocation())
                    .getIdPart();
        }
        return last;
    }
}
