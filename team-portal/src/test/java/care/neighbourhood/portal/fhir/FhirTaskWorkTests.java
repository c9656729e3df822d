package care.neighbourhood.portal.fhir;

import static care.neighbourhood.portal.fhir.FhirFixtures.MONDAY_MORNING;
import static care.neighbourhood.portal.fhir.FhirFixtures.bundle;
import static care.neighbourhood.portal.fhir.FhirFixtures.include;
import static care.neighbourhood.portal.fhir.FhirFixtures.owned;
import static care.neighbourhood.portal.fhir.FhirFixtures.patient;
import static care.neighbourhood.portal.fhir.FhirFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import care.neighbourhood.portal.fhir.FhirStubServer.Answer;
import care.neighbourhood.portal.fhir.FhirStubServer.Received;
import care.neighbourhood.portal.security.CurrentUser;
import care.neighbourhood.portal.tasks.TaskAction;
import care.neighbourhood.portal.tasks.TaskBoardPage;
import care.neighbourhood.portal.tasks.TaskBoardQuery;
import care.neighbourhood.portal.tasks.TaskChange;
import care.neighbourhood.portal.tasks.TaskNotChangedException;
import care.neighbourhood.portal.tasks.TaskNotChangedException.Why;
import care.neighbourhood.portal.tasks.TaskOnBoard;
import care.neighbourhood.portal.tasks.TaskPriority;
import care.neighbourhood.portal.tasks.TaskScope;
import care.neighbourhood.portal.tasks.TaskStatusFilter;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The board and task changes against a stand-in FHIR server: one search, If-Match, notes, 412 and 403. */
class FhirTaskWorkTests {

    static final CurrentUser NINA = new CurrentUser(
            "nina.patel",
            "Nina Patel",
            "Practitioner/nina-patel",
            "northbank-community",
            "health",
            Set.of("community-nurse"));

    static FhirStubServer fhir;

    @BeforeAll
    static void startFhirServer() {
        fhir = FhirStubServer.start();
    }

    @AfterAll
    static void stopFhirServer() {
        fhir.close();
    }

    static Task referral(String version) {
        Task task = owned(task("t1", "Patient/p1", TaskStatus.REQUESTED), "Organization/northbank-community", null);
        task.setDescription("Wound review after discharge");
        task.setRequester(new Reference("Practitioner/omar-hassan").setDisplay("Omar Hassan"));
        task.getMeta().setVersionId(version);
        return task;
    }

