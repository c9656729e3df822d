package care.neighbourhood.fhirserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import care.neighbourhood.fhirserver.support.SampleRecords;
import care.neighbourhood.fhirserver.support.TestTokens;
import care.neighbourhood.testkit.Persona;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every interaction leaves exactly one AuditEvent with who, what, the outcome, the purpose and, for
 * what was shown, the people and the basis; denials say nothing of the record; AuditEvents cannot be
 * changed by anyone and only governance reads them.
 */
class AuditTrailTest extends AuditTestSupport {

    static final String NURSE = tokenOf(Persona.NINA_PATEL);
    static final String SOCIAL_WORKER = tokenOf(Persona.SAM_TAYLOR);
    static final String MARGARET_NHS = "9991042113";

    @Autowired
    DaoRegistry daos;

    @Autowired
    AuditCapture capture;

    String patient(String nhsNumber) {
        return new SampleRecords(daos).patientId(nhsNumber);
    }

    record Interaction(
            String name,
            String method,
            String path,
            String body,
            String token,
            int status,
            String interaction,
            int outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    List<Interaction> interactions() {
        String margaret = patient(MARGARET_NHS);
        String edith = patient(SampleRecords.EDITH_NHS_NUMBER);
        String task = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"},\"description\":\"Audit check\"}";
        return List.of(
                new Interaction("read on the caseload", "GET", "/Patient/" + margaret, null, NURSE, 200, "read", 0),
                new Interaction("read off the caseload", "GET", "/Patient/" + edith, null, NURSE, 403, "read", 4),
                new Interaction(
                        "search", "GET", "/CarePlan?patient=Patient/" + margaret, null, NURSE, 200, "search-type", 0),
                new Interaction("create", "POST", "/Task", task, NURSE, 201, "create", 0),
                new Interaction("no token", "GET", "/Patient/" + margaret, null, null, 401, "read", 4),
                new Interaction("not a token", "GET", "/Patient/" + margaret, null, "not-a-jwt", 401, "read", 4),
                new Interaction("unknown type", "GET", "/Spaceship/1", null, NURSE, 404, "unknown", 4),
                new Interaction(
                        "bad search", "GET", "/Patient?birthdate=yesterday", null, NURSE, 400, "search-type", 4),
                new Interaction(
                        "audit search by a nurse", "GET", "/AuditEvent?_count=1", null, NURSE, 403, "search-type", 4),
                new Interaction("capabilities", "GET", "/metadata", null, null, 200, "capabilities", 0));
    }

    @Test
    void everyInteractionLeavesExactlyOneRecordWithItsOutcome() {
        for (Interaction each : interactions()) {
            String requestId = newRequestId();
            HttpResponse<String> response = call(each.method(), each.path(), each.body(), each.token(), requestId);
            assertThat(response.statusCode())
                    .as(each.name() + ": " + response.body())
                    .isEqualTo(each.status());

            List<AuditEvent> events = eventsOf(requestId);
            assertThat(events).as(each.name()).hasSize(1);
            AuditEvent event = events.get(0);
            assertThat(event.getOutcome().toCode()).as(each.name()).isEqualTo(String.valueOf(each.outcome()));
            assertThat(event.getOutcomeDesc()).as(each.name()).startsWith(String.valueOf(each.status()));
            if (!"unknown".equals(each.interaction())) {
                assertThat(event.getSubtypeFirstRep().getCode()).as(each.name()).isEqualTo(each.interaction());
            }
            assertThat(event.getType().getCode()).isEqualTo("rest");
            assertThat(event.getRecorded()).isNotNull();
        }
        // Each was committed before its response, none by the late safety net.
        assertThat(capture.recordedAfterTheResponse()).isZero();
    }

    @Test
    void aReadOfAnUnchangedRecordIsRecordedAs304AndARefusedOneAs403() {
        String margaret = patient(MARGARET_NHS);
        String requestId = newRequestId();
        HttpResponse<String> read = call("GET", "/Patient/" + margaret, null, NURSE, requestId);
        assertThat(read.statusCode()).isEqualTo(200);
        AuditEvent event = eventsOf(requestId).get(0);
        assertThat(event.getOutcomeDesc()).startsWith("200");
        assertThat(event.getEntity())
                .anySatisfy(
                        entity -> assertThat(entity.getWhat().getReference()).isEqualTo("Patient/" + margaret));

        String unchanged = newRequestId();
        HttpResponse<String> again = send(request("/Patient/" + margaret)
                .header("X-Request-ID", unchanged)
                .header("Authorization", "Bearer " + NURSE)
                .header("If-None-Match", read.headers().firstValue("ETag").orElseThrow()));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(eventsOf(unchanged))
                .singleElement()
                .satisfies(e -> assertThat(e.getOutcomeDesc()).startsWith("304"));

        String refused = newRequestId();
        assertThat(call("GET", "/Patient/" + patient(SampleRecords.EDITH_NHS_NUMBER), null, NURSE, refused)
                        .statusCode())
                .isEqualTo(403);
        assertThat(eventsOf(refused))
                .singleElement()
                .satisfies(e -> assertThat(e.getOutcomeDesc()).startsWith("403"));
    }

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void aReadWhoseRecordCannotBeStoredIsNotAnswered() throws Exception {
        String margaret = patient(MARGARET_NHS);
        try (var connection = dataSource.getConnection();
                var statement = connection.createStatement()) {
            statement.execute("alter table nw_audit_person rename to nw_audit_person_away");
            try {
                HttpResponse<String> read = call("GET", "/Patient/" + margaret, null, NURSE, newRequestId());
                assertThat(read.statusCode()).isEqualTo(503);
                assertThat(read.headers().firstValue("Retry-After")).contains("5");
                assertThat(read.body())
                        .contains("could not be recorded in the audit trail")
                        .doesNotContain(MARGARET_NHS, "Margaret");
            } finally {
                statement.execute("alter table nw_audit_person_away rename to nw_audit_person");
            }
        }
    }

    @Test
    void anAllowedReadNamesTheUserOrganisationPurposePersonAndBasis() {
        String margaret = patient(MARGARET_NHS);
        String requestId = newRequestId();
        assertThat(call("GET", "/CareTeam?patient=Patient/" + margaret, null, NURSE, requestId)
                        .statusCode())
                .isEqualTo(200);

        AuditEvent event = eventsOf(requestId).get(0);
        AuditEvent.AuditEventAgentComponent user = event.getAgentFirstRep();
        assertThat(user.getRequestor()).isTrue();
        assertThat(user.getWho().getReference()).isEqualTo("Practitioner/nina-patel");
        assertThat(user.getWho().getIdentifier().getSystem()).isEqualTo(TestTokens.ISSUER);
        assertThat(user.getWho().getDisplay()).isEqualTo("nina.patel");
        assertThat(user.getRoleFirstRep().getCodingFirstRep().getCode()).isEqualTo("community-nurse");
        Extension organisation = user.getExtensionByUrl(AuditEventMapper.AGENT_ORGANISATION);
        assertThat(((Reference) organisation.getValue()).getReference()).isEqualTo("Organization/northbank-community");
        assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("TREAT");
        assertThat(event.getEntity())
                .anySatisfy(entity -> assertThat(entity.getDescription()).contains("patient=Patient/" + margaret));

        AuditEvent.AuditEventEntityComponent person = event.getEntity().stream()
                .filter(e -> "1".equals(e.getType().getCode()))
                .findFirst()
                .orElseThrow();
        assertThat(person.getWhat().getReference()).isEqualTo("Patient/" + margaret);
        assertThat(person.getWhat().getIdentifier().getValue()).isEqualTo(MARGARET_NHS);
        assertThat(detail(person, "access-basis")).contains("relationship", "CareTeam/", "agreement");
        assertThat(detail(person, "data-organisation")).isNotBlank();
    }

    @Test
    void socialCareStaffAreRecordedForCareManagement() {
        String requestId = newRequestId();
        assertThat(call("GET", "/Patient/" + patient(MARGARET_NHS), null, SOCIAL_WORKER, requestId)
                        .statusCode())
                .isEqualTo(200);
        AuditEvent event = eventsOf(requestId).get(0);
        assertThat(event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("CAREMGT");
        assertThat(event.getAgentFirstRep()
                        .getExtensionByUrl(AuditEventMapper.AGENT_SECTOR)
                        .getValue()
                        .primitiveValue())
                .isEqualTo("social-care");
    }

    @Test
    void aDenialIsRecordedWithoutAnythingOfTheRecord() {
        String edith = patient(SampleRecords.EDITH_NHS_NUMBER);
        String requestId = newRequestId();
        String condition = new SampleRecords(daos).id("Condition", SampleRecords.SAMPLE, SampleRecords.EDITH_CONDITION);
        HttpResponse<String> denied = call("GET", "/Condition/" + condition, null, NURSE, requestId);
        assertThat(denied.statusCode()).isEqualTo(403);

        AuditEvent event = eventsOf(requestId).get(0);
        String json = FHIR.newJsonParser().encodeResourceToString(event);
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).startsWith("403");
        assertThat(json).doesNotContain("Patient/" + edith).doesNotContainIgnoringCase("fibrillation");
        assertThat(event.getEntity().stream().filter(e -> "1".equals(e.getType().getCode())))
                .isEmpty();
        assertThat(auditSearch("denied=true&request-id=" + requestId).getTotal())
                .isEqualTo(1);
    }

    @Test
    void aWriteIsRecordedWithThePersonItConcerns() {
        String margaret = patient(MARGARET_NHS);
        String requestId = newRequestId();
        String task = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"for\":{\"reference\":\"Patient/" + margaret + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/nina-patel\"},"
                + "\"owner\":{\"reference\":\"Practitioner/nina-patel\"},\"description\":\"Write audit\"}";
        HttpResponse<String> created = call("POST", "/Task", task, NURSE, requestId);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        AuditEvent event = eventsOf(requestId).get(0);
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
        assertThat(event.getOutcomeDesc()).startsWith("201");
        assertThat(event.getEntity())
                .anySatisfy(e -> assertThat(e.getWhat().getReference()).isEqualTo("Patient/" + margaret));
    }

    @Test
    void aRefusedTransactionLeavesOnlyItsRefusal() {
        String margaret = patient(MARGARET_NHS);
        String edith = patient(SampleRecords.EDITH_NHS_NUMBER);
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + goal(margaret) + ","
                + goal(edith) + "]}";
        String requestId = newRequestId();
        assertThat(call("POST", "", bundle, NURSE, requestId).statusCode()).isEqualTo(403);
        List<AuditEvent> events = eventsOf(requestId);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(events.get(0).getSubtypeFirstRep().getCode()).isEqualTo("transaction");
    }

    private static String goal(String person) {
        return "{\"resource\":{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"active\","
                + "\"description\":{\"text\":\"Walk to the shop\"},\"subject\":{\"reference\":\"Patient/" + person
                + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Goal\"}}";
    }

    static Stream<Arguments> everyoneAndEveryChange() {
        Stream<String> people = Persona.ALL.stream().map(Persona::username);
        return people.flatMap(name -> Stream.of("PUT", "DELETE", "POST").map(method -> Arguments.of(name, method)));
    }

    @ParameterizedTest(name = "{0} {1} AuditEvent")
    @MethodSource("everyoneAndEveryChange")
    void nobodyChangesTheAuditTrail(String username, String method) {
        Persona persona = Persona.ALL.stream()
                .filter(p -> p.username().equals(username))
                .findFirst()
                .orElseThrow();
        String witness = newRequestId();
        call("GET", "/Patient?_count=1", null, tokenOf(persona), witness);
        AuditEvent original = eventsOf(witness).get(0);
        String id = original.getIdElement().getIdPart();

        AuditEvent changed = original.copy();
        changed.setOutcomeDesc("200 nothing to see here");
        String body = FHIR.newJsonParser().encodeResourceToString(changed);
        String path = "POST".equals(method) ? "/AuditEvent" : "/AuditEvent/" + id;
        HttpResponse<String> attempt =
                call(method, path, "DELETE".equals(method) ? null : body, tokenOf(persona), newRequestId());

        assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(405);
        assertThat(attempt.body()).contains("OperationOutcome");
        AuditEvent after = eventsOf(witness).get(0);
        assertThat(after.getOutcomeDesc()).isEqualTo(original.getOutcomeDesc());
    }

    @Test
    void onlyGovernanceReadsTheAuditTrail() {
        for (Persona persona : Persona.ALL) {
            int status = call("GET", "/AuditEvent?_count=1", null, tokenOf(persona), newRequestId())
                    .statusCode();
            assertThat(status).as(persona.username()).isEqualTo(persona == Persona.IRENE_WALSH ? 200 : 403);
        }
        String system = TestTokens.TRUSTED.token(
                "council-case-system",
                "city-council-asc",
                "social-care",
                "none",
                c -> c.claim("fhirUser", null).claim("scope", "system/*.rs"));
        assertThat(call("GET", "/AuditEvent?_count=1", null, system, newRequestId())
                        .statusCode())
                .isEqualTo(403);
        String auditSystem = TestTokens.TRUSTED.token(
                "audit-archive",
                "northbank-community",
                "health",
                "none",
                c -> c.claim("fhirUser", null).claim("scope", "system/AuditEvent.read"));
        assertThat(call("GET", "/AuditEvent?_count=1", null, auditSystem, newRequestId())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theTrailIsSearchedByPersonAgentOrganisationDateOutcomeAndPurpose() {
        String margaret = patient(MARGARET_NHS);
        String requestId = newRequestId();
        call("GET", "/Patient/" + margaret, null, SOCIAL_WORKER, requestId);
        String since = java.time.Instant.now().minusSeconds(60).toString();

        assertThat(ids(auditSearch("patient=Patient/" + margaret + "&_count=500")))
                .contains(requestId);
        assertThat(ids(auditSearch(
                        "patient-identifier=" + SampleRecords.NHS_NUMBER + "%7C" + MARGARET_NHS + "&_count=500")))
                .contains(requestId);
        assertThat(ids(auditSearch("agent=Practitioner/sam-taylor&_count=500"))).contains(requestId);
        assertThat(ids(auditSearch("agent=Organization/city-council-asc&_count=500")))
                .contains(requestId);
        assertThat(ids(auditSearch("date=ge" + since + "&outcome=0&purpose=CAREMGT&_count=500")))
                .contains(requestId);
        assertThat(ids(auditSearch("outcome=4&request-id=" + requestId))).isEmpty();
        assertThat(ids(auditSearch("purpose=TREAT&request-id=" + requestId))).isEmpty();
        assertThat(ids(auditSearch("date=lt2000-01-01&request-id=" + requestId)))
                .isEmpty();

        HttpResponse<String> badAgent = call("GET", "/AuditEvent?agent=Patient/x", null, IG_OFFICER, newRequestId());
        assertThat(badAgent.statusCode()).isEqualTo(400);
        assertThat(badAgent.body()).contains("OperationOutcome");
    }

    @Test
    void pagesOfTheTrailHaveATotalAndANextLink() {
        org.hl7.fhir.r4.model.Bundle first = auditSearch("_count=2");
        assertThat(first.getTotal()).isGreaterThan(2);
        assertThat(first.getEntry()).hasSize(2);
        assertThat(first.getLink("next")).isNotNull();
        assertThat(first.getLink("next").getUrl()).contains("_offset=2");
    }

    @Test
    void accessesAcrossSectorsAreCountedByOrganisationPair() {
        call("GET", "/Patient/" + patient(MARGARET_NHS), null, SOCIAL_WORKER, newRequestId());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        HttpResponse<String> response = call(
                "GET",
                "/AuditEvent/$cross-boundary?from=" + today + "&to=" + today + "&period=week",
                null,
                IG_OFFICER,
                newRequestId());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        org.hl7.fhir.r4.model.Parameters result =
                FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Parameters.class, response.body());
        assertThat(result.getParameter().stream().filter(p -> "row".equals(p.getName())))
                .anySatisfy(row -> {
                    assertThat(part(row, "accessingOrganisation")).isEqualTo("city-council-asc");
                    assertThat(part(row, "accessingSector")).isEqualTo("social-care");
                    assertThat(part(row, "dataSector")).isEqualTo("health");
                    assertThat(Integer.parseInt(part(row, "count"))).isPositive();
                });
        assertThat(call("GET", "/AuditEvent/$cross-boundary", null, NURSE, newRequestId())
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/AuditEvent/$cross-boundary?period=fortnight", null, IG_OFFICER, newRequestId())
                        .statusCode())
                .isEqualTo(400);
    }

    private static String part(org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent row, String name) {
        return row.getPart().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .map(p -> p.getValue().primitiveValue())
                .orElse(null);
    }

    private static List<String> ids(org.hl7.fhir.r4.model.Bundle bundle) {
        return bundle.getEntry().stream()
                .map(e -> ((AuditEvent) e.getResource()).getExtensionString(AuditEventMapper.REQUEST_ID))
                .toList();
    }

    private static String detail(AuditEvent.AuditEventEntityComponent entity, String type) {
        return entity.getDetail().stream()
                .filter(d -> type.equals(d.getType()))
                .findFirst()
                .map(d -> d.getValue().primitiveValue())
                .orElse(null);
    }
}
