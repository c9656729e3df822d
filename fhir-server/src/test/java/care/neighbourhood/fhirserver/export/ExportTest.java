package care.neighbourhood.fhirserver.export;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.bulk.export.api.IBulkDataExportJobSchedulingHelper;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import care.neighbourhood.fhirserver.support.FhirServerTestBase;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bulk export within the access rules: asked for by a system (within its scopes) or an
 * information-governance officer; holding only what the requester could read; its status and files
 * for the requester alone; every file fetched audited with the people in it; files removed after the
 * retention time.
 */
class ExportTest extends FhirServerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNCIL_SCOPES =
            "system/Patient.rs system/Task.rs system/CarePlan.rs system/CareTeam.rs system/Group.rs";
    private static final String COUNCIL = system("council-case-system", "city-council-asc", "social-care");
    private static final String EHR = system("riverside-ehr", "riverside-practice", "health");
    private static final String NURSE =
            TestTokens.TRUSTED.token("nina.patel", "northbank-community", "health", "community-nurse");
    private static final String IG_OFFICER =
            TestTokens.TRUSTED.token("irene.walsh", "northbank-community", "health", "ig-officer");

    @Autowired
    DaoRegistry daos;

    @Autowired
    IJobPersistence jobs;

    @Autowired
    IBulkDataExportJobSchedulingHelper exportHousekeeping;

    private String peter;
    private String arthur;
    private String edith;

    @BeforeEach
    void findPeople() {
        SampleRecords records = new SampleRecords(daos);
        peter = records.patientId("9995180901");
        arthur = records.patientId("9992204176");
        edith = records.patientId(SampleRecords.EDITH_NHS_NUMBER);
    }

    @Test
    void aSystemsExportHoldsOnlyWhatItCouldReadAndIsForItAlone() throws Exception {
        String status = kickOff("/$export?_type=Patient,Task,CareTeam", COUNCIL);
        List<String> files = awaitFiles(status, COUNCIL);

        List<IBaseResource> exported = new ArrayList<>();
        for (String file : files) {
            exported.addAll(download(file, COUNCIL));
        }
        Set<String> exportedPeople = idsOf(exported, "Patient");
        Set<String> readable = searchable("/Patient?_count=1000", COUNCIL);
        assertThat(exportedPeople)
                .as("everyone exported is someone the council reads through the API (%s)", readable)
                .isNotEmpty()
                .isSubsetOf(readable)
                .contains(peter)
                .doesNotContain(arthur, edith);
        assertThat(idsOf(exported, "Task")).isSubsetOf(searchable("/Task?_count=1000", COUNCIL));
        assertThat(exported)
                .allMatch(resource -> List.of("Patient", "Task", "CareTeam").contains(resource.fhirType()));

        // The export is the council's: the GP practice's system can neither follow it nor fetch its files.
        assertThat(get(status, EHR).statusCode()).isEqualTo(403);
        for (String file : files) {
            assertThat(fetch(file, EHR).statusCode()).isIn(403, 404);
        }

        // Each file fetched is audited with the people it held.
        String audit = get(
                        "/AuditEvent?agent-name=council-case-system&patient=Patient/" + peter + "&_count=100",
                        IG_OFFICER)
                .body();
        assertThat(audit).contains("Binary/");
    }

    @Test
    void exportsOutsideTheRulesAreRefusedWithTheReason() throws Exception {
        assertRefused(kickOffAnswer("/$export", NURSE), "bulk export is for external systems");
        assertRefused(kickOffAnswer("/$export?_type=AuditEvent", COUNCIL), "AuditEvent is not exported");
        assertRefused(kickOffAnswer("/$export?_type=Observation", COUNCIL), "do not allow reading Observation");
        assertRefused(get("/$export-poll-status?_jobId=no-such-job", COUNCIL), null, 404);
    }

    @Test
    void anInformationGovernanceExportHoldsWhatGovernanceReadsAndNoCareRecord() throws Exception {
        String status = kickOff("/$export?_type=Consent,Task", IG_OFFICER);
        List<IBaseResource> exported = new ArrayList<>();
        for (String file : awaitFiles(status, IG_OFFICER)) {
            exported.addAll(download(file, IG_OFFICER));
        }
        assertThat(exported)
                .isNotEmpty()
                .allMatch(resource -> resource.fhirType().equals("Consent"));
        assertThat(get(status, COUNCIL).statusCode()).isEqualTo(403);
    }

    @Test
    void aGroupExportIsOfAGroupTheRequesterCanReadAndHoldsWhatTheyCouldRead() throws Exception {
        String peterOnly = group("Council reviews", peter);
        String withEdith = group("Council reviews and Edith", peter, edith);

        assertRefused(kickOffAnswer("/Group/" + withEdith + "/$export?_type=Patient,CarePlan", COUNCIL), null, 403);

        List<IBaseResource> exported = new ArrayList<>();
        for (String file :
                awaitFiles(kickOff("/Group/" + peterOnly + "/$export?_type=Patient,CarePlan", COUNCIL), COUNCIL)) {
            exported.addAll(download(file, COUNCIL));
        }
        assertThat(idsOf(exported, "Patient")).containsExactly(peter);
    }

    @Test
    void filesAreRemovedOnceTheRetentionTimeHasPassed() throws Exception {
        String status = kickOff("/$export?_type=Patient", COUNCIL);
        List<String> files = awaitFiles(status, COUNCIL);
        assertThat(fetch(files.get(0), COUNCIL).statusCode()).isEqualTo(200);

        String jobId = status.substring(status.indexOf("_jobId=") + "_jobId=".length());
        jobs.updateInstance(jobId, job -> {
            job.setEndTime(Date.from(Instant.now().minus(Duration.ofHours(3))));
            return true;
        });
        exportHousekeeping.purgeExpiredFiles();

        assertThat(fetch(files.get(0), COUNCIL).statusCode()).isIn(404, 410);
    }

    // --- the export conversation ------------------------------------------------------------------

    private String kickOff(String path, String token) {
        HttpResponse<String> answer = kickOffAnswer(path, token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String location = answer.headers().firstValue("Content-Location").orElseThrow();
        return location.substring(location.indexOf("/$export-poll-status"));
    }

    private HttpResponse<String> kickOffAnswer(String path, String token) {
        return send(request(path)
                .header("Authorization", "Bearer " + token)
                .header("Prefer", "respond-async")
                .GET());
    }

    private List<String> awaitFiles(String status, String token) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        HttpResponse<String> answer = get(status, token);
        while (answer.statusCode() == 202 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            answer = get(status, token);
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> files = new ArrayList<>();
        for (JsonNode output : JSON.readTree(answer.body()).path("output")) {
            String url = output.path("url").asText();
            files.add(URI.create(url).getPath().replaceFirst("^/fhir", ""));
        }
        return files;
    }

    private HttpResponse<String> fetch(String file, String token) {
        return send(request(file)
                .header("Authorization", "Bearer " + token)
                .setHeader("Accept", "application/fhir+ndjson")
                .GET());
    }

    private List<IBaseResource> download(String file, String token) {
        HttpResponse<String> answer = fetch(file, token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<IBaseResource> resources = new ArrayList<>();
        answer.body()
                .lines()
                .filter(line -> !line.isBlank())
                .forEach(line -> resources.add(FHIR.newJsonParser().parseResource(line)));
        return resources;
    }

    private Set<String> searchable(String search, String token) {
        HttpResponse<String> answer = get(search, token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, answer.body());
        Set<String> ids = new HashSet<>();
        bundle.getEntry()
                .forEach(entry -> ids.add(entry.getResource().getIdElement().getIdPart()));
        return ids;
    }

    private static Set<String> idsOf(List<IBaseResource> resources, String type) {
        Set<String> ids = new HashSet<>();
        resources.stream()
                .filter(resource -> resource.fhirType().equals(type))
                .forEach(resource -> ids.add(resource.getIdElement().getIdPart()));
        return ids;
    }

    private String group(String name, String... people) {
        Group group =
                new Group().setType(Group.GroupType.PERSON).setActual(true).setName(name);
        for (String person : people) {
            group.addMember().setEntity(new Reference("Patient/" + person));
        }
        return daos.getResourceDao(Group.class)
                .create(group, new SystemRequestDetails())
                .getId()
                .getIdPart();
    }

    private static void assertRefused(HttpResponse<String> answer, String reason) {
        assertRefused(answer, reason, 403);
    }

    private static void assertRefused(HttpResponse<String> answer, String reason, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        if (reason != null) {
            assertThat(answer.body()).contains(reason);
        }
    }

    private static String system(String client, String organisation, String sector) {
        return TestTokens.TRUSTED.token(
                client,
                organisation,
                sector,
                "none",
                c -> c.claim("fhirUser", null).claim("azp", client).claim("scope", COUNCIL_SCOPES));
    }
}
