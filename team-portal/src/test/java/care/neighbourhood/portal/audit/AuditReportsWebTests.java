package care.neighbourhood.portal.audit;

import static care.neighbourhood.portal.audit.AuditFixtures.bare;
import static care.neighbourhood.portal.audit.AuditFixtures.breakGlassReview;
import static care.neighbourhood.portal.audit.AuditFixtures.crossBoundary;
import static care.neighbourhood.portal.audit.AuditFixtures.deniedSearch;
import static care.neighbourhood.portal.audit.AuditFixtures.read;
import static care.neighbourhood.portal.audit.AuditFixtures.searchset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.fhir.FhirStubServer;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.fhir.FhirStubServer.Received;
import care.neighbourhood.portal.security.TestLogins;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The audit reports through the whole portal, against a stand-in FHIR server that answers as
 * docs/audit.md says the real one does: what the portal asks, what the officer sees and downloads.
 */
@SpringBootTest
@AutoConfigureMockMvc
class AuditReportsWebTests {

    static final FhirStubServer fhir = FhirStubServer.start();
    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String MARGARET = "9991042113";

    @DynamicPropertySource
    static void fhirServer(DynamicPropertyRegistry properties) {
        properties.add("workspace.fhir.base-url", fhir::baseUrl);
        properties.add("workspace.fhir.connect-timeout", () -> "2s");
        properties.add("workspace.fhir.read-timeout", () -> "5s");
    }

    @AfterAll
    static void stopFhirServer() {
        fhir.close();
    }

    @Autowired
    MockMvc mvc;

    // --- who may see the reports ---------------------------------------------------------------

    @Test
    void anIgOfficerStartsOnTheAuditReports() throws Exception {
        answer(request -> Answer.outcome(500, "the caseload must not be asked for"));

        MockHttpServletResponse home = perform(get("/"), TestLogins.ireneWalsh());

        assertThat(home.getStatus()).isEqualTo(302);
        assertThat(home.getRedirectedUrl()).isEqualTo("/audit");
        assertThat(fhir.received()).extracting(Received::path).doesNotContain("/fhir/CareTeam");

        String reports = perform(get("/audit"), TestLogins.ireneWalsh()).getContentAsString();
        assertThat(reports)
                .contains("<h1 class=\"nhsuk-heading-l\" id=\"audit-heading\">Audit reports</h1>")
                .contains("id=\"nav-audit\"", "aria-current=\"page\"")
                .contains(
                        "href=\"/audit/person\"",
                        "href=\"/audit/cross-boundary\"",
                        "href=\"/audit/denied\"",
                        "href=\"/audit/break-glass\"",
                        "href=\"/audit/agreement\"")
                .doesNotContain("id=\"nav-caseload\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/audit",
                "/audit/person",
                "/audit/person?nhs=9991042113",
                "/audit/cross-boundary",
                "/audit/denied",
                "/audit/break-glass",
                "/audit/agreement",
                "/audit/person.csv?nhs=9991042113",
                "/audit/cross-boundary.csv",
                "/audit/denied.csv",
                "/audit/break-glass.csv"
            })
    void aClinicianGetsAReadableRefusalAndNoFhirRequestIsMade(String url) throws Exception {
        answer(request -> Answer.outcome(500, "nothing of the audit trail may be asked for"));

        MockHttpServletResponse page = perform(get(url), TestLogins.ninaPatel());

        assertThat(page.getStatus()).isEqualTo(403);
        assertThat(page.getContentType()).startsWith("text/html");
        assertThat(page.getContentAsString())
                .contains("nhsuk-error-summary", "These reports are for information-governance officers.")
                .contains("id=\"nav-caseload\"")
                .doesNotContain("id=\"nav-audit\"", "href=\"/audit", "Exception", ".java:");
        assertThat(fhir.received()).extracting(Received::path).noneMatch(path -> path.contains("AuditEvent"));
    }

