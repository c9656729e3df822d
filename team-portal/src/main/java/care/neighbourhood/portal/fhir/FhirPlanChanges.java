package care.neighbourhood.portal.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import care.neighbourhood.portal.people.NotChangedBecause;
import care.neighbourhood.portal.people.PlanNotChangedException;
import care.neighbourhood.portal.people.Plans;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityDetailComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Changes to an Individual Plan, each with {@code If-Match} on the version the user saw: a goal's
 * own version for its words and its closing, the plan's for its goals list and activities. A goal
 * added to the plan, and an activity given to another organisation with its Task, are one
 * transaction each. Every change is a note naming who made it.
 */
@Component
class FhirPlanChanges {

    /** The "agreed with the care team" choice: recorded as agreed by the user who adds the goal. */
    static final String THE_TEAM = "care-team";

    private final FhirSearches searches;
    private final IGenericClient client;
    private final OrganisationDirectory directory;
    private final Clock clock;

    FhirPlanChanges(FhirSearches searches, IGenericClient client, OrganisationDirectory directory, Clock clock) {
        this.searches = searches;
        this.client = client;
        this.directory = directory;
        this.clock = clock;
    }

    String addGoal(CurrentUser user, String personId, Plans.NewGoal added) {
        CarePlan plan = currentPlan(personId, added.planId(), added.planVersion());
        Goal goal = new Goal()
                .setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE)
                .setDescription(new CodeableConcept().setText(added.text()))
                .setSubject(new Reference("Patient/" + personId))
                .setStart(new DateType(LocalDate.now(clock).toString()));
        if (added.whatMattersToMe()) {
            goal.addCategory(new CodeableConcept().setText(IndividualPlans.WHAT_MATTERS_TO_ME));
        }
        goal.setExpressedBy(
                new Reference(THE_TEAM.equals(added.agreedBy()) ? user.practitionerReference() : added.agreedBy()));
        goal.addNote(note(user, "Goal added."));
        String goalUrl = "urn:uuid:" + UUID.randomUUID();
        plan.addGoal(new Reference(goalUrl));
        plan.addNote(note(user, "Goal added: " + added.text()));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl(goalUrl)
                .setResource(goal)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Goal");
        put(transaction, plan, added.planVersion());
        send(transaction, null, null);
        return "The goal was added to the plan.";
    }

    String changeGoal(CurrentUser user, String personId, Plans.GoalChange change) {
        Goal goal = currentGoal(personId, change.goalId());
        String before = Words.concept(goal.getDescription());
        if (!change.seenVersion().equals(goal.getIdElement().getVersionIdPart())) {
            throw goalChangedMeanwhile(goal, change.text(), null);
        }
        goal.setDescription(new CodeableConcept().setText(change.text()));
        goal.addNote(note(user, "Goal changed from: " + before));
        update(goal, change.seenVersion(), change.text());
        return "The goal was saved.";
    }

    String closeGoal(CurrentUser user, String personId, Plans.GoalClosure closure) {
        Goal goal = currentGoal(personId, closure.goalId());
        if (!closure.seenVersion().equals(goal.getIdElement().getVersionIdPart())) {
            throw goalChangedMeanwhile(goal, null, null);
        }
        goal.setLifecycleStatus(
                closure.achieved() ? Goal.GoalLifecycleStatus.COMPLETED : Goal.GoalLifecycleStatus.CANCELLED);
        goal.setAchievementStatus(new CodeableConcept()
                .addCoding(new org.hl7.fhir.r4.model.Coding(
                        "http://terminology.hl7.org/CodeSystem/goal-achievement",
                        closure.achieved() ? "achieved" : "not-achieved",
                        closure.achieved() ? "Achieved" : "Not Achieved")));
        goal.addNote(note(user, closure.achieved() ? "Goal met." : "Goal no longer wanted."));
        update(goal, closure.seenVersion(), null);
        return closure.achieved() ? "The goal was closed as met." : "The goal was closed as no longer wanted.";
    }

    String addActivity(CurrentUser user, String personId, Plans.NewActivity added) {
        CarePlan plan = currentPlan(personId, added.planId(), added.planVersion());
        CarePlanActivityDetailComponent detail = plan.addActivity().getDetail();
        detail.setKind(CarePlan.CarePlanActivityKind.TASK)
                .setCode(new CodeableConcept().setText(added.what()))
                .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                .addPerformer(new Reference(added.organisation()))
                .setScheduled(
                        new Period().setEndElement(new DateTimeType(added.due().toString())));
        if (added.goalId() != null) {
            detail.addGoal(new Reference("Goal/" + added.goalId()));
        }
        plan.addNote(note(user, "Activity added: " + added.what()));
        update(plan, added.planVersion(), null);
        return "The activity was added to the plan.";
    }

    String commentOnActivity(CurrentUser user, String personId, Plans.ActivityComment comment) {
        CarePlan plan = currentPlan(personId, comment.planId(), comment.planVersion());
        activity(plan, comment.index());
        plan.getActivity().get(comment.index()).addProgress(note(user, comment.text()));
        update(plan, comment.planVersion(), null);
        return "Your comment was added.";
    }

    String changeActivity(CurrentUser user, String personId, Plans.ActivityChange change) {
        CarePlan plan = currentPlan(personId, change.planId(), change.planVersion());
        CarePlanActivityDetailComponent detail = activity(plan, change.index());
        detail.setStatus(CarePlan.CarePlanActivityStatus.fromCode(change.status()));
        if (change.due() != null) {
            detail.setScheduled(
                    new Period().setEndElement(new DateTimeType(change.due().toString())));
        }
        plan.addNote(note(
                user,
                "Activity updated: " + Words.concept(detail.getCode()) + " is "
                        + FhirPlans.ACTIVITY_STATUSES.get(change.status()).toLowerCase(java.util.Locale.UK)));
        update(plan, change.planVersion(), null);
        return "The activity was saved.";
    }

    String moveGoalUp(CurrentUser user, String personId, Plans.Move move) {
        CarePlan plan = currentPlan(personId, move.planId(), move.planVersion());
        int at = goalIndex(plan, move.item());
        int above = goalIndex(plan, move.above());
        if (at < 0 || above < 0) {
            throw new PlanNotChangedException(
                    NotChangedBecause.REJECTED, "That goal is not in the plan.", null, null, null);
        }
        java.util.Collections.swap(plan.getGoal(), at, above);
        plan.addNote(note(user, "Goals reordered."));
        update(plan, move.planVersion(), null);
        return "The goal was moved up.";
    }

    private static int goalIndex(CarePlan plan, String goalId) {
        for (int i = 0; i < plan.getGoal().size(); i++) {
            if (("Goal/" + goalId)
                    .equals(ResourceIndex.referenceOf(plan.getGoal().get(i)))) {
                return i;
            }
        }
        return -1;
    }

    String moveActivityUp(CurrentUser user, String personId, Plans.Move move) {
        CarePlan plan = currentPlan(personId, move.planId(), move.planVersion());
        int at = Integer.parseInt(move.item());
        activity(plan, at);
        if (at > 0) {
            java.util.Collections.swap(plan.getActivity(), at, at - 1);
            plan.addNote(note(user, "Activities reordered."));
            update(plan, move.planVersion(), null);
        }
        return "The activity was moved up.";
    }

    String assignActivity(CurrentUser user, String personId, Plans.ActivityAssignment assignment) {
        CarePlan plan = currentPlan(personId, assignment.planId(), assignment.planVersion());
        CarePlanActivityDetailComponent detail = activity(plan, assignment.index());
        String what =
                Words.concept(detail.getCode()) != null ? Words.concept(detail.getCode()) : detail.getDescription();
        detail.getPerformer().clear();
        detail.addPerformer(new Reference(assignment.organisation()));
        String organisation = directory
                .nameOf(ResourceIndex.idPart(assignment.organisation()))
                .orElse(assignment.organisation());
        plan.addNote(note(user, "Activity given to " + organisation + ": " + what));
        Task task = new Task()
                .setStatus(Task.TaskStatus.REQUESTED)
                .setIntent(Task.TaskIntent.ORDER)
                .setFor(new Reference("Patient/" + personId))
                .setOwner(new Reference(assignment.organisation()))
                .setRequester(new Reference(user.practitionerReference()))
                .setDescription(what + ": " + assignment.reason())
                .setAuthoredOn(Date.from(clock.instant()));
        task.addBasedOn(new Reference("CarePlan/" + assignment.planId()));
        if (detail.hasScheduledPeriod() && detail.getScheduledPeriod().hasEnd()) {
            task.getRestriction()
                    .setPeriod(new Period()
                            .setEndElement(detail.getScheduledPeriod().getEndElement()));
        }
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        put(transaction, plan, assignment.planVersion());
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(task)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
        send(transaction, null, null);
        return "The activity was given to " + organisation + ", which has it as a task on its triage board.";
    }

    private CarePlan currentPlan(String personId, String planId, String seenVersion) {
        CarePlan plan = searches.read("reading the Individual Plan", CarePlan.class, planId)
                .resource();
        if (!("Patient/" + personId).equals(ResourceIndex.referenceOf(plan.getSubject()))) {
            throw new PlanNotChangedException(
                    NotChangedBecause.REJECTED, "That plan is not this person's.", null, null, null);
        }
        if (!seenVersion.equals(plan.getIdElement().getVersionIdPart())) {
            throw planChangedMeanwhile(null);
        }
        return plan;
    }

    private Goal currentGoal(String personId, String goalId) {
        Goal goal = searches.read("reading the goal", Goal.class, goalId).resource();
        if (!("Patient/" + personId).equals(ResourceIndex.referenceOf(goal.getSubject()))) {
            throw new PlanNotChangedException(
                    NotChangedBecause.REJECTED, "That goal is not this person's.", null, null, null);
        }
        return goal;
    }

    private static CarePlanActivityDetailComponent activity(CarePlan plan, int index) {
        if (index < 0
                || index >= plan.getActivity().size()
                || !plan.getActivity().get(index).hasDetail()) {
            throw new PlanNotChangedException(
                    NotChangedBecause.REJECTED, "That activity is not in the plan.", null, null, null);
        }
        return plan.getActivity().get(index).getDetail();
    }

    private Annotation note(CurrentUser user, String text) {
        String organisation = user.organisationCode();
        return new Annotation()
                .setTime(Date.from(clock.instant()))
                .setAuthor(new Reference(user.practitionerReference())
                        .setDisplay(user.displayName()
                                + (organisation == null
                                        ? ""
                                        : ", " + directory.nameOf(organisation).orElse(organisation))))
                .setText(text);
    }

    private static void put(Bundle transaction, Resource resource, String seenVersion) {
        String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        resource.setId(new IdType(resource.fhirType(), resource.getIdElement().getIdPart()));
        resource.getMeta().setVersionId(null);
        transaction
                .addEntry()
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(url)
                .setIfMatch("W/\"" + seenVersion + "\"");
    }

    private void update(Resource resource, String seenVersion, String yours) {
        String id = resource.getIdElement().getIdPart();
        resource.setId(new IdType(resource.fhirType(), id));
        resource.getMeta().setVersionId(null);
        try {
            client.update()
                    .resource(resource)
                    .withAdditionalHeader("If-Match", "W/\"" + seenVersion + "\"")
                    .execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw refusal(e, resource instanceof Goal ? id : null, yours);
        }
    }

    private void send(Bundle transaction, String goalId, String yours) {
        try {
            client.transaction().withBundle(transaction).execute();
        } catch (BaseServerResponseException | DataFormatException e) {
            throw refusal(e, goalId, yours);
        }
    }

    private PlanNotChangedException refusal(RuntimeException cause, String goalId, String yours) {
        FhirServiceException failure = FhirFailures.translate("changing the Individual Plan", cause);
        if (failure.statusCode() == 412 || failure.statusCode() == 409) {
            return goalId == null
                    ? planChangedMeanwhile(failure)
                    : goalChangedMeanwhile(
                            searches.read("reading the goal", Goal.class, goalId)
                                    .resource(),
                            yours,
                            failure);
        }
        return switch (failure.reason()) {
            case ACCESS_DENIED ->
                new PlanNotChangedException(
                        NotChangedBecause.REFUSED,
                        "The shared care record did not let you change this plan.",
                        null,
                        null,
                        failure);
            case REJECTED ->
                new PlanNotChangedException(
                        NotChangedBecause.REJECTED,
                        "The shared care record could not take this change. Nothing was saved.",
                        null,
                        null,
                        failure);
            default -> throw failure;
        };
    }

    private static PlanNotChangedException planChangedMeanwhile(Throwable cause) {
        return new PlanNotChangedException(
                NotChangedBecause.CHANGED_MEANWHILE,
                "Someone else changed this Individual Plan after you opened it. Nothing you entered was saved: the"
                        + " plan below is as it is now, and what you entered is still in the form.",
                null,
                null,
                cause);
    }

    private static PlanNotChangedException goalChangedMeanwhile(Goal now, String yours, Throwable cause) {
        String who = now.getNote().isEmpty()
                ? null
                : now.getNote()
                        .get(now.getNote().size() - 1)
                        .getAuthorReference()
                        .getDisplay();
        return new PlanNotChangedException(
                NotChangedBecause.CHANGED_MEANWHILE,
                (who == null ? "Someone else" : who) + " changed this goal after you opened it. Nothing you entered was"
                        + " saved: both versions are below, and yours is still in the form.",
                Words.concept(now.getDescription()),
                yours,
                cause);
    }
}
