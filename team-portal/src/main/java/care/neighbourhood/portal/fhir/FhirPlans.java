package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.CareTeamPage.Choice;
import care.neighbourhood.portal.people.PlanPage;
import care.neighbourhood.portal.people.Plans;
import care.neighbourhood.portal.security.CurrentUser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityDetailComponent;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

/**
 * The plan page's record: the person's active CarePlan with the Goals it names, in the plan's own
 * order (two searches and a read), the organisations of the neighbourhood, and who may have agreed a goal (the person and
 * their carers). Changes go through {@link FhirPlanChanges}.
 */
@Service
class FhirPlans implements Plans {

    /** The states an activity may be put in, with their words. */
    static final Map<String, String> ACTIVITY_STATUSES = statuses();

    private final FhirSearches searches;
    private final NeighbourhoodOrganisations neighbourhood;
    private final FhirPlanChanges changes;

    FhirPlans(FhirSearches searches, NeighbourhoodOrganisations neighbourhood, FhirPlanChanges changes) {
        this.searches = searches;
        this.neighbourhood = neighbourhood;
        this.changes = changes;
    }

    @Override
    public PlanPage planOf(CurrentUser user, String personId) {
        Patient person =
                searches.read("reading the person", Patient.class, personId).resource();
        String personName = PatientFacts.preferredName(person.getName())
                .map(PatientFacts::asSaid)
                .orElse("This person");
        List<Resource> found = searches.all(
                "reading the person's Individual Plan",
                c -> c.search()
                        .forResource(CarePlan.class)
                        .where(CarePlan.SUBJECT.hasId("Patient/" + personId))
                        .where(CarePlan.STATUS.exactly().code("active"))
                        .include(CarePlan.INCLUDE_GOAL)
                        .returnBundle(Bundle.class));
        ResourceIndex index = new ResourceIndex(found);
        CarePlan plan = index.all(CarePlan.class).stream().findFirst().orElse(null);
        List<Choice> agreedBy = new ArrayList<>();
        agreedBy.add(new Choice("Patient/" + personId, personName));
        searches
                .all(
                        "reading the person's carers",
                        c -> c.search()
                                .forResource(RelatedPerson.class)
                                .where(RelatedPerson.PATIENT.hasId("Patient/" + personId))
                                .returnBundle(Bundle.class))
                .stream()
                .filter(RelatedPerson.class::isInstance)
                .map(RelatedPerson.class::cast)
                .forEach(carer -> PatientFacts.preferredName(carer.getName())
                        .map(PatientFacts::asSaid)
                        .ifPresent(
                                name -> agreedBy.add(new Choice(ResourceIndex.referenceTo(carer), name + " (carer)"))));
        agreedBy.add(new Choice(FhirPlanChanges.THE_TEAM, "The care team"));
        Map<String, String> agreedNames = new LinkedHashMap<>();
        agreedBy.forEach(choice -> agreedNames.put(choice.value(), choice.label()));
        List<Choice> organisations = neighbourhood.all().stream()
                .map(o -> new Choice("Organization/" + o.code(), o.name()))
                .toList();
        Map<String, String> organisationNames = new LinkedHashMap<>();
        organisations.forEach(o -> organisationNames.put(o.value(), o.label()));
        return new PlanPage(
                personId,
                personName,
                plan == null ? null : plan.getIdElement().getIdPart(),
                plan == null ? null : plan.getIdElement().getVersionIdPart(),
                plan == null ? null : (plan.hasTitle() ? plan.getTitle() : "Individual Plan"),
                plan == null ? List.of() : goals(plan, index, agreedNames),
                plan == null
                        ? List.of()
                        : activities(plan, index, new ReferenceNames(index, codesOf(organisationNames))),
                organisations,
                agreedBy,
                ACTIVITY_STATUSES.entrySet().stream()
                        .map(s -> new Choice(s.getKey(), s.getValue()))
                        .toList());
    }

    @Override
    public String addGoal(CurrentUser user, String personId, NewGoal goal) {
        return changes.addGoal(user, personId, goal);
    }

    @Override
    public String changeGoal(CurrentUser user, String personId, GoalChange change) {
        return changes.changeGoal(user, personId, change);
    }

    @Override
    public String closeGoal(CurrentUser user, String personId, GoalClosure closure) {
        return changes.closeGoal(user, personId, closure);
    }

    @Override
    public String addActivity(CurrentUser user, String personId, NewActivity activity) {
        return changes.addActivity(user, personId, activity);
    }

    @Override
    public String changeActivity(CurrentUser user, String personId, ActivityChange change) {
        return changes.changeActivity(user, personId, change);
    }

    @Override
    public String commentOnActivity(CurrentUser user, String personId, ActivityComment comment) {
        return changes.commentOnActivity(user, personId, comment);
    }