    @Test
    void theBoardIsOnePageOfTheServersWorklistWithItsCountsAndFilters() {
        Task lean = owned(task("t1", "Patient/p1", TaskStatus.REQUESTED), "Organization/northbank-community", null);
        lean.setRequester(new Reference("Practitioner/omar-hassan"));
        fhir.answer(request -> Answer.ok(worklist(60, lean)));

        TaskBoardPage board = service()
                .boardFor(
                        NINA,
                        new TaskBoardQuery(
                                TaskScope.UNASSIGNED, TaskStatusFilter.REQUESTED, TaskPriority.URGENT, true, 2));

        assertThat(board.tasks()).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo("t1");
            assertThat(row.ownedByMyOrganisation()).isTrue();
            assertThat(row.owner()).isEqualTo("Northbank Community Health Trust");
            assertThat(row.actions()).contains(TaskAction.CLAIM).doesNotContain(TaskAction.COMPLETE);
        });
        assertThat(board.matching()).isEqualTo(60);
        assertThat(board.pages()).isEqualTo(3);
        assertThat(board.count(TaskScope.MINE)).isEqualTo(1);
        assertThat(board.count(TaskScope.TEAM)).isEqualTo(70);
        assertThat(fhir.received()).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/fhir/Task/$worklist");
            assertThat(call.param("scope")).isEqualTo("unassigned");
            assertThat(call.param("status")).isEqualTo("requested");
            assertThat(call.param("priority")).isEqualTo("urgent");
            assertThat(call.param("overdue")).isEqualTo("true");
            assertThat(call.param("_count")).isEqualTo("25");
            assertThat(call.param("page")).isEqualTo("2");
        });
    }

    @Test
    void aPagePastTheLastShowsTheLastPage() {
        Task lean = owned(task("t1", "Patient/p1", TaskStatus.REQUESTED), "Organization/northbank-community", null);
        fhir.answer(request -> Answer.ok(request.param("page").equals("9") ? worklist(30) : worklist(30, lean)));

        TaskBoardPage board =
                service().boardFor(NINA, new TaskBoardQuery(TaskScope.TEAM, TaskStatusFilter.OPEN, null, false, 9));

        assertThat(board.page()).isEqualTo(2);
        assertThat(board.tasks()).extracting(TaskOnBoard::id).containsExactly("t1");
        assertThat(fhir.received()).extracting(call -> call.param("page")).containsExactly("9", "2");
    }

    /** What {@code Task/$worklist} answers: a page of Tasks, the total, and the counts in each scope. */
    private Bundle worklist(int total, Task... tasks) {
        Bundle answer = bundle(fhir.baseUrl(), null, tasks);
        answer.setTotal(total);
        Extension counts = answer.getMeta().addExtension().setUrl(WorklistPages.COUNTS_EXTENSION);
        counts.addExtension("mine", new IntegerType(1));
        counts.addExtension("organisation", new IntegerType(5));
        counts.addExtension("unassigned", new IntegerType(total));
        counts.addExtension("team", new IntegerType(70));
        return answer;
    }

    @Test
    void theRowsShownAreReadInOneSearchWithPeopleOwnersAndRequestersIncluded() {
        Task lean = owned(task("t1", "Patient/p1", TaskStatus.REQUESTED), "Organization/northbank-community", null);
        Task other = owned(task("t2", "Patient/p1", TaskStatus.REQUESTED), "Organization/northbank-community", null);
        fhir.answer(request -> Answer.ok(worklist(2, lean, other)));
        List<TaskOnBoard> board = service()
                .boardFor(NINA, new TaskBoardQuery(TaskScope.TEAM, TaskStatusFilter.OPEN, null, false, 1))
                .tasks();
        fhir.answer(request -> Answer.ok(bundle(
                fhir.baseUrl(),
                null,
                referral("4"),
                include(patient("p1", "Hughes", "Stanley", "1950-01-01", "9995490730")))));

        List<TaskOnBoard> shown = service().shown(NINA, board);

        assertThat(shown).extracting(TaskOnBoard::id).containsExactly("t1", "t2");
        assertThat(shown.get(0)).satisfies(row -> {
            assertThat(row.personName()).isEqualTo("HUGHES, Stanley");
            assertThat(row.description()).isEqualTo("Wound review after discharge");
            assertThat(row.requester()).isEqualTo("Omar Hassan");
            assertThat(row.version()).isEqualTo("4");
        });
        assertThat(shown.get(1)).as("a task no longer read stays as listed").isEqualTo(board.get(1));
        assertThat(fhir.received()).singleElement().satisfies(search -> {
            assertThat(search.path()).isEqualTo("/fhir/Task");
            assertThat(search.param("_id").split(",")).containsExactly("t1", "t2");
            assertThat(search.query().get("_include"))
                    .containsExactlyInAnyOrder("Task:patient", "Task:owner", "Task:requester");
        });
    }

    @Test
    void anEmptyPageNeedsNoSearch() {
        fhir.answer(request -> Answer.outcome(500, "not expected"));

        assertThat(service().shown(NINA, List.of())).isEmpty();
        assertThat(fhir.received()).isEmpty();
    }

    @Test
    void aClaimIsWrittenWithIfMatchAndANoteOfWhoFromWhereAndWhen() {
        fhir.answer(request -> request.method().equals("GET") ? Answer.ok(referral("3")) : Answer.ok(referral("4")));

        service().change(NINA, new TaskChange("t1", "3", TaskAction.CLAIM, "", null));

        Received update = fhir.received().stream()
                .filter(r -> r.method().equals("PUT"))
                .findFirst()
                .orElseThrow();
        assertThat(update.path()).isEqualTo("/fhir/Task/t1");
        assertThat(update.ifMatch()).isEqualTo("W/\"3\"");
        Task written = FhirContext.forR4Cached().newJsonParser().parseResource(Task.class, update.body());
        assertThat(written.getOwner().getReference()).isEqualTo("Practitioner/nina-patel");
        assertThat(written.getStatus()).isEqualTo(TaskStatus.ACCEPTED);
        assertThat(written.getExecutionPeriod().getStart())
                .as("when action was first taken, for the dashboard's wait to claim")
                .isEqualTo(Date.from(MONDAY_MORNING.instant()));
        assertThat(written.getNote()).singleElement().satisfies(note -> {
            assertThat(note.getAuthorReference().getReference()).isEqualTo("Practitioner/nina-patel");
            assertThat(note.getText()).isEqualTo("Claimed by Nina Patel.");
            assertThat(note.getTime()).isEqualTo(Date.from(MONDAY_MORNING.instant()));
            assertThat(((Reference) note.getExtensionByUrl(TaskNotes.ORGANISATION_EXTENSION)
                                    .getValue())
                            .getDisplay())
                    .isEqualTo("Northbank Community Health Trust");
        });
    }

    @Test
    void aCompletionRecordsWhenTheLastActionWasTaken() {
        Task mine = owned(referral("5"), "Practitioner/nina-patel", "Nina Patel");
        mine.setStatus(TaskStatus.INPROGRESS);
        fhir.answer(request -> Answer.ok(mine));

        service().change(NINA, new TaskChange("t1", "5", TaskAction.COMPLETE, "Dressing healed", null));

        Received update = fhir.received().stream()
                .filter(r -> r.method().equals("PUT"))
                .findFirst()
                .orElseThrow();
        Task written = FhirContext.forR4Cached().newJsonParser().parseResource(Task.class, update.body());
        assertThat(written.getStatus()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(written.getExecutionPeriod().getEnd()).isEqualTo(Date.from(MONDAY_MORNING.instant()));
    }

    @Test
    void aClaimThatCameSecondIsToldWhoGotThereFirstAndOverwritesNothing() {
        Task claimed = owned(referral("4"), "Practitioner/omar-hassan", "Omar Hassan");
        TaskNotes.add(
                claimed,
                "Practitioner/omar-hassan",
                "Omar Hassan",
                "Organization/riverside-practice",
                "Riverside Medical Practice",
                Date.from(MONDAY_MORNING.instant()),
                "Claimed by Omar Hassan.",
                "");
        AtomicInteger reads = new AtomicInteger();
        fhir.answer(request -> switch (request.method()) {
            case "GET" -> Answer.ok(reads.getAndIncrement() == 0 ? referral("3") : claimed);
            default ->
                Answer.outcome(
                        412, "HAPI-0989: Trying to update Task/t1/_history/3 but this is not the current version");
        });

        assertThatThrownBy(() -> service().change(NINA, new TaskChange("t1", "3", TaskAction.CLAIM, "", null)))
                .isInstanceOfSatisfying(TaskNotChangedException.class, refused -> {
                    assertThat(refused.why()).isEqualTo(Why.CHANGED_MEANWHILE);
                    assertThat(refused.getMessage())
                            .startsWith("Omar Hassan (Riverside Medical Practice) got there first at 9 March 2026 at"
                                    + " 8:30am: Claimed by Omar Hassan.")
                            .contains("Nothing you entered was saved");
                });
    }

    @Test
    void whetherThePersonIsStillShownIsOneReadOfTheirIdAlone() {
        fhir.answer(request -> Answer.ok(new org.hl7.fhir.r4.model.Patient().setId("p1")));
        assertThat(service().stillShowsPerson(NINA, "p1")).isTrue();
        assertThat(fhir.received()).hasSize(1);
        assertThat(fhir.received().get(0).path()).endsWith("/Patient/p1");
        assertThat(fhir.received().get(0).param("_elements")).isEqualTo("id");

        fhir.answer(request -> Answer.outcome(403, "no care relationship with the person"));
        assertThat(service().stillShowsPerson(NINA, "p1")).isFalse();
        fhir.answer(request -> Answer.outcome(404, "gone"));
        assertThat(service().stillShowsPerson(NINA, "p1")).isFalse();
        fhir.answer(request -> Answer.hangUp());
        assertThat(service().stillShowsPerson(NINA, "p1"))
                .as("the board is the safe landing")
                .isFalse();
    }

    @Test
    void aStaleFormIsRefusedBeforeAnythingIsWritten() {
        fhir.answer(request -> Answer.ok(referral("5")));

        assertThatThrownBy(() -> service().change(NINA, new TaskChange("t1", "3", TaskAction.CLAIM, "", null)))
                .isInstanceOfSatisfying(
                        TaskNotChangedException.class,
                        refused -> assertThat(refused.why()).isEqualTo(Why.CHANGED_MEANWHILE));
        assertThat(fhir.received()).extracting(Received::method).containsOnly("GET");
    }

    @Test
    void aRefusalOfTheServerIsSaidInWordsAndAnActionNotOfferedIsNotSent() {
        fhir.answer(request -> request.method().equals("GET")
                ? Answer.ok(referral("3"))
                : Answer.outcome(403, "no care relationship with the person"));
        assertThatThrownBy(() -> service().change(NINA, new TaskChange("t1", "3", TaskAction.CLAIM, "", null)))
                .isInstanceOfSatisfying(TaskNotChangedException.class, refused -> {
                    assertThat(refused.why()).isEqualTo(Why.REFUSED);
                    assertThat(refused.getMessage())
                            .startsWith("The shared care record did not let you change this task.")
                            .doesNotContain("no care relationship");
                });

        fhir.answer(request -> Answer.ok(referral("3")));
        assertThatThrownBy(() -> service().change(NINA, new TaskChange("t1", "3", TaskAction.COMPLETE, "Done", null)))
                .isInstanceOfSatisfying(
                        TaskNotChangedException.class,
                        refused -> assertThat(refused.why()).isEqualTo(Why.NOT_OFFERED));
        assertThat(fhir.received()).extracting(Received::method).containsOnly("GET");
    }

    static FhirTaskWork service() {
        var properties =
                new FhirProperties(URI.create(fhir.baseUrl()), Duration.ofSeconds(2), Duration.ofSeconds(5), 50, 10);
        var client = new FhirClientConfig().fhirClient(FhirContext.forR4Cached(), properties, () -> "token-of-nina");
        var searches = new FhirSearches(client, properties);
        OrganisationDirectory directory = codes -> Map.of("northbank-community", "Northbank Community Health Trust");
        var neighbourhood = new NeighbourhoodOrganisations(searches, MONDAY_MORNING);
        return new FhirTaskWork(
                searches,
                client,
                directory,
                neighbourhood,
                new FhirTaskChanges(searches, client, directory, neighbourhood, MONDAY_MORNING),
                MONDAY_MORNING);
    }
}
