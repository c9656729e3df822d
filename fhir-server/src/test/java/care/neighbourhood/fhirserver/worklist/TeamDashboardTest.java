package care.neighbourhood.fhirserver.worklist;

import static java.time.temporal.ChronoUnit.HOURS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Task/$team-dashboard} counts only what the caller's caseload holds: its size, how many of its
 * people each organisation has on its own, and the open, overdue and unclaimed tasks about them
 * (restricted ones only for those who may see them); it follows writes at once, and tells callers
 * without a caseload nothing.
 */
class TeamDashboardTest extends TeamNeighbourhood {

    @Test
    void theNursesDashboardCountsHerCaseloadAndItsOpenTasks() {
        Parameters figures = dashboard(NURSE);
        assertThat(number(figures, "caseload")).isEqualTo(3); // ann, bob and dan
        assertThat(byOrganisation(figures)).containsExactly(Map.entry("Organization/" + ORG, 3));
        Parameters.ParametersParameterComponent tasks = figures.getParameter("tasks");
        assertThat(part(tasks, "open")).isEqualTo(4); // wl-1 to wl-4; wl-7 is restricted
        assertThat(part(tasks, "overdue")).isEqualTo(1); // wl-1
        assertThat(part(tasks, "unclaimed")).isEqualTo(2); // wl-2 (the practice's), wl-3 (nobody's)
        assertThat(figures.getParameter("today").getValue().primitiveValue()).isEqualTo(TODAY.toString());
    }

    @Test
    void aRestrictedTaskIsCountedOnlyForThoseWhoMaySeeIt() {
        Parameters.ParametersParameterComponent tasks = dashboard(GP).getParameter("tasks");
        assertThat(part(tasks, "open")).isEqualTo(5);
        assertThat(part(tasks, "unclaimed")).isEqualTo(3);
    }

    @Test
    void anotherOrganisationCountsOnlyItsOwnPeople() {
        Parameters figures = dashboard(ELSEWHERE);
        assertThat(number(figures, "caseload")).isEqualTo(1); // cat
        assertThat(byOrganisation(figures)).containsExactly(Map.entry("Organization/" + OTHER_ORG, 1));
        assertThat(part(figures.getParameter("tasks"), "overdue")).isEqualTo(1); // wl-6
    }

    @Test
    void aTaskGivenToAnotherOrganisationShowsThatOrganisationAtOnce() {
        save(task("wl-20", "wl-bob", "Organization/" + OTHER_ORG, "requested", "routine", null));
        try {
            assertThat(byOrganisation(dashboard(NURSE)))
                    .containsExactly(Map.entry("Organization/" + ORG, 3), Map.entry("Organization/" + OTHER_ORG, 1));
            assertThat(part(dashboard(NURSE).getParameter("tasks"), "open")).isEqualTo(5);
            assertThat(number(dashboard(ELSEWHERE), "caseload"))
                    .as("the task's owner now has bob on its caseload too")
                    .isEqualTo(2);
        } finally {
            save(task("wl-20", "wl-bob", "Organization/" + OTHER_ORG, "cancelled", "routine", null));
        }
    }

    @Test
    void waitsToBeClaimedAndTimesToCompleteAreTheMedianAndNinetiethPercentileOfThePeriod() {
        Instant now = Instant.now();
        Task waitedTwoHours = timed("wl-30", "wl-ann", "in-progress", now.minus(5, HOURS), now.minus(3, HOURS), null);
        Task waitedOneHour =
                timed("wl-31", "wl-bob", "completed", now.minus(10, HOURS), now.minus(9, HOURS), now.minus(1, HOURS));
        Task elsewhere = timed("wl-32", "wl-cat", "in-progress", now.minus(2, HOURS), now.minus(1, HOURS), null);
        elsewhere.setOwner(new Reference("Practitioner/wl-away"));
        save(elsewhere);
        try {
            Parameters figures = dashboard(NURSE);
            Parameters.ParametersParameterComponent toClaim = figures.getParameter("referralToClaim");
            assertThat(part(toClaim, "tasks")).isEqualTo(2);
            assertThat(minutes(toClaim, "median")).isEqualTo(60);
            assertThat(minutes(toClaim, "ninetiethPercentile")).isEqualTo(120);
            Parameters.ParametersParameterComponent toComplete = figures.getParameter("claimToCompletion");
            assertThat(part(toComplete, "tasks")).isEqualTo(1);
            assertThat(minutes(toComplete, "median")).isEqualTo(480);

            Parameters before = dashboard(NURSE, "to=" + TODAY.minusDays(2));
            assertThat(part(before.getParameter("referralToClaim"), "tasks")).isZero();
            assertThat(before.getParameter("referralToClaim").getPart())
                    .as("no median of no tasks")
                    .extracting(Parameters.ParametersParameterComponent::getName)
                    .containsExactly("tasks");
            assertThat(((Period) before.getParameter("period").getValue())
                            .getEndElement()
                            .getValueAsString())
                    .isEqualTo(TODAY.minusDays(2).toString());
        } finally {
            for (Task task : List.of(waitedTwoHours, waitedOneHour, elsewhere)) {
                task.setStatus(Task.TaskStatus.CANCELLED);
                task.setExecutionPeriod(null);
                save(task);
            }
        }
    }