    @Override
    public String moveGoalUp(CurrentUser user, String personId, Move move) {
        return changes.moveGoalUp(user, personId, move);
    }

    @Override
    public String moveActivityUp(CurrentUser user, String personId, Move move) {
        return changes.moveActivityUp(user, personId, move);
    }

    @Override
    public String assignActivity(CurrentUser user, String personId, ActivityAssignment assignment) {
        return changes.assignActivity(user, personId, assignment);
    }

    private static List<PlanPage.Goal> goals(CarePlan plan, ResourceIndex index, Map<String, String> agreedNames) {
        List<PlanPage.Goal> goals = new ArrayList<>();
        for (Reference reference : plan.getGoal()) {
            index.find(ResourceIndex.referenceOf(reference), Goal.class)
                    .filter(goal -> goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.ACTIVE
                            || goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.PROPOSED
                            || goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.ACCEPTED)
                    .ifPresent(goal -> {
                        String text = Words.concept(goal.getDescription());
                        String agreedBy = goal.hasExpressedBy()
                                ? agreedNames.getOrDefault(
                                        ResourceIndex.referenceOf(goal.getExpressedBy()),
                                        goal.getExpressedBy().getDisplay())
                                : null;
                        String agreed = agreedBy == null
                                ? null
                                : "Agreed with " + agreedBy
                                        + (goal.hasStartDateType()
                                                ? " on " + FhirDates.forDisplay(goal.getStartDateType())
                                                : "");
                        goals.add(new PlanPage.Goal(
                                goal.getIdElement().getIdPart(),
                                goal.getIdElement().getVersionIdPart(),
                                text == null ? "" : text,
                                IndividualPlans.isWhatMattersToMe(goal),
                                agreed));
                    });
        }
        return goals;
    }

    private static List<PlanPage.Activity> activities(CarePlan plan, ResourceIndex index, ReferenceNames names) {
        List<PlanPage.Activity> activities = new ArrayList<>();
        for (int i = 0; i < plan.getActivity().size(); i++) {
            if (!plan.getActivity().get(i).hasDetail()) {
                continue;
            }
            CarePlanActivityDetailComponent detail = plan.getActivity().get(i).getDetail();
            String what = Words.concept(detail.getCode());
            String description = detail.hasDescription() ? detail.getDescription() : null;
            if (what == null) {
                what = description == null ? "Activity" : description;
                description = null;
            }
            String owner = detail.getPerformer().stream()
                    .map(names::nameOf)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            LocalDate due = detail.hasScheduledPeriod()
                    ? FhirDates.lastDay(detail.getScheduledPeriod().getEndElement())
                    : null;
            List<String> goals = detail.getGoal().stream()
                    .map(reference -> index.find(ResourceIndex.referenceOf(reference), Goal.class)
                            .map(goal -> Words.concept(goal.getDescription()))
                            .orElse(null))
                    .filter(Objects::nonNull)
                    .toList();
            String status = detail.hasStatus() ? detail.getStatus().toCode() : null;
            activities.add(new PlanPage.Activity(
                    i,
                    what,
                    description,
                    owner,
                    status,
                    status == null ? null : ACTIVITY_STATUSES.getOrDefault(status, Words.code(status)),
                    due == null ? null : due.toString(),
                    due == null
                            ? null
                            : FhirDates.forDisplay(detail.getScheduledPeriod().getEndElement()),
                    goals,
                    plan.getActivity().get(i).getProgress().stream()
                            .map(FhirPlans::comment)
                            .toList()));
        }
        return activities;
    }

    /** A progress note in words: who, when, what they said. */
    private static String comment(org.hl7.fhir.r4.model.Annotation note) {
        String who = note.hasAuthorReference() && note.getAuthorReference().hasDisplay()
                ? note.getAuthorReference().getDisplay()
                : note.hasAuthorStringType() ? note.getAuthorStringType().getValue() : null;
        String when = note.hasTime() ? FhirDates.forDisplay(note.getTimeElement()) : null;
        String said = note.getText() == null ? "" : note.getText();
        String byWhom = who == null ? (when == null ? "" : when) : (when == null ? who : who + ", " + when);
        return byWhom.isEmpty() ? said : byWhom + ": " + said;
    }

    private static Map<String, String> codesOf(Map<String, String> organisationNames) {
        Map<String, String> byCode = new LinkedHashMap<>();
        organisationNames.forEach((reference, name) -> byCode.put(ResourceIndex.idPart(reference), name));
        return byCode;
    }

    private static Map<String, String> statuses() {
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put("not-started", "Not started");
        statuses.put("scheduled", "Scheduled");
        statuses.put("in-progress", "In progress");
        statuses.put("on-hold", "On hold");
        statuses.put("completed", "Done");
        statuses.put("stopped", "Stopped");
        statuses.put("cancelled", "Cancelled");
        return java.util.Collections.unmodifiableMap(statuses);
    }
}
