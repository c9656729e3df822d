package care.neighbourhood.portal.fhir;

import care.neighbourhood.portal.people.IndividualPlan;
import care.neighbourhood.portal.people.IndividualPlan.Activity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityDetailComponent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;

/**
 * The person's Individual Plans from their CarePlans and the Goals the plans name. Only goals the
 * server showed are used: a goal it withheld is not rebuilt from the plan's reference text.
 */
final class IndividualPlans {

    /** How the sample neighbourhood marks the person's own goals ({@code Goal.category}). */
    static final String WHAT_MATTERS_TO_ME = "what-matters-to-me";

    private static final String WHAT_MATTERS_PREFIX = "what matters to me:";

    private IndividualPlans() {}

    /** Active plans first, then drafts and on-hold ones; completed, revoked and mistaken ones are left out. */
    static List<IndividualPlan> plans(Collection<CarePlan> carePlans, ResourceIndex found, ReferenceNames names) {
        return carePlans.stream()
                .filter(plan -> plan.getStatus() != CarePlanStatus.ENTEREDINERROR
                        && plan.getStatus() != CarePlanStatus.REVOKED
                        && plan.getStatus() != CarePlanStatus.COMPLETED)
                .sorted((a, b) ->
                        Boolean.compare(b.getStatus() == CarePlanStatus.ACTIVE, a.getStatus() == CarePlanStatus.ACTIVE))
                .map(plan -> plan(plan, found, names))
                .toList();
    }

    private static IndividualPlan plan(CarePlan plan, ResourceIndex found, ReferenceNames names) {
        List<String> whatMatters = new ArrayList<>();
        List<String> goals = new ArrayList<>();
        for (Reference reference : plan.getGoal()) {
            found.find(ResourceIndex.referenceOf(reference), Goal.class).ifPresent(goal -> {
                String text = Words.concept(goal.getDescription());
                if (text == null || text.isBlank()) {
                    return;
                }
                if (isWhatMattersToMe(goal)) {
                    whatMatters.add(withoutPrefix(text));
                } else {
                    goals.add(text);
                }
            });
        }
        List<Activity> activities = plan.getActivity().stream()
                .filter(CarePlanActivityComponent::hasDetail)
                .map(activity -> activity(activity.getDetail(), names))
                .filter(Objects::nonNull)
                .toList();
        return new IndividualPlan(
                plan.hasTitle() ? plan.getTitle() : "Individual Plan",
                plan.hasStatus() ? Words.code(plan.getStatus().toCode()) : null,
                plan.hasDescription() ? plan.getDescription() : null,
                whatMatters,
                goals,
                activities);
    }

    private static Activity activity(CarePlanActivityDetailComponent detail, ReferenceNames names) {
        String what = Words.concept(detail.getCode());
        String description = detail.hasDescription() ? detail.getDescription() : null;
        if (what == null) {
            what = description;
            description = null;
        }
        if (what == null) {
            return null;
        }
        List<String> owners = detail.getPerformer().stream()
                .map(names::nameOf)
                .filter(Objects::nonNull)
                .toList();
        return new Activity(
                what,
                description,
                owners,
                detail.hasStatus() ? Words.code(detail.getStatus().toCode()) : null);
    }

    static boolean isWhatMattersToMe(Goal goal) {
        return goal.getCategory().stream()
                .anyMatch(category -> WHAT_MATTERS_TO_ME.equals(category.getText())
                        || category.getCoding().stream().map(Coding::getCode).anyMatch(WHAT_MATTERS_TO_ME::equals));
    }

    /** "What matters to me: staying in my own home" is shown as "staying in my own home", capitalised. */
    private static String withoutPrefix(String text) {
        if (!text.toLowerCase(Locale.UK).startsWith(WHAT_MATTERS_PREFIX)) {
            return text;
        }
        String rest = text.substring(WHAT_MATTERS_PREFIX.length()).strip();
        return rest.isEmpty() ? text : rest.substring(0, 1).toUpperCase(Locale.UK) + rest.substring(1);
    }
}