    @Test
    void handOffsBetweenSectorsAreCountedByTheWeekTheyWereAskedFor() {
        save(sector(organisation(ORG), "health"));
        save(sector(organisation(OTHER_ORG), "social-care"));
        org.hl7.fhir.r4.model.PractitionerRole nurseRole = new org.hl7.fhir.r4.model.PractitionerRole();
        nurseRole.setId("PractitionerRole/wl-nurse-role");
        nurseRole.setPractitioner(new Reference("Practitioner/wl-nurse"));
        nurseRole.setOrganization(new Reference("Organization/" + ORG));
        save(nurseRole);
        Instant now = Instant.now();
        List<Task> tasks = List.of(
                asked("wl-40", "wl-ann", "Practitioner/wl-nurse", "Organization/" + OTHER_ORG, now),
                asked("wl-41", "wl-bob", "Organization/" + OTHER_ORG, "Organization/" + ORG, now.minus(8 * 24, HOURS)),
                asked("wl-42", "wl-bob", "Practitioner/wl-nurse", "Organization/" + ORG, now),
                asked("wl-43", "wl-dan", "Practitioner/wl-nurse", "Practitioner/wl-colleague", now),
                asked("wl-44", "wl-cat", "Practitioner/wl-nurse", "Organization/" + OTHER_ORG, now));
        try {
            java.time.LocalDate thisWeek =
                    TODAY.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            java.time.LocalDate lastWeek = now.minus(8 * 24, HOURS)
                    .atZone(java.time.ZoneId.of("Europe/London"))
                    .toLocalDate()
                    .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            assertThat(handOffs(dashboard(NURSE)))
                    .as("the nurse's caseload: within one sector, to someone unplaced, or about cat, no hand-off")
                    .containsExactly(lastWeek + " social-care>health 1", thisWeek + " health>social-care 1");
            assertThat(handOffs(dashboard(NURSE, "from=" + TODAY.minusDays(3)))).hasSize(1);
            assertThat(handOffs(dashboard(ELSEWHERE)))
                    .as("the other organisation has cat, and ann through the task it holds; bob is not its")
                    .containsExactly(thisWeek + " health>social-care 2");
        } finally {
            for (Task task : tasks) {
                task.setStatus(Task.TaskStatus.CANCELLED);
                task.setRequester(null);
                save(task);
            }
        }
    }

    private Task asked(String id, String person, String requester, String owner, Instant when) {
        Task task = task(id, person, owner, "requested", "routine", null);
        task.setRequester(new Reference(requester));
        task.setAuthoredOn(Date.from(when));
        save(task);
        return task;
    }

    private static org.hl7.fhir.r4.model.Organization sector(
            org.hl7.fhir.r4.model.Organization organisation, String code) {
        organisation
                .addType()
                .addCoding()
                .setSystem("https://neighbourhood.example/fhir/CodeSystem/sector")
                .setCode(code);
        return organisation;
    }

    private static List<String> handOffs(Parameters figures) {
        return figures.getParameters("handOff").stream()
                .map(handOff -> handOff.getPart().stream()
                        .map(p -> p.getValue().primitiveValue())
                        .toList())
                .map(parts -> parts.get(0) + " " + parts.get(1) + ">" + parts.get(2) + " " + parts.get(3))
                .toList();
    }

    private Task timed(String id, String person, String status, Instant asked, Instant claimed, Instant completed) {
        Task task = task(id, person, "Practitioner/wl-nurse", status, "routine", null);
        task.setAuthoredOn(Date.from(asked));
        task.getExecutionPeriod().setStart(Date.from(claimed));
        if (completed != null) {
            task.getExecutionPeriod().setEnd(Date.from(completed));
        }
        save(task);
        return task;
    }

    private static long minutes(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(p -> ((Quantity) p.getValue()).getValue().longValue())
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWithoutACaseload")
    void callersWhoMustNotGetThroughLearnNothing(String caller, String token, int status) {
        HttpResponse<String> response = get("/Task/$team-dashboard", token);
        assertThat(response.statusCode()).as(caller + ": " + response.body()).isEqualTo(status);
        assertThat(response.body()).contains("OperationOutcome").doesNotContain("caseload\"", "valueInteger");
    }

    @Test
    void parametersAndOtherLevelsAreRefused() {
        for (String query : List.of(
                "since=2026-01-01",
                "from=yesterday",
                "to=2026-13-01",
                "from=2026-11-02&to=2026-11-01",
                "from=2025-01-01&to=2026-11-01",
                "from=2026-11-01&from=2026-11-02")) {
            HttpResponse<String> refused = get("/Task/$team-dashboard?" + query, NURSE);
            assertThat(refused.statusCode()).as(query + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body())
                    .as(query)
                    .contains("Task/$team-dashboard: ")
                    .doesNotContain("Exception", "valueInteger");
        }
        for (String path : List.of("/Task/wl-1/$team-dashboard", "/$team-dashboard", "/Patient/$team-dashboard")) {
            HttpResponse<String> response = get(path, NURSE);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 405);
            assertThat(response.body()).doesNotContain("valueInteger");
        }
    }

    private Parameters dashboard(String token) {
        return dashboard(token, "");
    }

    private Parameters dashboard(String token, String query) {
        HttpResponse<String> response = get("/Task/$team-dashboard" + (query.isEmpty() ? "" : "?" + query), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Parameters.class, response.body());
    }

    private static int number(Parameters figures, String name) {
        return ((IntegerType) figures.getParameter(name).getValue()).getValue();
    }

    private static int part(Parameters.ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .map(p -> ((IntegerType) p.getValue()).getValue())
                .findFirst()
                .orElseThrow();
    }

    /** Organisation to people, in the order given, for this test's organisations only. */
    private static Map<String, Integer> byOrganisation(Parameters figures) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (Parameters.ParametersParameterComponent organisation : figures.getParameters("organisation")) {
            String reference = organisation.getPart().stream()
                    .filter(p -> p.getName().equals("organisation"))
                    .map(p -> ((Reference) p.getValue()).getReference())
                    .findFirst()
                    .orElseThrow();
            if (reference.startsWith("Organization/wl-")) {
                found.put(reference, part(organisation, "people"));
            }
        }
        return found;
    }
}