    @Test
    void aClinicianCannotPostAReview() throws Exception {
        answer(request -> Answer.outcome(500, "must not be asked"));

        MockHttpServletResponse page = perform(
                post("/audit/break-glass/t-1")
                        .param("decision", "appropriate")
                        .param("note", "fine")
                        .with(csrf()),
                TestLogins.ninaPatel());

        assertThat(page.getStatus()).isEqualTo(403);
        assertThat(page.getContentAsString()).contains("These reports are for information-governance officers.");
        assertThat(fhir.received()).noneMatch(request -> request.method().equals("POST"));
    }

    // --- who saw this person's record ------------------------------------------------------------

    @Test
    void thePersonReportShowsWhoSawTheRecordWhenFromWhereAndWhy() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent" ->
                Answer.ok(searchset(
                        2,
                        null,
                        read(
                                "a-1",
                                "2026-11-03T14:05:00Z",
                                "nina.patel",
                                "northbank-community",
                                "community-nurse",
                                "care team CareTeam/ct-ellis (agreement clause coordination)"),
                        bare("a-2")));
            default -> common(request);
        });

        MockHttpServletResponse page = perform(get("/audit/person").param("nhs", "999 104 2113"), irene());

        assertThat(page.getStatus()).isEqualTo(200);
        Received search = only("/fhir/AuditEvent");
        assertThat(search.param("patient-identifier")).isEqualTo("https://fhir.nhs.uk/Id/nhs-number|" + MARGARET);
        assertThat(search.param("_count")).isEqualTo("50");
        assertThat(search.param("_offset")).isEqualTo("0");
        assertThat(search.authorization()).isEqualTo("Bearer " + TestLogins.IRENE_WALSH_TOKEN);
        assertThat(page.getContentAsString())
                .contains("999 104 2113", "Showing 1 to 2 of 2, newest first.")
                .contains(
                        "<caption class=\"nhsuk-table__caption nhsuk-table__caption--s\" id=\"person-table-caption\">")
                .contains("scope=\"col\">When<", "scope=\"col\">Why<")
                .contains("3 Nov 2026, 14:05", "nina.patel", "Practitioner/nina-patel")
                .contains("Northbank Community Health Trust", "community-nurse", "read Patient/p-ellis")
                .contains("care team CareTeam/ct-ellis (agreement clause coordination)", "Purpose of use: TREAT")
                .contains("Success (200 OK)")
                .contains("href=\"/audit/person.csv?nhs=9991042113\"")
                .doesNotContain("id=\"next-page\"", "id=\"previous-page\"");
        // The bare event is a row of blanks, not a failure.
        assertThat(page.getContentAsString().split("class=\"nhsuk-table__row access-row\""))
                .hasSize(3);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "12345", "99910421130", "999104211X", "nine nine nine", "999-104-211"})
    void anNhsNumberThatIsNotTenDigitsIsExplained(String nhs) throws Exception {
        answer(AuditReportsWebTests::common);

        MockHttpServletResponse page = perform(get("/audit/person").param("nhs", nhs), irene());

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString())
                .contains("<title>Error: Who saw a person’s record")
                .contains("nhsuk-error-summary", "There is a problem")
                .contains("<a href=\"#nhs\">Enter an NHS number with 10 digits, like 999 123 4567</a>")
                .contains("id=\"nhs-error\"", "nhsuk-form-group--error", "aria-describedby=\"nhs-hint nhs-error\"")
                .doesNotContain("id=\"person-table\"");
        assertThat(fhir.received()).extracting(Received::path).doesNotContain("/fhir/AuditEvent");
    }

    @Test
    void theFormAloneIsShownUntilAnNhsNumberIsGiven() throws Exception {
        answer(AuditReportsWebTests::common);

        String page = perform(get("/audit/person"), irene()).getContentAsString();

        assertThat(page)
                .contains("<label class=\"nhsuk-label\" for=\"nhs\">NHS number</label>")
                .contains("class=\"nhsuk-back-link\"")
                .doesNotContain("nhsuk-error-summary", "id=\"person-table\"");
        assertThat(fhir.received()).extracting(Received::path).doesNotContain("/fhir/AuditEvent");
    }

    @Test
    void pagesAreLinkedByOffset() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent" ->
                Answer.ok(searchset(
                        140,
                        fhir.baseUrl() + "/AuditEvent?patient-identifier=x&_count=50&_offset=100",
                        read("a-51", "2026-11-02T08:00:00Z", "omar.hassan", "riverside-practice", "gp", "care team")));
            default -> common(request);
        });

        String page = perform(get("/audit/person").param("nhs", MARGARET).param("offset", "50"), irene())
                .getContentAsString();

        assertThat(only("/fhir/AuditEvent").param("_offset")).isEqualTo("50");
        assertThat(page)
                .contains("Showing 51 to 51 of 140")
                .contains("id=\"previous-page\" href=\"/audit/person?nhs=9991042113&amp;offset=0\"")
                .contains("id=\"next-page\" href=\"/audit/person?nhs=9991042113&amp;offset=100\"")
                .contains("Riverside Medical Practice");
    }

    @Test
    void thePersonExportReadsEveryPageAndQuotesSafely() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent" ->
                "0".equals(request.param("_offset"))
                        ? Answer.ok(searchset(
                                2,
                                fhir.baseUrl() + "/AuditEvent?_count=100&_offset=1",
                                read(
                                        "a-1",
                                        "2026-11-03T14:05:00Z",
                                        "nina.patel",
                                        "northbank-community",
                                        "community-nurse",
                                        "=HYPERLINK(\"http://example.test\",\"care team\")")))
                        : Answer.ok(searchset(
                                2,
                                null,
                                read(
                                        "a-2",
                                        "2026-11-01T09:00:00Z",
                                        "sam.taylor",
                                        "city-council-asc",
                                        "social-worker",
                                        "care team, then consent")));
            default -> common(request);
        });

        MockHttpServletResponse csv = perform(get("/audit/person.csv").param("nhs", MARGARET), irene());

        assertThat(csv.getStatus()).isEqualTo(200);
        assertThat(csv.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.getHeader("Content-Disposition")).startsWith("attachment; filename=\"audit-person-9991042113-");
        assertThat(fhir.received())
                .filteredOn(request -> request.path().equals("/fhir/AuditEvent"))
                .extracting(request -> request.param("_offset"))
                .containsExactly("0", "1");
        List<String> lines = List.of(csv.getContentAsString().split("\r\n"));
        assertThat(lines.get(0))
                .isEqualTo("When,Who,Practitioner,Organisation,Role,Interaction,Resource,Query,Access basis,"
                        + "Purpose of use,Outcome,Outcome description");
        assertThat(lines.get(1))
                .isEqualTo("2026-11-03T14:05:00Z,nina.patel,Practitioner/nina-patel,Northbank Community Health Trust,"
                        + "community-nurse,read,Patient/p-ellis,,\"'=HYPERLINK(\"\"http://example.test\"\",\"\"care team\"\")\","
                        + "TREAT,Success,200 OK");
        assertThat(lines.get(2))
                .contains("sam.taylor", "City Council Adult Social Care", "\"care team, then consent\"");
        assertThat(lines).hasSize(3);
    }

    @Test
    void anExportWithABadNhsNumberGoesBackToTheForm() throws Exception {
        answer(AuditReportsWebTests::common);

        MockHttpServletResponse response = perform(get("/audit/person.csv").param("nhs", "123"), irene());

        assertThat(response.getStatus()).isEqualTo(303);
        assertThat(response.getHeader("Location")).isEqualTo("/audit/person?nhs=123");
    }

    // --- denied accesses ------------------------------------------------------------------------

    @Test
    void theDeniedReportShowsRefusalsOfTheLastThirtyDaysByDefault() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent" ->
                Answer.ok(searchset(
                        1,
                        null,
                        deniedSearch(
                                "d-1",
                                "2026-11-04T22:10:00Z",
                                "ben.carter",
                                "age-well",
                                "Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9994077333")));
            default -> common(request);
        });

        String page = perform(get("/audit/denied"), irene()).getContentAsString();

        String expectedFrom =
                LocalDate.now(ZoneId.of("Europe/London")).minusDays(30).toString();
        Received search = only("/fhir/AuditEvent");
        assertThat(search.param("denied")).isEqualTo("true");
        assertThat(search.param("date")).isEqualTo("ge" + expectedFrom);
        assertThat(search.param("_count")).isEqualTo("50");
        assertThat(search.param("_offset")).isEqualTo("0");
        assertThat(page)
                .contains("value=\"" + expectedFrom + "\"")
                .contains("id=\"denied-table\"", "scope=\"col\">What was asked<")
                .contains("4 Nov 2026, 22:10", "ben.carter", "support-worker", "Age Well Northbank")
                .contains("search-type Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9994077333")
                .contains("403 Access denied")
                .contains("href=\"/audit/denied.csv?from=" + expectedFrom + "\"");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"yesterday", "2026-13-01", "2026-02-30", "01/11/2026"})
    void aStartDateThatIsNotADateIsExplained(String from) throws Exception {
        answer(AuditReportsWebTests::common);

        String page = perform(get("/audit/denied").param("from", from), irene()).getContentAsString();

        assertThat(page)
                .contains("There is a problem")
                .contains("<a href=\"#from\">Enter the start date as a real date, for example 2026-11-01</a>")
                .contains("id=\"from-error\"");
        assertThat(fhir.received()).extracting(Received::path).doesNotContain("/fhir/AuditEvent");
    }

    @Test
    void theDeniedExportHasTheRefusals() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent" ->
                Answer.ok(searchset(
                        1,
                        null,
                        deniedSearch("d-1", "2026-11-04T22:10:00Z", "ben.carter", "age-well", "Patient?name=moore")));
            default -> common(request);
        });

        MockHttpServletResponse csv = perform(get("/audit/denied.csv").param("from", "2026-11-01"), irene());

        assertThat(only("/fhir/AuditEvent").param("date")).isEqualTo("ge2026-11-01");
        assertThat(csv.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"audit-denied-from-2026-11-01.csv\"");
        assertThat(csv.getContentAsString())
                .contains("2026-11-04T22:10:00Z,ben.carter,Practitioner/ben-carter,Age Well Northbank,support-worker,"
                        + "search-type,,Patient?name=moore,,,Refused,403 Access denied");
    }

    // --- across sector boundaries ---------------------------------------------------------------

    static final List<Object[]> CROSS_BOUNDARY_ROWS = List.of(
            new Object[] {
                "2026-11-02",
                "Organization/city-council-asc",
                "social-care",
                "Organization/riverside-practice",
                "health",
                7
            },
            new Object[] {
                "2026-11-09",
                "Organization/city-council-asc",
                "social-care",
                "Organization/riverside-practice",
                "health",
                5
            },
            new Object[] {"2026-11-09", "age-well", "voluntary", "northbank-community", "health", 3});

    @Test
    void theCrossBoundaryReportDrawsAnAccessibleChartAndATableOfTheSameNumbers() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent/$cross-boundary" -> Answer.ok(crossBoundary(CROSS_BOUNDARY_ROWS));
            default -> common(request);
        });

        String page = perform(
                        get("/audit/cross-boundary")
                                .param("from", "2026-11-01")
                                .param("to", "2026-11-30")
                                .param("period", "week"),
                        irene())
                .getContentAsString();

        Received operation = only("/fhir/AuditEvent/$cross-boundary");
        assertThat(operation.method()).isEqualTo("GET");
        assertThat(operation.param("from")).isEqualTo("2026-11-01");
        assertThat(operation.param("to")).isEqualTo("2026-11-30");
        assertThat(operation.param("period")).isEqualTo("week");
        assertThat(page)
                .contains(
                        "<svg id=\"cross-boundary-chart\"",
                        "role=\"img\"",
                        "aria-labelledby=\"chart-title chart-desc\"")
                .contains("<title id=\"chart-title\">Accesses across sector boundaries, by organisation pair</title>")
                .contains("<desc id=\"chart-desc\">Accesses across sector boundaries from 1 Nov 2026 to 30 Nov 2026,"
                        + " per organisation pair: City Council Adult Social Care → Riverside Medical Practice"
                        + " (social-care → health): 12; Age Well Northbank → Northbank Community Health Trust"
                        + " (voluntary → health): 3.</desc>")
                .contains("width=\"600\"", "width=\"150\"")
                .contains("id=\"cross-boundary-table\"", "scope=\"col\">Week starting<")
                .contains("9 Nov 2026", "voluntary → health", "cross-boundary-count\">7<", "cross-boundary-count\">3<")
                .contains("value=\"week\" checked=\"checked\"")
                .doesNotContain("<script>");
    }

    @Test
    void theCrossBoundaryReportCoversTheLastThirtyDaysByWeekByDefault() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent/$cross-boundary" -> Answer.ok(crossBoundary(List.of()));
            default -> common(request);
        });

        String page = perform(get("/audit/cross-boundary"), irene()).getContentAsString();

        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        Received operation = only("/fhir/AuditEvent/$cross-boundary");
        assertThat(operation.param("from")).isEqualTo(today.minusDays(30).toString());
        assertThat(operation.param("to")).isEqualTo(today.toString());
        assertThat(operation.param("period")).isEqualTo("week");
        assertThat(page).contains("No organisation accessed records of another sector in this time.");
    }

    @ParameterizedTest(name = "from={0} to={1} period={2}")
    @org.junit.jupiter.params.provider.CsvSource({
        "2026-11-30, 2026-11-01, week, #to, The end date must be the same as or after the start date",
        "2026-11-01, someday, week, #to, Enter the end date as a real date",
        "first of November, 2026-11-30, day, #from, Enter the start date as a real date",
        "2026-11-01, 2026-11-30, fortnight, #period-day, Select day, week or month"
    })
    void crossBoundaryFormErrorsAreExplained(String from, String to, String period, String anchor, String message)
            throws Exception {
        answer(AuditReportsWebTests::common);

        String page = perform(
                        get("/audit/cross-boundary")
                                .param("from", from)
                                .param("to", to)
                                .param("period", period),
                        irene())
                .getContentAsString();

        assertThat(page).contains("There is a problem").contains("<a href=\"" + anchor + "\">" + message);
        assertThat(fhir.received()).extracting(Received::path).doesNotContain("/fhir/AuditEvent/$cross-boundary");
    }

    @Test
    void theCrossBoundaryExportHasOneRowPerPeriodAndPair() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/AuditEvent/$cross-boundary" -> Answer.ok(crossBoundary(CROSS_BOUNDARY_ROWS));
            default -> common(request);
        });

        MockHttpServletResponse csv = perform(
                get("/audit/cross-boundary.csv")
                        .param("from", "2026-11-01")
                        .param("to", "2026-11-30")
                        .param("period", "month"),
                irene());

        assertThat(only("/fhir/AuditEvent/$cross-boundary").param("period")).isEqualTo("month");
        assertThat(csv.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"audit-cross-boundary-2026-11-01-to-2026-11-30-by-month.csv\"");
        assertThat(csv.getContentAsString())
                .isEqualTo(
                        "Period start,Period,Accessing organisation,Accessing sector,Data organisation,Data sector,Count\r\n"
                                + "2026-11-02,month,City Council Adult Social Care,social-care,Riverside Medical Practice,health,7\r\n"
                                + "2026-11-09,month,City Council Adult Social Care,social-care,Riverside Medical Practice,health,5\r\n"
                                + "2026-11-09,month,Age Well Northbank,voluntary,Northbank Community Health Trust,health,3\r\n");
    }

    // --- break-glass review ---------------------------------------------------------------------

    static Answer queue(Received request) {
        return switch (request.path()) {
            case "/fhir/Task" ->
                Answer.ok(searchset(
                        2,
                        null,
                        breakGlassReview(
                                "bg-2",
                                "Patient/p-moore",
                                "Practitioner/ben-carter",
                                "2026-11-05T23:40:00Z",
                                "Called by her neighbour after a fall"),
                        breakGlassReview("bg-1", "Patient/p-foster", "Practitioner/sam-taylor", null, null)));
            default -> common(request);
        };
    }

    @Test
    void theQueueShowsEachEmergencyAccessWithAReviewForm() throws Exception {
        answer(AuditReportsWebTests::queue);

        String page = perform(get("/audit/break-glass"), irene()).getContentAsString();

        Received search = only("/fhir/Task");
        assertThat(search.param("code"))
                .isEqualTo("https://neighbourhood.example/fhir/CodeSystem/task-code|break-glass-review");
        assertThat(search.param("status")).isEqualTo("requested");
        assertThat(search.param("_sort")).isEqualTo("-authored-on");
        assertThat(page)
                .contains("2 emergency accesses are waiting for review")
                .contains("Patient/p-moore", "Practitioner/ben-carter", "5 Nov 2026, 23:40")
                .contains("Called by her neighbour after a fall")
                // Without a reason code, the description stands in.
                .contains("Review emergency access: null")
                .contains("action=\"/audit/break-glass/bg-2\"", "name=\"_csrf\"")
                .contains("id=\"decision-bg-2\"", "value=\"appropriate\"", "id=\"decision-bg-2-referred\"")
                .contains(
                        "Refer for investigation",
                        "<label class=\"nhsuk-label\" for=\"note-bg-2\">Note (required)</label>")
                .contains("href=\"/audit/break-glass.csv\"");
    }

    @Test
    void recordingADecisionCallsTheReviewOperationAndConfirms() throws Exception {
        answer(request -> switch (request.path()) {
            case "/fhir/Task/bg-2/$review-break-glass" -> {
                Task reviewed = breakGlassReview("bg-2", "Patient/p-moore", "Practitioner/ben-carter", null, "x");
                reviewed.setStatus(Task.TaskStatus.COMPLETED);
                yield Answer.ok(reviewed);
            }
            default -> queue(request);
        });

        MockHttpServletResponse response = perform(
                post("/audit/break-glass/bg-2")
                        .param("decision", "referred")
                        .param("note", "  Spoke to Ben: no emergency. Referred to the Caldicott guardian.  ")
                        .with(csrf()),
                irene());

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getRedirectedUrl()).isEqualTo("/audit/break-glass");
        Received operation = only("/fhir/Task/bg-2/$review-break-glass");
        assertThat(operation.method()).isEqualTo("POST");
        assertThat(operation.authorization()).isEqualTo("Bearer " + TestLogins.IRENE_WALSH_TOKEN);
        Parameters sent = FHIR.newJsonParser().parseResource(Parameters.class, operation.body());
        assertThat(sent.getParameter())
                .extracting(Parameters.ParametersParameterComponent::getName)
                .containsExactly("decision", "note");
        assertThat(sent.getParameter("decision").getValue()).isInstanceOf(CodeType.class);
        assertThat(((CodeType) sent.getParameter("decision").getValue()).getValue())
                .isEqualTo("referred");
        assertThat(sent.getParameter("note").getValue()).isInstanceOf(StringType.class);
        assertThat(((StringType) sent.getParameter("note").getValue()).getValue())
                .isEqualTo("Spoke to Ben: no emergency. Referred to the Caldicott guardian.");

        var flash = mvc.perform(post("/audit/break-glass/bg-2")
                        .param("decision", "appropriate")
                        .param("note", "Fine")
                        .with(csrf())
                        .with(irene()))
                .andReturn()
                .getFlashMap();
        String banner = mvc.perform(get("/audit/break-glass").flashAttrs(flash).with(irene()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(banner)
                .contains("nhsuk-notification-banner--success", "Review recorded", "Your decision: Appropriate.");
    }

    @ParameterizedTest(name = "decision={0} note={1}")
    @org.junit.jupiter.params.provider.CsvSource(
            value = {
                "appropriate, '', #note-bg-2, Enter a note about your decision",
                "appropriate, '   ', #note-bg-2, Enter a note about your decision",
                "'', Checked with the GP, #decision-bg-2, Select whether the emergency access was appropriate",
                "maybe, Checked with the GP, #decision-bg-2, Select whether the emergency access was appropriate"
            },
            emptyValue = "")
    void anIncompleteReviewIsExplainedAndKeepsWhatWasEntered(
            String decision, String note, String anchor, String message) throws Exception {
        answer(AuditReportsWebTests::queue);

        String page = perform(
                        post("/audit/break-glass/bg-2")
                                .param("decision", decision)
                                .param("note", note)
                                .with(csrf()),
                        irene())
                .getContentAsString();

        assertThat(page).contains("There is a problem").contains("<a href=\"" + anchor + "\">" + message);
        assertThat(page).contains("<title>Error: Emergency accesses to review");
        if (!note.isBlank()) {
            assertThat(page).contains(">" + note + "</textarea>");
        }
        assertThat(fhir.received()).noneMatch(request -> request.method().equals("POST"));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "409, A decision has already been recorded for this review.",
        "404, This review is no longer in the queue.",
        "422, 'The shared care record did not accept the review: Give a decision: appropriate or referred.'",
        "403, The shared care record did not let you record this review.",
        "500, The shared care record could not record the review. Try again later."
    })
    void aRefusedReviewIsExplainedInPlainWords(int status, String message) throws Exception {
        answer(request -> request.path().endsWith("$review-break-glass")
                ? Answer.outcome(status, "HAPI-0123: Give a decision: appropriate or referred.")
                : queue(request));

        MockHttpServletResponse page = perform(
                post("/audit/break-glass/bg-2")
                        .param("decision", "appropriate")
                        .param("note", "Checked")
                        .with(csrf()),
                irene());

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString())
                .contains("Your review has not been recorded")
                .contains(message)
                .contains(">Checked</textarea>")
                .doesNotContain("HAPI-0123", "Exception");
    }

    @Test
    void aReviewWithoutTheFormsCsrfTokenIsRefused() throws Exception {
        answer(AuditReportsWebTests::queue);

        MockHttpServletResponse page = perform(
                post("/audit/break-glass/bg-2").param("decision", "appropriate").param("note", "x"), irene());

        assertThat(page.getStatus()).isEqualTo(403);
        assertThat(fhir.received()).noneMatch(request -> request.method().equals("POST"));
    }

    @Test
    void theQueueExportListsEveryAccessAwaitingReview() throws Exception {
        answer(AuditReportsWebTests::queue);

        MockHttpServletResponse csv = perform(get("/audit/break-glass.csv"), irene());

        assertThat(csv.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.getHeader("Content-Disposition")).startsWith("attachment; filename=\"audit-break-glass-queue-");
        assertThat(csv.getContentAsString())
                .startsWith("Review task,Person,Practitioner,Emergency access at,Reason\r\n")
                .contains("bg-2,Patient/p-moore,Practitioner/ben-carter,2026-11-05T23:40:00Z,"
                        + "Called by her neighbour after a fall\r\n")
                .contains("bg-1,Patient/p-foster,Practitioner/sam-taylor,,Review emergency access: null\r\n");
    }

    @Test
    void anEmptyQueueSaysSo() throws Exception {
        answer(request -> request.path().equals("/fhir/Task") ? Answer.ok(searchset(0, null)) : common(request));

        String page = perform(get("/audit/break-glass"), irene()).getContentAsString();

        assertThat(page)
                .contains("No emergency accesses are waiting for review.")
                .doesNotContain("<form method=\"post\" action=\"/audit");
    }

    // --- the agreement --------------------------------------------------------------------------

    @Test
    void theAgreementIsShownWithItsDataClassesAndAsWritten() throws Exception {
        String document = String.join(
                "\n",
                "id: northbank-neighbourhood",
                "version: 3",
                "dataClasses:",
                "  clinical:",
                "    description: Diagnoses and observations <b>only</b>",
                "    resourceTypes: [Condition, Observation]",
                "    read: {sectors: [health]}",
                "    write: {sectors: [health], roles: [gp, community-nurse]}",
                "");
        answer(request -> request.path().equals("/fhir/$sharing-agreement")
                ? Answer.ok(AuditFixtures.agreement(document))
                : common(request));

        String page = perform(get("/audit/agreement"), irene()).getContentAsString();

        assertThat(only("/fhir/$sharing-agreement").method()).isEqualTo("GET");
        assertThat(page)
                .contains("Northbank integrated neighbourhood team – data-sharing agreement")
                .contains("id=\"agreement-version\">3<", "id=\"agreement-effective\">1 Nov 2026<")
                .contains("id=\"data-classes-table\"", "scope=\"row\">clinical<")
                .contains("Diagnoses and observations &lt;b&gt;only&lt;/b&gt;", "Records: Condition, Observation")
                .contains("sectors: health; roles: gp, community-nurse")
                .contains("<pre class=\"agreement-document\"", "    read: {sectors: [health]}");
    }

    @Test
    void anAgreementThatIsNotYamlIsStillShownAsWritten() throws Exception {
        answer(request -> request.path().equals("/fhir/$sharing-agreement")
                ? Answer.ok(AuditFixtures.agreement("{ this is : [ not yaml"))
                : common(request));

        String page = perform(get("/audit/agreement"), irene()).getContentAsString();

        assertThat(page).contains("{ this is : [ not yaml").doesNotContain("id=\"data-classes-table\"");
    }

    @Test
    void aRefusalByTheServerGetsThePortalsErrorPage() throws Exception {
        answer(request -> request.path().equals("/fhir/AuditEvent")
                ? Answer.outcome(403, "AuditEvent needs ig-officer")
                : common(request));

        MockHttpServletResponse page = perform(get("/audit/person").param("nhs", MARGARET), irene());

        assertThat(page.getStatus()).isEqualTo(403);
        assertThat(page.getContentAsString())
                .contains("You do not have access to this information")
                .doesNotContain("needs ig-officer");
    }

    // --- helpers --------------------------------------------------------------------------------

    /** What every page may also ask: organisation names for the header and the reports. */
    static Answer common(Received request) {
        if (request.path().equals("/fhir/Organization")) {
            return Answer.ok(AuditFixtures.organisations());
        }
        return Answer.outcome(404, "Not stubbed: " + request.method() + " " + request.path());
    }

    private static void answer(Function<Received, Answer> answers) {
        fhir.answer(answers);
    }

    private static RequestPostProcessor irene() {
        return TestLogins.ireneWalsh();
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request, RequestPostProcessor login)
            throws Exception {
        return mvc.perform(request.with(login)).andReturn().getResponse();
    }

    /** The one request the stub received on this path. */
    private static Received only(String path) {
        List<Received> matching = fhir.received().stream()
                .filter(request -> request.path().equals(path))
                .toList();
        assertThat(matching).as("requests to " + path).hasSize(1);
        return matching.get(0);
    }
}
