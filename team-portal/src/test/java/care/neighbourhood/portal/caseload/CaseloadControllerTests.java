package care.neighbourhood.portal.caseload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import care.neighbourhood.portal.fhir.OrganisationDirectory;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.security.TestLogins;
import care.neighbourhood.portal.system.WebSliceTestConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(CaseloadController.class)
@Import({WebSliceTestConfig.class, CaseloadControllerTests.Fixture.class})
class CaseloadControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Fixture fixture;

    /** Four people on Nina Patel's caseload, thirty on Grace Lee's; nobody on anyone else's. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fixture implements CaseloadService {

        static final List<PersonOnCaseload> NINA_PATEL = List.of(
                new PersonOnCaseload("p-ellis", "ELLIS, Margaret", 82, "9990000018", 6, 1, 1),
                new PersonOnCaseload("p-hughes", "HUGHES, Stanley", 80, "9990000034", 2, 0, 1),
                new PersonOnCaseload("p-khan", "KHAN, Yusuf", 67, "9990000026", 0, 0, 0),
                new PersonOnCaseload("p-unknown", "O'NEILL, <script>alert(1)</script>", null, null, 1, 0, 0));

        static final List<PersonOnCaseload> GRACE_LEE = thirtyPeople();

        final AtomicReference<CurrentUser> askedFor = new AtomicReference<>();

        /** The page as the server would give it: filtered, ordered and paged. */
        @Override
        public CaseloadPage pageFor(CurrentUser user, CaseloadQuery query) {
            askedFor.set(user);
            List<PersonOnCaseload> caseload = switch (String.valueOf(user.practitionerReference())) {
                case "Practitioner/nina-patel" -> NINA_PATEL;
                case "Practitioner/grace-lee" -> GRACE_LEE;
                default -> List.of();
            };
            List<PersonOnCaseload> matching = caseload.stream()
                    .filter(person -> matches(query, person))
                    .sorted(order(query.sort())
                            .thenComparing(PersonOnCaseload::name, String.CASE_INSENSITIVE_ORDER)
                            .thenComparing(PersonOnCaseload::patientId))
                    .toList();
            int page = Math.min(query.page(), CaseloadPage.pagesFor(matching.size()));
            int from = (page - 1) * CaseloadPage.PAGE_SIZE;
            return CaseloadPage.of(
                    query.onPage(page),
                    matching.subList(from, Math.min(matching.size(), from + CaseloadPage.PAGE_SIZE)),
                    caseload.size(),
                    matching.size());
        }

        private static boolean matches(CaseloadQuery query, PersonOnCaseload person) {
            boolean byTasks = switch (query.tasks()) {
                case ALL -> true;
                case OPEN -> person.openTasks() > 0;
                case OVERDUE -> person.overdueTasks() > 0;
                case UNCLAIMED -> person.unclaimedTasks() > 0;
            };
            String digits = query.text().replace(" ", "");
            boolean byText;
            if (query.text().isEmpty()) {
                byText = true;
            } else if (digits.chars().allMatch(Character::isDigit)) {
                byText = person.nhsNumber() != null && person.nhsNumber().contains(digits);
            } else {
                String name = person.name().toLowerCase(java.util.Locale.UK).replace(",", " ");
                byText = java.util.Arrays.stream(query.text()
                                .toLowerCase(java.util.Locale.UK)
                                .replace(",", " ")
                                .split("\\s+"))
                        .allMatch(name::contains);
            }
            return byTasks && byText;
        }

        private static java.util.Comparator<PersonOnCaseload> order(CaseloadSort sort) {
            return switch (sort) {
                case NAME -> java.util.Comparator.comparing(PersonOnCaseload::name, String.CASE_INSENSITIVE_ORDER);
                case AGE ->
                    java.util.Comparator.comparing(
                            PersonOnCaseload::age, java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder()));
                case OPEN ->
                    java.util.Comparator.comparingInt(PersonOnCaseload::openTasks)
                            .reversed();
                case OVERDUE ->
                    java.util.Comparator.comparingInt(PersonOnCaseload::overdueTasks)
                            .reversed();
                case UNCLAIMED ->
                    java.util.Comparator.comparingInt(PersonOnCaseload::unclaimedTasks)
                            .reversed();
            };
        }

        private static List<PersonOnCaseload> thirtyPeople() {
            List<PersonOnCaseload> people = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                people.add(new PersonOnCaseload(
                        "p-" + i, String.format("PERSON%02d, Test", i), 50 + i, null, i % 3, 0, 0));
            }
            return people;
        }

        @Bean
        OrganisationDirectory organisationDirectory() {
            Map<String, String> names = Map.of("northbank-community", "Northbank Community Health Trust");
            return codes ->
                    codes.stream().filter(names::containsKey).collect(Collectors.toMap(code -> code, names::get));
        }
    }

    @Test
    void showsEveryoneOnTheCaseloadWithTaskCountsAndLinksToTheirPages() throws Exception {
        mvc.perform(get("/").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(view().name("caseload/caseload"))
                .andExpect(content()
                        .string(allOf(
                                containsString("4 people on your caseload"),
                                containsString("referred to you or your organisation by an open task"),
                                containsString("id=\"caseload-table\""),
                                containsString("href=\"/people/p-ellis\">ELLIS, Margaret</a>"),
                                containsString("href=\"/people/p-hughes\">HUGHES, Stanley</a>"),
                                containsString(">82<"),
                                containsString("999 000 0018"),
                                containsString("data-nhs-number=\"9990000018\""),
                                containsString("Not recorded"),
                                containsString("caseload-open-tasks\">6<"),
                                containsString("caseload-open-tasks\">0<"),
                                containsString("nhsuk-tag nhsuk-tag--red\">1<"),
                                not(containsString("id=\"caseload-next\"")))));
    }

    @Test
    void namesAreEscaped() throws Exception {
        mvc.perform(get("/").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("O&#39;NEILL, &lt;script&gt;alert(1)&lt;/script&gt;"),
                                not(containsString("<script>alert(1)")))));
    }

    @Test
    void filtersByTasksAndByNameOrNhsNumber() throws Exception {
        String overdue = page("/?tasks=overdue");
        assertThat(rowNames(overdue)).containsExactly("ELLIS, Margaret");
        assertThat(overdue).contains("1 of 4 people match.").contains("id=\"caseload-clear\"");

        assertThat(rowNames(page("/?tasks=unclaimed"))).containsExactly("ELLIS, Margaret", "HUGHES, Stanley");
        assertThat(rowNames(page("/?q=hughes"))).containsExactly("HUGHES, Stanley");
        assertThat(rowNames(lookFor("Yusuf Khan"))).containsExactly("KHAN, Yusuf");
        assertThat(rowNames(lookFor("999 000 0026"))).containsExactly("KHAN, Yusuf");

        String none = page("/?q=nobody");
        assertThat(rowNames(none)).isEmpty();
        assertThat(none).contains("id=\"caseload-no-match\"").contains("0 of 4 people match.");
    }

    @Test
    void sortsByAgeAndByTaskCounts() throws Exception {
        assertThat(rowNames(page("/?sort=age")))
                .containsExactly(
                        "ELLIS, Margaret", "HUGHES, Stanley", "KHAN, Yusuf", "O'NEILL, <script>alert(1)</script>");
        assertThat(rowNames(page("/?sort=open")))
                .containsExactly(
                        "ELLIS, Margaret", "HUGHES, Stanley", "O'NEILL, <script>alert(1)</script>", "KHAN, Yusuf");
        assertThat(page("/?sort=open"))
                .contains("<option value=\"open\" selected=\"selected\">Most open tasks</option>");
    }

    @Test
    void aLongCaseloadIsPagedAndTheLinksKeepTheView() throws Exception {
        String first = page("/", TestLogins.signedIn("grace.lee", "Grace Lee", GRACE_TOKEN));
        assertThat(rowNames(first)).hasSize(25).startsWith("PERSON01, Test");
        assertThat(first)
                .contains("30 people on your caseload")
                .contains(", page 1 of 2")
                .contains("id=\"caseload-next\" rel=\"next\"")
                .contains("href=\"/?page=2\"")
                .doesNotContain("id=\"caseload-previous\"");

        String second = page("/?page=2", TestLogins.signedIn("grace.lee", "Grace Lee", GRACE_TOKEN));
        assertThat(rowNames(second))
                .containsExactly(
                        "PERSON26, Test", "PERSON27, Test", "PERSON28, Test", "PERSON29, Test", "PERSON30, Test");
        assertThat(second).contains("id=\"caseload-previous\"").contains("href=\"/\"");

        String filtered =
                page("/?tasks=open&sort=age&page=1", TestLogins.signedIn("grace.lee", "Grace Lee", GRACE_TOKEN));
        assertThat(filtered).contains("20 of 30 people match.").doesNotContain("id=\"caseload-next\"");
        assertThat(rowNames(filtered)).first().isEqualTo("PERSON29, Test");

        // A page past the end shows the last one.
        assertThat(rowNames(page("/?page=9", TestLogins.signedIn("grace.lee", "Grace Lee", GRACE_TOKEN))))
                .hasSize(5);
    }

    @Test
    void valuesNoFormProducesAreBadRequests() throws Exception {
        mvc.perform(get("/?sort=surname").with(TestLogins.ninaPatel())).andExpect(status().isBadRequest());
        mvc.perform(get("/?tasks=mine").with(TestLogins.ninaPatel())).andExpect(status().isBadRequest());
        mvc.perform(get("/?page=two").with(TestLogins.ninaPatel())).andExpect(status().isBadRequest());
        mvc.perform(get("/?q=" + "x".repeat(101)).with(TestLogins.ninaPatel())).andExpect(status().isBadRequest());
    }

    @Test
    void asksForTheCaseloadOfTheUserInTheAccessToken() throws Exception {
        mvc.perform(get("/").with(TestLogins.ninaPatel())).andExpect(status().isOk());

        assertThat(fixture.askedFor.get())
                .isEqualTo(new CurrentUser(
                        "nina.patel",
                        "Nina Patel",
                        "Practitioner/nina-patel",
                        "northbank-community",
                        "health",
                        Set.of("community-nurse")));
    }

    @Test
    void theHeaderNamesTheUserOffersLogOutAndTheNavigationFollowsTheRoles() throws Exception {
        mvc.perform(get("/").with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("id=\"signed-in-user\">Nina Patel<"),
                                containsString("Northbank Community Health Trust</li>"),
                                containsString("action=\"/logout\""),
                                containsString("name=\"_csrf\""),
                                containsString("id=\"nav-caseload\""),
                                not(containsString("id=\"nav-audit\"")),
                                not(containsString("id=\"nav-directory\"")),
                                containsString("lang=\"en\""),
                                containsString("href=\"#maincontent\""))));
    }

    @Test
    void anEmptyCaseloadSaysSo() throws Exception {
        String token = TestLogins.accessToken(
                "ben.carter",
                "Ben Carter",
                "Practitioner/ben-carter",
                "age-well",
                "voluntary",
                List.of("support-worker"));

        mvc.perform(get("/").with(TestLogins.signedIn("ben.carter", "Ben Carter", token)))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("No one is on your caseload"),
                                containsString("id=\"caseload-empty\""),
                                not(containsString("id=\"caseload-table\"")),
                                not(containsString("id=\"caseload-filters\"")),
                                // No name known for the organisation: its code is shown instead.
                                containsString("age-well</li>"))));
    }

    @Test
    void officersAndAdministratorsHaveNoCaseloadAndGoToTheirOwnStartPages() throws Exception {
        fixture.askedFor.set(null);
        mvc.perform(get("/").with(TestLogins.ireneWalsh())).andExpect(redirectedUrl("/audit"));

        String admin = TestLogins.accessToken(
                "adam.clarke",
                "Adam Clarke",
                "Practitioner/adam-clarke",
                "northbank-community",
                "health",
                List.of("workspace-admin"));
        mvc.perform(get("/").with(TestLogins.signedIn("adam.clarke", "Adam Clarke", admin)))
                .andExpect(redirectedUrl("/directory"));
        assertThat(fixture.askedFor.get()).isNull();
    }

    @Test
    void aPersonTheTeamSupportsGoesToTheirOwnPlan() throws Exception {
        fixture.askedFor.set(null);
        String margaret = TestLogins.accessToken(
                "margaret.ellis", "Margaret Ellis", "Patient/margaret-ellis", null, null, List.of("person"));
        mvc.perform(get("/").with(TestLogins.signedIn("margaret.ellis", "Margaret Ellis", margaret)))
                .andExpect(redirectedUrl("/my/plan"));
        assertThat(fixture.askedFor.get()).isNull();
    }

    @Test
    void aUserWithNoCareRoleIsToldTheCaseloadIsForTheTeam() throws Exception {
        fixture.askedFor.set(null);
        String nobody = TestLogins.accessToken("pat.nobody", "Pat Nobody", null, null, null, List.of());
        String page = mvc.perform(get("/").with(TestLogins.signedIn("pat.nobody", "Pat Nobody", nobody)))
                .andExpect(status().isForbidden())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("The caseload is for members of the neighbourhood team");
        assertThat(fixture.askedFor.get()).isNull();
    }

    @Test
    void aSignedOutRequestIsSentToLogIn() throws Exception {
        mvc.perform(get("/")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
    }

    static final String GRACE_TOKEN = TestLogins.accessToken(
            "grace.lee",
            "Grace Lee",
            "Practitioner/grace-lee",
            "riverside-practice",
            "health",
            List.of("care-coordinator"));

    private String lookFor(String text) throws Exception {
        return mvc.perform(get("/").param("q", text).with(TestLogins.ninaPatel()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private String page(String url) throws Exception {
        return page(url, TestLogins.ninaPatel());
    }

    private String page(String url, org.springframework.test.web.servlet.request.RequestPostProcessor login)
            throws Exception {
        return mvc.perform(get(url).with(login))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static final Pattern ROW_NAME = Pattern.compile("href=\"/people/[^\"]+\">([^<]*)</a>");

    /** The names in the table's rows, unescaped, in order. */
    static List<String> rowNames(String html) {
        List<String> names = new ArrayList<>();
        Matcher matcher = ROW_NAME.matcher(html);
        while (matcher.find()) {
            names.add(matcher.group(1)
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"));
        }
        return names;
    }
}
