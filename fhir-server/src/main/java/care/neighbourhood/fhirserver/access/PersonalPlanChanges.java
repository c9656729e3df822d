package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * The changes a person, or a carer they authorise, makes to the Individual Plan the team keeps with
 * them: adding the person's own "what matters to me" goals to it, with notes they write themselves,
 * and comments on its activities (progress notes put down as theirs). Everything else in the plan
 * stays as it was; the team changes the rest.
 */
@Component
class PersonalPlanChanges {

    private final DaoRegistry daos;

    PersonalPlanChanges(DaoRegistry daos) {
        this.daos = daos;
    }

    /** Why the caller may not change the plan from {@code previous} to {@code proposed}; null if they may. */
    String refusalToChange(AccessContext context, String person, CarePlan previous, CarePlan proposed) {
        if (previous == null) {
            return "a person and their carers add their goals to the plan the team keeps; they do not make plans";
        }
        String self = context.caller().self();
        CarePlan rest = proposed.copy();
        Set<String> before = new HashSet<>();
        previous.getGoal().forEach(goal -> before.add(goal.getReference()));
        List<Reference> added = new ArrayList<>();
        rest.getGoal().removeIf(goal -> !before.contains(goal.getReference()) && added.add(goal));
        List<Annotation> notes = rest.getNote();
        int kept = previous.getNote().size();
        if (notes.size() < kept) {
            return "notes on the plan are not removed";
        }
        for (Annotation note : notes.subList(kept, notes.size())) {
            if (!self.equals(note.getAuthorReference().getReference())) {
                return "a note a person or carer adds to the plan is put down as theirs (" + self + ")";
            }
        }
        notes.subList(kept, notes.size()).clear();
        String comments = withoutTheirComments(self, previous, rest);
        if (comments != null) {
            return comments;
        }
        CarePlan was = previous.copy();
        rest.setMeta(null);
        was.setMeta(null);
        rest.setText(null);
        was.setText(null);
        if (!rest.equalsDeep(was)) {
            return "a person and their carers add what matters to the person to the plan; the team changes the rest";
        }
        for (Reference goal : added) {
            if (!isWhatMattersOf(person, goal)) {
                return "only the person's own \"what matters to me\" goals are added to the plan by them";
            }
        }
        return null;
    }

    /**
     * Takes out of {@code proposed} the comments the caller added at the end of each activity's
     * progress notes; why not, when one is put down as someone else's or an earlier one is gone.
     */
    private static String withoutTheirComments(String self, CarePlan previous, CarePlan proposed) {
        if (previous.getActivity().size() != proposed.getActivity().size()) {
            return "a person and their carers comment on the plan's activities; the team adds and removes them";
        }
        for (int i = 0; i < proposed.getActivity().size(); i++) {
            List<Annotation> progress = proposed.getActivity().get(i).getProgress();
            int kept = previous.getActivity().get(i).getProgress().size();
            if (progress.size() < kept) {
                return "comments on the plan's activities are not removed";
            }
            for (Annotation comment : progress.subList(kept, progress.size())) {
                if (!self.equals(comment.getAuthorReference().getReference())) {
                    return "a comment a person or carer adds to an activity is put down as theirs (" + self + ")";
                }
            }
            progress.subList(kept, progress.size()).clear();
        }
        return null;
    }

    private boolean isWhatMattersOf(String person, Reference reference) {
        IdType id = new IdType(Objects.requireNonNullElse(reference.getReference(), ""));
        if (!"Goal".equals(id.getResourceType()) || !id.hasIdPart()) {
            return false;
        }
        try {
            Goal goal =
                    (Goal) daos.getResourceDao("Goal").read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
            return PersonalWrites.isWhatMatters(goal)
                    && person.equals(goal.getSubject().getReferenceElement().getIdPart());
        } catch (RuntimeException notThere) {
            return false;
        }
    }
}
